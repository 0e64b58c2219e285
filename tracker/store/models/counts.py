"""The column type of every count (tracker/store/types.py, where the Core tables find it)."""

from tracker.store.types import COUNT

__all__ = ["COUNT"]
