"""Registration messages: `/dangky PHONE` and Telegram's `/start` (CONTRACTS §4).

`đăng ký` and `dk` are also everyday words ("đăng ký VNeID cho 5 hộ"), so without a
slash they are a registration only when what follows is a phone number and nothing
else; with a slash (`/dangky`, `/dk`) the message is one whatever follows, so that a
mistyped number gets an answer that says how to write it.
"""

from __future__ import annotations

from tracker.phones import normalise_phone
from tracker.reports.language.model import Chatter, Registration

# In folded text, joined into keywords.py's one expression; `/dangky@BotName` too.
KINDS = frozenset({"register_command", "register_bare"})
KEYWORDS = (
    r"|(?P<register_command>/(?:dang\s*ky|dk|start)(?:@\w+)?(?!\w))"
    r"|(?P<register_bare>(?:dang\s*ky|dk)(?!\w))"
)
_TRAILING = ".,;:!?…)]}\"' \t"


def read_registration(kind: str, keyword: str, rest: str) -> Registration | Chatter:
    """`rest` is what follows the keyword on the message, as written."""
    command = kind == "register_command"
    if command and keyword.startswith("/start"):
        return Registration(None, "", start=True)
    written = rest.strip().lstrip(":-\u2013\u2014 ").strip().rstrip(_TRAILING)
    phone = normalise_phone(written) if written and "\n" not in written else None
    if phone is None and not command:
        return Chatter()  # "đăng ký tham gia tập huấn": a word, not the command
    return Registration(phone, written)
