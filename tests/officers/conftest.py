"""A province with officer accounts, and a way to run `tracker` as any operating-system user.

The OS user is read in one place, `tracker.officers.identity.os_user`; `as_user` replaces
it, as if the officer had logged in over SSH with that login.

    tinh   admin  at HD (the province)
    so     viewer at HD (the department)
    xa_nh  editor at NH (commune Ngũ Hùng)
    xa_dt  editor at DT (commune Đoàn Tùng, the neighbour)
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from click.testing import Result

from tests.conftest import Tracker
from tests.factories import build_world

ACCOUNTS = [
    ("tinh", "Trần Thị Hoa", "HD", "admin"),
    ("so", "Phạm Văn Sở", "HD", "viewer"),
    ("xa_nh", "Lê Văn Nam", "NH", "editor"),
    ("xa_dt", "Đỗ Thị Tùng", "DT", "editor"),
]


class AsUser:
    def __init__(self, tracker: Tracker, monkeypatch: pytest.MonkeyPatch) -> None:
        self.tracker = tracker
        self.monkeypatch = monkeypatch

    def __call__(self, login: str | None, *args: str, input: str | None = None) -> Result:
        from tracker.officers import identity

        self.monkeypatch.setattr(identity, "os_user", lambda: login)
        return self.tracker(*args, input=input)

    def ok(self, login: str | None, *args: str, input: str | None = None) -> Result:
        result = self(login, *args, input=input)
        assert result.exit_code == 0, f"{login} {args}: {result.output}{result.exception!r}"
        return result


@pytest.fixture
def as_user(sqlite_tracker: Tracker, monkeypatch: pytest.MonkeyPatch) -> AsUser:
    return AsUser(sqlite_tracker, monkeypatch)


@pytest.fixture
def province(sqlite_tracker: Tracker, as_user: AsUser) -> Callable[..., Result]:
    """The test world with the four accounts above (the first made by whoever runs it)."""
    with sqlite_tracker.sessions().begin() as session:
        build_world(session)
    for login, name, scope, role in ACCOUNTS:
        as_user.ok(
            "tinh", "officer", "add", login, "--name", name, "--scope", scope, "--role", role
        )
    return as_user
