"""The browser's officer, handed to the terminal UI it starts, in a form no one else can
forge.

`tracker web` signs in an officer, then starts `tracker tui` for them with
TRACKER_WEB_OFFICER set to `login:expiry:signature`. The signature is an HMAC under a key
kept in the web server's own data folder, readable by its system user alone: an officer
logged in over SSH as themselves can set the variable, but cannot sign another login.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

from tracker.clock import utcnow

VARIABLE = "TRACKER_WEB_OFFICER"
LIFETIME = 60  # seconds between the server signing and the terminal UI checking


def key_file() -> Path:
    import platformdirs

    from tracker.config import APP_NAME

    return Path(platformdirs.user_data_dir(APP_NAME)) / "web-officer.key"


def _key(create: bool) -> bytes | None:
    path = key_file()
    if not path.exists():
        if not create:
            return None
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as handle:
            handle.write(secrets.token_hex(32))
    try:
        return bytes.fromhex(path.read_text().strip())
    except (OSError, ValueError):
        return None


def _signature(key: bytes, login: str, expiry: int) -> str:
    return hmac.new(key, f"{login}:{expiry}".encode(), hashlib.sha256).hexdigest()


def sign(login: str) -> str:
    key = _key(create=True)
    assert key is not None
    expiry = int(utcnow().timestamp()) + LIFETIME
    return f"{login}:{expiry}:{_signature(key, login, expiry)}"


def verify(token: str) -> str | None:
    """The login the token was signed for, or None if it is not the server's or expired."""
    parts = token.split(":")
    if len(parts) != 3 or not parts[1].isdigit():
        return None
    login, expiry_text, signature = parts
    key = _key(create=False)
    if key is None:
        return None
    expiry = int(expiry_text)
    if not hmac.compare_digest(signature, _signature(key, login, expiry)):
        return None
    if utcnow().timestamp() > expiry:
        return None
    return login
