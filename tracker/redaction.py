"""Masking secrets in text that may be shown: URLs with a password, bot tokens, `key=value`.

This is the second line of defence, for text nobody planned to show: an exception's
message, a log line from a library, a store URL typed with a mistake. Known secrets
(the configured tokens) are also replaced by value where they are known (`sync.logs`).

A URL that a parser refuses is exactly the one a user mistyped, so nothing here relies
on parsing it: the password is whatever lies between the first `:` of the user part and
the *last* `@` before the host, which also covers passwords holding `@`, `:` or `/`.
"""

from __future__ import annotations

import re

MASK = "***"

# A scheme followed by at least one slash: `postgresql+psycopg://`, or with the colon
# forgotten (`postgresql+psycopg//`), or one slash short (`postgres:/`).
_HEAD = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*(?::/{1,2}|//)")

# What ends a URL in free text: spaces and quotes. Text is split on them (not searched
# with a pattern around `@`, which takes quadratic time on a long line without spaces).
_DELIMITERS = re.compile(r"([\s'\"<>`]+)")

# Telegram and Zalo Bot tokens: `<bot id>:<secret>`, in `/bot<token>/` paths or bare.
# The bot id is public (it is the bot's user id); the part after the colon is the secret.
_BOT_TOKEN = re.compile(r"(?<![A-Za-z0-9])((?:bot)?\d{5,}):[A-Za-z0-9_\-]{20,}")

# `password=…`, `access_token: …`, `"secret_key": "…"` in query strings, headers, JSON.
_KEY_VALUE = re.compile(
    r"(?i)\b((?:[a-z]+_)?(?:password|passwd|pwd|token|secret|secret_key|api_key))"
    r"([\"']?\s*[=:]\s*[\"']?)"
    r"([^\s&'\",;}]+)"
)


def mask_url(url: str) -> str:
    """`url` with the password (and secret query values) replaced by `***`.

    Works on URLs that do not parse: `postgresql+psycopg//u:pw@h/db`,
    `postgres://u:p@ss:word@h/db`.
    """
    head = _HEAD.match(url)
    start = head.end() if head else 0
    rest = url[start:]
    at = rest.rfind("@")
    if at > 0:
        userinfo = rest[:at]
        colon = userinfo.find(":")
        if colon >= 0:
            rest = f"{userinfo[: colon + 1]}{MASK}{rest[at:]}"
    return _mask_key_values(url[:start] + rest)


def mask_secrets(text: str) -> str:
    """Free text (a message, a log line, a traceback) with every secret it seems to hold
    masked: passwords in URLs, bot tokens, and `password=`/`token=`-style values."""
    if "@" in text:
        text = "".join(mask_url(p) if "@" in p else p for p in _DELIMITERS.split(text))
    text = _BOT_TOKEN.sub(lambda found: f"{found.group(1)}:{MASK}", text)
    return _mask_key_values(text)


def _mask_key_values(text: str) -> str:
    return _KEY_VALUE.sub(
        lambda found: (
            found.group(0) if found.group(3) == MASK else f"{found.group(1)}{found.group(2)}{MASK}"
        ),
        text,
    )
