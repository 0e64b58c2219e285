"""The demo province: real place names, generated teams and 60 days of chat activity."""

from tracker.demo.load import DemoError, DemoResult, demo_marker, load_demo

__all__ = ["DemoError", "DemoResult", "demo_marker", "load_demo"]
