"""Who runs this process: the operating-system login, read in this one place.

Officers reach the province server over SSH with their own login, so the login is who
acts. Tests run commands "as" another officer by replacing `os_user` (monkeypatch); there
is deliberately no environment variable for it, since any user could set one and act as
an admin. The browser (`tracker web`) runs the terminal UI as its signed-in officer
through a signed token instead (`tracker.officers.web_token`).
"""

from __future__ import annotations

import getpass


def os_user() -> str | None:
    """The login name, or None when the system cannot tell (a container user with no
    passwd entry)."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return None
