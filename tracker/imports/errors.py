"""Problems found in an import file, gathered so that the user sees many at once.

An import either writes every row or nothing: importers collect every problem they can
find before writing, and a non-empty collection becomes one `ImportFailed`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tracker.errors import UserError
from tracker.imports.messages import MESSAGES

# Enough to fix a batch of mistakes in one go, few enough to read on one screen.
SHOWN = 10


@dataclass(frozen=True, slots=True)
class RowProblem:
    row: int  # as a spreadsheet shows it: the header is row 1
    column: str | None  # the header as the file spells it
    key: str  # i18n key of the reason
    values: tuple[tuple[str, object], ...] = ()

    def reason(self, language: str) -> str:
        """The reason with its column but no file or row: for a form, which has neither."""
        text = MESSAGES(language, self.key, **dict(self.values))
        return text if self.column is None else f"{self.column}: {text}"

    def render(self, file: str, language: str) -> str:
        reason = MESSAGES(language, self.key, **dict(self.values))
        where = f"{file}:{self.row}"
        if self.column is None:
            return f"{where}: {reason}"
        return MESSAGES(
            language, "import.at_column", where=where, column=self.column, reason=reason
        )


@dataclass
class Problems:
    """The problems of one file, in the order they were found."""

    items: list[RowProblem] = field(default_factory=list)

    def add(self, row: int, column: str | None, key: str, **values: object) -> None:
        self.items.append(RowProblem(row, column, key, tuple(values.items())))

    def __bool__(self) -> bool:
        return bool(self.items)

    def __len__(self) -> int:
        return len(self.items)


class ImportFailed(UserError):
    """The file was refused and nothing was written; `str()` gives the lines to show."""

    def __init__(self, text: str, problems: list[RowProblem] | None = None) -> None:
        super().__init__(text)
        self.problems = problems or []

    @classmethod
    def listing(cls, file: str, problems: list[RowProblem], language: str) -> ImportFailed:
        """The first problems, by row, under a line that says nothing was written."""
        ordered = sorted(problems, key=lambda problem: problem.row)
        lines = [MESSAGES(language, "import.failed", file=file, count=len(ordered))]
        lines += [problem.render(file, language) for problem in ordered[:SHOWN]]
        if len(ordered) > SHOWN:
            lines.append(MESSAGES(language, "import.more", count=len(ordered) - SHOWN))
        return cls("\n".join(lines), ordered)
