"""Who runs this process: the operating-system login, read in this one place.

Officers reach the province server over SSH with their own login, so the login is who
acts. Tests run commands "as" another officer by replacing `os_user` (monkeypatch); there
is deliberately no environment variable for it, since any user could set one and act as
an admin. That is also why the login is read from the system's user database for the
process's effective user id, not with `getpass.getuser()`, which believes LOGNAME and
USER first (`USER=tinh tracker ...` would act as the admin). The browser (`tracker web`)
runs the terminal UI as its signed-in officer through a signed token instead
(`tracker.officers.web_token`).
"""

from __future__ import annotations

import os


def os_user() -> str | None:
    """The login name, or None when the system cannot tell (a container user with no
    passwd entry, or a system without one)."""
    try:
        import pwd
    except ImportError:  # Windows: no user database to ask; a commune PC's open store
        return None
    try:
        return pwd.getpwuid(os.geteuid()).pw_name
    except KeyError:
        return None
