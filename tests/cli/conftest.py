from __future__ import annotations

import pytest

from tests.conftest import Tracker
from tests.standing_data import populate


@pytest.fixture
def world(tracker: Tracker) -> Tracker:
    """The populated world of tests/standing_data.py, on each backend."""
    with tracker.sessions()() as session:
        populate(session)
        session.commit()
    return tracker
