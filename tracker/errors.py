"""Errors a user can fix. The CLI shows their message on one line, with no traceback."""

from __future__ import annotations

from tracker.refusals import refusal_text


class UserError(Exception):
    """Bad input or set-up: the message names the file, row, field or setting at fault."""

    def text(self, language: str) -> str:
        """The message in `language`; a plain UserError has only the one it was raised with."""
        return str(self)


class Refusal(UserError):
    """A rule that refused an officer's change, kept as a key of `tracker.refusals` and its
    values so that it reads in the officer's language; str() is the English text."""

    def __init__(self, key: str, **values: object) -> None:
        self.key = key
        self.values = values
        super().__init__(self.text("en"))

    def text(self, language: str) -> str:
        return refusal_text(language, self.key, self.values)
