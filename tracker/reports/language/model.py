"""What `parse` returns: the kinds of message, their items, and why an item needs review."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TypeAlias


class ReviewReason(StrEnum):
    """Why an item of a report was not taken: it goes to the officers' review inbox."""

    UNKNOWN_INDICATOR = "unknown_indicator"  # a number, but no known indicator
    TWO_INDICATORS = "two_indicators"  # more than one indicator (or an ambiguous alias)
    NO_NUMBER = "no_number"  # an indicator, but no number
    TWO_NUMBERS = "two_numbers"  # an indicator and more than one number
    NOT_A_COUNT = "not_a_count"  # a decimal, a percentage, a share like 12/15
    NEGATIVE = "negative"  # -5
    EMPTY = "empty"  # a report keyword with nothing understood after it


@dataclass(frozen=True, slots=True)
class Item:
    """One understood item: `value` for `indicator`.

    `total` is True when the item states the period's total so far (``=45``,
    ``tổng 45``) rather than new work (``12``, ``+12``).
    """

    indicator: str
    value: int
    total: bool
    text: str


@dataclass(frozen=True, slots=True)
class ReviewItem:
    """An item that was not understood well enough to count, with best guesses."""

    text: str
    reason: ReviewReason
    indicator: str | None
    value: int | None


@dataclass(frozen=True, slots=True)
class ProgressReport:
    items: tuple[Item, ...]
    review: tuple[ReviewItem, ...]


@dataclass(frozen=True, slots=True)
class MonthlyReport:
    """A monthly report. `month`/`year` are None when the message does not name them."""

    month: int | None
    year: int | None
    items: tuple[Item, ...]
    review: tuple[ReviewItem, ...]
    difficulties: str
    proposals: str
    good_practices: str


@dataclass(frozen=True, slots=True)
class TaskDone:
    """``/xong CODE note``. `code` is as written (trailing punctuation removed), or ""."""

    code: str
    note: str


@dataclass(frozen=True, slots=True)
class Registration:
    """``/dangky PHONE``: the sender says which roster member they are.

    `phone` is the number's stored form (`tracker.phones`), None when what was written
    (`written`) is not a phone; `start` is Telegram's ``/start``, which asks for one.
    """

    phone: str | None
    written: str
    start: bool = False


@dataclass(frozen=True, slots=True)
class DigestChoice:
    """``/tatbantin`` (on=False) or ``/batbantin`` (on=True): the sender's own daily
    standing by private message, stopped or started again."""

    on: bool


@dataclass(frozen=True, slots=True)
class Chatter:
    """Not a report: ordinary chat."""


Parsed: TypeAlias = (
    ProgressReport | MonthlyReport | TaskDone | Registration | DigestChoice | Chatter
)
