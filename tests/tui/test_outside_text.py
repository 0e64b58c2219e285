"""Pilot: text that came from outside is shown as it is, on every screen.

Chat messages, names typed by officers or imported from offices' files, monthly report
sections and store errors may hold what Rich and Textual read as markup (`[/]`, `[bold]`,
`[link=…]`, `[@click=app.quit]`) or SQL with its `[SQL: …]` and `[parameters: …]`. Each
screen must show that text literally: no markup error (which ends the app), no tag
swallowed, no link or action made clickable.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from rich.console import Console
from sqlalchemy import select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import DataTable, Label, Static, Tree
from textual.widgets._data_table import default_cell_formatter

from tests.tui.conftest import settle
from tracker.store.models import (
    Chat,
    Indicator,
    Member,
    MonthlyReport,
    Quota,
    ReportEntry,
    ReviewItem,
    Task,
    TaskAssignment,
    Team,
    Unit,
)
from tui.app import TrackerApp
from tui.widgets.confirm import ConfirmDialog
from tui.widgets.dialogs import ErrorDialog
from tui.widgets.form import FormDialog

pytestmark = pytest.mark.anyio
SIZE = (120, 40)  # wide enough that the names are not cut short

MARKUP = "[/] [bold]Tổ[/bold] [link=https://evil.example]bấm[/link] [@click=app.quit]q[/] [red"
SQL = "x'); DROP TABLE teams; -- [SQL: SELECT 1] [parameters: ('HD',)]"
HOSTILE = f"{MARKUP} {SQL}"
TEAM = "A_HOSTILE"  # sorts first by code, so that it is the first row of the code-ordered grids


@pytest.fixture
def hostile(sessions: sessionmaker[Session]) -> sessionmaker[Session]:
    """The test world, with outside text in every place the screens show one."""
    with sessions.begin() as session:
        province = session.scalars(select(Unit).where(Unit.code == "HD")).one()
        province.name = f"Tỉnh {HOSTILE}"
        team = Team(code=TEAM, name=f"Tổ {HOSTILE}", level="province", units=[province])
        session.add(team)
        session.add(Member(team=team, name=f"Ông {HOSTILE}", role="leader", phone="0912345678"))
        session.add(Chat(channel="telegram", chat_id="-1009", title=f"Nhóm {HOSTILE}", team=team))
        dvc = session.scalars(select(Indicator).where(Indicator.code == "dvc")).one()
        session.add(
            Quota(
                team=team,
                indicator=dvc,
                period="2026-11",
                starts_on=date(2026, 11, 1),
                ends_on=date(2026, 11, 30),
                target_kind="count",
                target_value=Decimal(1),
                resolved_target=1,
            )
        )
        sent = datetime(2026, 11, 10, 3, 0, tzinfo=UTC)
        session.add(  # 4 of 1: ranked first
            ReportEntry(
                team=team,
                indicator=dvc,
                local_date=date(2026, 11, 10),
                value=4,
                sent_at=sent,
                officer="seed",
            )
        )
        session.add(
            MonthlyReport(
                team=team,
                month="2026-11",
                submitted_at=sent,
                difficulties=f"Khó: {HOSTILE}",
                proposals=f"Đề xuất: {HOSTILE}",
                good_practices=f"Hay: {HOSTILE}",
            )
        )
        task = Task(code="T1", title=f"Việc {HOSTILE}", due=date(2026, 11, 30))
        task.assignments = [TaskAssignment(team=team)]
        session.add(task)
        item = session.scalars(select(ReviewItem)).one()
        item.text = item.message.text = f"bc ttdt 7 {HOSTILE}"
        item.message.sender_name = f"Bà {HOSTILE}"
    return sessions


def shown(widget: Widget) -> str:
    """What a label or a static shows, as plain text (rendering raises on bad markup)."""
    return str(widget.render())


def cell_text(cell: object) -> str:
    """A table cell as the table shows it: strings are read as markup, renderables not."""
    console = Console(width=400, color_system=None)
    with console.capture() as capture:
        console.print(default_cell_formatter(cell), end="")
    return capture.get()


def table_texts(app: TrackerApp, table_id: str) -> list[str]:
    table = app.screen.query_one(f"#{table_id}", DataTable)
    rows = [table.get_row_at(row) for row in range(table.row_count)]
    return [cell_text(cell) for row in rows for cell in row]


def literal(texts: list[str], prefix: str) -> None:
    """One of `texts` holds the outside text whole, after `prefix`."""
    assert any(f"{prefix}{HOSTILE}" in text for text in texts), texts


def move_to(app: TrackerApp, table_id: str, key: str) -> None:
    table = app.screen.query_one(f"#{table_id}", DataTable)
    table.move_cursor(row=table.get_row_index(key))


async def go(app: TrackerApp, pilot: Pilot[None], *keys: str) -> None:
    await pilot.press(*keys)
    await settle(pilot)
    if isinstance(app.screen, ErrorDialog):
        pytest.fail(shown(app.screen.query_one("#message", Static)))


async def test_outside_text_is_shown_literally_on_every_screen(  # type: ignore[no-untyped-def]
    make_app, hostile: sessionmaker[Session]
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        # Dashboard: the scope in the header, the team in the ranking, the chart's caption.
        literal([shown(app.screen.query_one("#dash-header", Label))], "Tỉnh ")
        literal(table_texts(app, "ranking"), "Tổ ")
        await go(app, pilot, "enter")  # chart the first team: the hostile one
        literal([shown(app.screen.query_one("#chart-caption", Label))], "Tổ ")

        # Hierarchy: the tree, the teams and members of the province, the forms' titles.
        await go(app, pilot, "2")
        tree = app.screen.query_one(Tree)
        labels = [node.label for node in tree.root.children]
        assert all(not isinstance(label, str) for label in labels)
        literal([label.plain for label in labels], "Tỉnh ")
        literal(table_texts(app, "teams"), "Tổ ")
        literal(table_texts(app, "members"), "Ông ")
        literal([shown(app.screen.query_one("#members-title", Label))], "Nhóm ")
        await go(app, pilot, "e")  # edit the unit: its name in the title
        assert isinstance(app.screen, FormDialog)
        literal([shown(app.screen.query_one("#heading", Label))], "Tỉnh ")
        await go(app, pilot, "escape", "t")  # edit the team
        literal([shown(app.screen.query_one("#heading", Label))], "Tổ ")
        await go(app, pilot, "escape")

        # Quotas: the team's row and the line describing its cell.
        await go(app, pilot, "3")
        literal(table_texts(app, "quotas"), "Tổ ")
        literal([shown(app.screen.query_one("#quota-cell", Label))], "Tổ ")

        # Review: the sender and the message, in the table and in full below it.
        await go(app, pilot, "4")
        literal(table_texts(app, "review"), "Bà ")
        literal(table_texts(app, "review"), "bc ttdt 7 ")
        text = shown(app.screen.query_one("#review-text", Static))
        assert f"Bà {HOSTILE}" in text and f"bc ttdt 7 {HOSTILE}" in text

        # Tasks: the task's title above the grid, the team in the grid and below it.
        await go(app, pilot, "5")
        matrix = app.screen.query_one("#matrix", DataTable)
        matrix.move_cursor(row=matrix.get_row_index(TEAM), column=matrix.get_column_index("T1"))
        await settle(pilot)
        literal(table_texts(app, "matrix"), "Tổ ")
        literal([shown(app.screen.query_one("#task-detail", Label))], "Việc ")
        literal([shown(app.screen.query_one("#cell-detail", Label))], "Tổ ")

        # Monthly reports: the team, and each section of its report.
        await go(app, pilot, "6")
        move_to(app, "monthly", TEAM)
        await settle(pilot)
        literal(table_texts(app, "monthly"), "Tổ ")
        text = shown(app.screen.query_one("#monthly-text", Static))
        for section in ("Khó: ", "Đề xuất: ", "Hay: "):
            assert f"{section}{HOSTILE}" in text

        # Digest preview: the chat and its team in the table, the digest, the question
        # before posting it, and the note once it is queued.
        await go(app, pilot, "7")
        move_to(
            app,
            "chats",
            str(max(int(k.value or 0) for k in app.screen.query_one("#chats", DataTable).rows)),
        )
        await settle(pilot)
        literal(table_texts(app, "chats"), "Nhóm ")
        literal(table_texts(app, "chats"), "Tổ ")
        literal([shown(app.screen.query_one("#digest-text", Static))], "Tổ ")
        await go(app, pilot, "p")
        assert isinstance(app.screen, ConfirmDialog)
        literal([shown(app.screen.query_one("#question", Static))], "Nhóm ")
        await go(app, pilot, "enter")
        notes = [n for n in app._notifications]
        assert any(f"Nhóm {HOSTILE}" in n.message and not n.markup for n in notes)

        # The scope picker's tree.
        await go(app, pilot, "s")
        picker = app.screen.query_one(Tree)
        literal([node.label.plain for node in picker.root.children], "Tỉnh ")
        await pilot.press("escape")
        await settle(pilot)


async def test_a_store_error_with_sql_in_it_is_shown_literally(  # type: ignore[no-untyped-def]
    make_app, monkeypatch: pytest.MonkeyPatch
) -> None:
    statement = "SELECT sum(report_entries.value) FROM report_entries WHERE team_id = ?"
    failure = OperationalError(statement, (1,), Exception(f"integer overflow {MARKUP}"))

    def fail(session: Session, *args: object) -> list[object]:
        raise failure

    monkeypatch.setattr("tui.screens.review.inbox", fail)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("4")
        await settle(pilot)
        assert isinstance(app.screen, ErrorDialog)
        text = shown(app.screen.query_one("#message", Static))
        assert f"integer overflow {MARKUP}" in text
        assert "[SQL: SELECT sum(report_entries.value)" in text and "[parameters: (1,)]" in text
