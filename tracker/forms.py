"""What an officer typed in a form, checked field by field before anything is written.

A form follows the rules an import file follows, and says so in the same words (the
importers' catalogue), naming the field instead of a row: `level: huyện không thể trực
thuộc xã DT`. Every problem is gathered, so that the officer fixes them in one go.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tracker.errors import UserError
from tracker.imports.messages import MESSAGES


class FormRefused(UserError):
    """A form's answers refused by the rules; one line, `field: reason; ...`. A form
    shows each reason under its own field (`form_problems()`)."""

    def __init__(self, problems: list[tuple[str | None, str]]) -> None:
        self.fields = problems
        super().__init__(
            "; ".join(text if name is None else f"{name}: {text}" for name, text in problems)
        )

    def form_problems(self, language: str) -> list[tuple[str | None, str]]:
        return list(self.fields)  # already in the form's language


@dataclass
class FormCheck:
    language: str
    problems: list[tuple[str | None, str]] = field(default_factory=list)

    def problem(self, name: str | None, key: str, **values: object) -> None:
        """Note that the field `name` (None: the form as a whole) breaks the rule `key`."""
        self.problems.append((name, MESSAGES(self.language, key, **values)))

    def required(self, name: str, text: str) -> str:
        """The field's text without extra spaces, noting a problem when it is empty."""
        text = " ".join(text.split())
        if not text:
            self.problem(name, "import.required")
        return text

    def at_most(self, name: str, text: str, limit: int) -> None:
        if len(text) > limit:
            self.problem(name, "import.too_long", limit=limit)

    def level_name(self, level: str) -> str:
        return MESSAGES(self.language, f"level.{level}")

    def check(self) -> None:
        """Stop here, before anything more is written, when a rule was broken."""
        if self.problems:
            raise FormRefused(self.problems)
