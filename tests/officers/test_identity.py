"""The login is the system's, not what the environment says: LOGNAME and USER are set by
the user, so believing them would let anyone act as the admin."""

from __future__ import annotations

import os
import pwd

import pytest

from tracker.officers.identity import os_user


def test_the_environment_cannot_name_another_login(monkeypatch: pytest.MonkeyPatch) -> None:
    real = pwd.getpwuid(os.geteuid()).pw_name
    for variable in ("LOGNAME", "USER", "LNAME", "USERNAME"):
        monkeypatch.setenv(variable, "tinh-not-" + real)
    assert os_user() == real
