"""The errors of the officer rules: a bad account change, and a refused attempt."""

from __future__ import annotations

from typing import Any

from tracker.errors import UserError
from tracker.officers.messages import MESSAGES


class AccountError(UserError):
    """An account change that cannot be made as asked (unknown login, bad role...)."""

    def __init__(self, key: str, **values: object) -> None:
        self.key = key
        self.values = values
        super().__init__(self.text("en"))

    def text(self, language: str) -> str:
        return MESSAGES(language, self.key, **self.values)


class NotAllowed(UserError):
    """An officer tried what their role or scope does not allow. One line naming what was
    refused and why; `entry` is the refused attempt to audit once the caller's own
    transaction has rolled back (`tracker.officers.refusals.record_refusal`)."""

    def __init__(self, what: str, why: str, entry: dict[str, Any], **values: object) -> None:
        self.what = what
        self.why = why
        self.values = values
        self.entry = entry
        self.recorded = False
        super().__init__(self.text("en"))

    def text(self, language: str) -> str:
        values = dict(self.values)
        if "role" in values:
            values["role"] = MESSAGES(language, f"role.{values['role']}")
        if "task" in values:
            values["task"] = MESSAGES(language, f"task.{values['task']}")
        why = MESSAGES(language, self.why, **values)
        return MESSAGES(language, "refused", what=self.what, why=why)
