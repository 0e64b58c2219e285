"""Errors a user can fix. The CLI shows their message on one line, with no traceback.

A form shows each under the field it concerns (`form_problems()`): a refusal knows its field
from its key (`REFUSAL_FIELDS`), or from the service that raised it (`form_field=`).
"""

from __future__ import annotations

from tracker.refusals import form_refusal_text, refusal_text

# The form field a refusal concerns, by its key; a key not here concerns the form as a
# whole (a unit with children, a cap reached). The names are the forms' field names:
# `code`, `name`, `parent`, `units`, `role`, `phone`, `account-<channel>`...
REFUSAL_FIELDS = {
    "unit.code_taken": "code",
    "team.code_taken": "code",
    "unit.needs_code": "code",
    "team.needs_code": "code",
    "code.too_long": "code",
    "task.exists": "code",
    "task.no_assignee": "to",
    "task.no_team_under": "to",
    "code.unknown_team_or_unit": "to",
    "member.needs_name": "name",
    "member.same_name": "name",
    "member.bad_role": "role",
    "member.second_leader": "role",
    "member.bad_phone": "phone",
    "indicator.unknown": "indicator",
    "indicator.ambiguous": "indicator",
    "team.unknown": "team",
    "period.bad": "period",
    "review.stated_total": "value",
    "review.too_large": "value",
    "chat.unknown": "chat_id",
    "chat.not_bound": "chat_id",
}
# Refusals whose field is named by one of their values: a member's id on `channel`.
ACCOUNT_KEYS = ("member.bad_account", "member.account_taken")


class UserError(Exception):
    """Bad input or set-up: the message names the file, row, field or setting at fault.

    `field`, when known, is the form field at fault, so that a form shows the message
    under it and keeps everything typed."""

    field: str | None = None

    def text(self, language: str) -> str:
        """The message in `language`; a plain UserError has only the one it was raised with."""
        return str(self)

    def form_problems(self, language: str) -> list[tuple[str | None, str]]:
        """(field or None, message) for each problem, in `language`."""
        return [(self.field, self.text(language))]


class FieldError(UserError):
    """A plain message about one field of a form, e.g. a date that is not one."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


class Refusal(UserError):
    """A rule that refused an officer's change, kept as a key of `tracker.refusals` and its
    values so that it reads in the officer's language; str() is the English text."""

    def __init__(self, key: str, *, form_field: str | None = None, **values: object) -> None:
        self.key = key
        self.values = values
        self.field = form_field or _field_of(key, values)
        super().__init__(self.text("en"))

    def text(self, language: str) -> str:
        return refusal_text(language, self.key, self.values)

    def form_text(self, language: str) -> str:
        """The text a form shows: its own wording where the CLI's names a flag
        (`--value`), which a form does not have; its field says where to look."""
        return form_refusal_text(language, self.key, self.values)

    def form_problems(self, language: str) -> list[tuple[str | None, str]]:
        return [(self.field, self.form_text(language))]


def _field_of(key: str, values: dict[str, object]) -> str | None:
    if key in ACCOUNT_KEYS and "channel" in values:
        return f"account-{values['channel']}"
    if key == "review.missing":  # the field missing: team, indicator or value
        return str(values.get("field"))
    return REFUSAL_FIELDS.get(key)
