"""Reusable widgets of the terminal UI, each with its own short DEFAULT_CSS."""
