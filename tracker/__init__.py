"""Tracker for Vietnam's community digital-technology teams (Tổ công nghệ số cộng đồng)."""
