"""Checking a store URL before SQLAlchemy sees it, so that a mistyped one is refused in one
line that names it (password masked) and says what is wrong, never with a traceback."""

from __future__ import annotations

import re

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError

from tracker.i18n import Catalogue
from tracker.redaction import mask_url
from tracker.store.engine import StoreError

EXAMPLES = "sqlite:///tracker.db, postgresql+psycopg://tracker@127.0.0.1/tracker"

TEXT = Catalogue(
    vi={
        "unreadable": "'{url}' không phải địa chỉ cơ sở dữ liệu; viết như {examples}",
        "no_colon": "'{url}' thiếu dấu ':' sau '{scheme}': viết {scheme}://…",
        "backend": "'{url}': kho dữ liệu chỉ có thể là SQLite hoặc PostgreSQL, không phải "
        "'{backend}'; viết như {examples}",
        "driver": "'{url}': {backend} không có trình điều khiển '{driver}'; bỏ phần "
        "'+{driver}' hoặc viết {backend}+{expected}",
        "at_in_password": "'{url}': mật khẩu có ký tự '@'; trong địa chỉ hãy viết '@' là %40 "
        "(':' là %3A, '/' là %2F)",
        "port": "'{url}': cổng '{port}' không phải số",
        "port_range": "'{url}': cổng {port} phải nằm trong khoảng 1–65535",
    },
    en={
        "unreadable": "'{url}' is not a database URL; write it like {examples}",
        "no_colon": "'{url}' lacks the ':' after '{scheme}': write {scheme}://…",
        "backend": "'{url}': the store can only be SQLite or PostgreSQL, not '{backend}'; "
        "write it like {examples}",
        "driver": "'{url}': {backend} has no driver '{driver}'; leave out '+{driver}' or "
        "write {backend}+{expected}",
        "at_in_password": "'{url}': the password holds an '@'; in a URL write '@' as %40 "
        "(':' as %3A, '/' as %2F)",
        "port": "'{url}': the port '{port}' is not a number",
        "port_range": "'{url}': the port {port} is not within 1–65535",
    },
)

# The driver each backend is used through, whatever driver a URL names.
DRIVERS = {"sqlite": "pysqlite", "postgresql": "psycopg"}
# Spellings libpq and other tools accept for PostgreSQL.
ALIASES = {"postgres": "postgresql"}

_SCHEME_WITHOUT_COLON = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*)//")


class BadStoreUrl(StoreError):
    """A store URL that cannot be used; the text names it with its password masked."""

    def __init__(self, key: str, url: str, **values: object) -> None:
        self.key = key
        self.values = {"url": mask_url(url), "examples": EXAMPLES, **values}
        super().__init__(self.text("en"))

    def text(self, language: str) -> str:
        return TEXT(language, self.key, **self.values)


def checked_url(url: str) -> str:
    """The URL SQLAlchemy should open: PostgreSQL through psycopg 3 whatever driver the URL
    names (if SQLAlchemy knows that driver at all). Raises BadStoreUrl."""
    parsed = _parse(url)
    backend = ALIASES.get(parsed.get_backend_name(), parsed.get_backend_name())
    if backend not in DRIVERS:
        raise BadStoreUrl("backend", url, backend=parsed.drivername)
    driver = parsed.drivername.partition("+")[2]
    try:
        parsed.set(drivername=f"{backend}+{driver}" if driver else backend).get_dialect()
    except NoSuchModuleError:
        raise BadStoreUrl(
            "driver", url, backend=backend, driver=driver, expected=DRIVERS[backend]
        ) from None
    if parsed.port is not None and not 0 < parsed.port < 65536:
        raise BadStoreUrl("port_range", url, port=parsed.port)
    if backend == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def _parse(url: str) -> URL:
    missing_colon = _SCHEME_WITHOUT_COLON.match(url)
    if missing_colon and "://" not in url:
        raise BadStoreUrl("no_colon", url, scheme=missing_colon.group(1))
    scheme, separator, rest = url.partition("://")
    # SQLAlchemy ends the password at the first '@', so the rest of it would be taken
    # for the host (and shown in the error about that host).
    userinfo = rest.partition("?")[0].rpartition("@")[0]
    if separator and not scheme.startswith("sqlite") and "@" in userinfo:
        raise BadStoreUrl("at_in_password", url)
    try:
        return make_url(url)
    except ArgumentError:
        raise BadStoreUrl("unreadable", url) from None
    except ValueError:  # SQLAlchemy reads the port with int()
        port = rest.rpartition("@")[2].partition("/")[0].rpartition(":")[2]
        raise BadStoreUrl("unreadable" if port.isdigit() else "port", url, port=port) from None
