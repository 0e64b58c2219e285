"""Leaderboards: a standing for a scope and period, commendations, and every export format."""

from tracker.leaderboard.build import build_leaderboard, commendable
from tracker.leaderboard.text import FORMATS, render_text

__all__ = ["FORMATS", "build_leaderboard", "commendable", "render_text"]
