"""The report language: what team members type in their chats (CONTRACTS §4).

`parse` turns one message into a `ProgressReport`, a `MonthlyReport`, a `TaskDone`, a
`Registration` or `Chatter`. It is pure (no I/O, no clock, no store) and never raises. Everything is
compared in folded form (`tracker.text.fold`): case, diacritics, `đ`/`d` and the Unicode
form (NFC or NFD) make no difference; what is kept as text is kept as written.

Keywords (at the start, after whitespace; each must end at a word boundary, so
``bcd 12`` is chat; slash commands may carry Telegram's ``@BotName``):

- task done: ``/xong CODE [note]``, ``#xong``, ``/done``, ``#done``, bare ``xong``;
- monthly: ``/bcthang``, ``#bcthang``, ``báo cáo tháng``, ``bc tháng``,
  ``báo cáo kết quả tháng`` (checked before progress);
- progress: ``/bc``, ``/baocao``, ``#bc``, ``#baocao``, bare ``bc`` or ``báo cáo``;
- registration: ``/dangky PHONE``, ``/dk``, and Telegram's ``/start``; bare ``đăng ký``,
  ``dang ky`` or ``dk`` only when a phone number, and nothing else, follows
  (registration.py).
- the sender's private standing: ``/tatbantin`` (``tắt bản tin``) stops it,
  ``/batbantin`` (``bật bản tin``) starts it again.

A report may name the sender's team right after its keyword (``/bc CNCD_NH ttdt 5``,
``/bc Hội Yên: ttdt 5``): see `team_named` (the names come from the store).

A bare keyword (no ``/`` or ``#``) on a one-line message ending in ``?`` is a question
about reports, so chat; so is a bare ``xong`` followed by a chat word (``xong rồi``,
``xong chưa``) or by a non-ASCII word (``xong tập huấn``), which cannot be a task code.

A report's body is items, separated by new lines, ``;`` and ``,`` (not a comma between
two digits, nor one inside parentheses); list markers (``- ``, ``+ ``, ``•``, ``1.``,
``a)``, ``II.``) are dropped. An item names one indicator (an alias, longest first, each
word used once) and one number, in either order, among other words:

- ``12``, ``+12``, ``1.200``, ``1,200``, ``12.000.000`` are counts of new work;
  ``=45``, or ``tổng``/``tổng số``/``lũy kế``/``cộng dồn`` before the number, state the
  period's total (not ``tổng hợp``, ``tổng kết``);
- ``1,5``, ``2.5``, ``12%``, ``12/15`` are not counts; ``-5`` is negative; ``5-7`` is two
  numbers; ``1 200`` is two numbers;
- dates (``5/11``, ``05/11/2026``, ``10/2026``), times (``8h30``, ``8h``, ``8:30``,
  ``8 giờ``), digits stuck to a word (``T10``, ``F0``) and numbers named by the word
  before them (``tháng 10``, ``tuần 3``, ``ngày 12``, ``quý 3``, ``đợt 2``, ``mức 4``,
  ``mức độ 4``, ``thôn 3``, ``xóm 2``, ``ấp 4``, ``tổ 5``, ``khu phố 2``,
  ``tổ dân phố 7``, ``năm 2026``) are not numbers at all.

An item with neither an indicator nor a number (a heading, a greeting) is skipped; a
report with nothing understood has one EMPTY review item. A monthly report's month is
the ``tháng 10``, ``10/2026``, ``T10/2026`` on its first line; its sections
(``Khó khăn:``, ``Đề xuất:``, ``Cách làm hay:`` and the usual variants) are free text
running to the next section header (``Kết quả:`` returns to items) or the end.
"""

from tracker.reports.language.keywords import parse
from tracker.reports.language.model import (
    Chatter,
    DigestChoice,
    Item,
    MonthlyReport,
    Parsed,
    ProgressReport,
    Registration,
    ReviewItem,
    ReviewReason,
    TaskDone,
)
from tracker.reports.language.vocabulary import Vocabulary

__all__ = [
    "Chatter",
    "DigestChoice",
    "Item",
    "MonthlyReport",
    "Parsed",
    "ProgressReport",
    "Registration",
    "ReviewItem",
    "ReviewReason",
    "TaskDone",
    "Vocabulary",
    "parse",
]
