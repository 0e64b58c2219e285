"""Monthly reports: each team's deadline and state for a month, what its report says, and the
officer's decisions on it (approve `a`, return `x` with a reason) and the compiled report (`e`).
ctrl+z undoes the last approve or return made here (tracker/monthly_undo.py).
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from sqlalchemy.orm import Session
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import DataTable, Footer, Header, Label, Static

from tracker.errors import UserError
from tracker.hierarchy import find_unit
from tracker.monthly.decisions import approve, return_report
from tracker.monthly.listing import MonthList, TeamMonth, month_list, sent_day
from tracker.monthly_undo import MonthlyChange, decide, undo_decision
from tracker.periods import Period
from tracker.store.version import Version, data_version
from tui.screens.following import FollowingScreen
from tui.widgets.dialogs import TextPrompt
from tui.widgets.last_change import UndoesLast
from tui.widgets.plain import PlainTable

# The report states as the screen names them; `not_due` reads as the older "not yet due".
_SHOWN = {"not_due": "not_yet_due"}
EXPORT_FORMATS = ("docx", "xlsx", "md")


class MonthlyScreen(UndoesLast[MonthlyChange], FollowingScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left_square_bracket", "month(-1)", "bind.prev"),
        Binding("right_square_bracket", "month(1)", "bind.next"),
        Binding("a", "approve", "bind.approve"),
        Binding("x", "return_report", "bind.return"),
        Binding("e", "export", "bind.export"),
        Binding("r", "refresh", "bind.refresh", show=False),
        Binding("ctrl+z", "undo", "bind.undo_monthly", show=False),  # `?` and the palette list it
    ]
    COLUMNS: ClassVar[dict[str, tuple[str, ...]]] = {
        "monthly": ("col.team:32", "col.due:10", "col.status:13", "col.sent:10"),
    }

    class Loaded(Message):
        def __init__(self, found: MonthList, version: Version) -> None:
            super().__init__()
            self.found = found
            self.version = version

    class Decided(Message):
        def __init__(self, note: str) -> None:
            super().__init__()
            self.note = note

    class Refused(Message):
        """A return the rules refused: the dialog opens again with what was typed."""

        def __init__(self, team: str, reason: str, error: str) -> None:
            super().__init__()
            self.team = team
            self.reason = reason
            self.error = error

    def __init__(self) -> None:
        super().__init__()
        self.month: Period | None = None
        self.statuses: dict[str, TeamMonth] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        yield Label("", id="monthly-header", classes="screen-title", markup=False)
        yield PlainTable(id="monthly", cursor_type="row", zebra_stripes=True)
        yield Static("", id="monthly-text", markup=False)
        yield Footer(compact=True)

    def reload(self) -> None:
        super().reload()
        if self.month is None:
            self.month = Period.month_of(self.ctx.today())
        self.load(self.month)

    def action_month(self, step: int) -> None:
        assert self.month is not None
        if step < 0:
            self.month = Period.month_of(self.month.start - timedelta(days=1))
        else:
            self.month = Period.month_of(self.month.end + timedelta(days=1))
        self.load(self.month)

    @work(thread=True, exclusive=True, exit_on_error=False)
    def load(self, month: Period) -> None:
        ctx = self.ctx
        with ctx.sessions() as session:
            version = data_version(session)
            scope = find_unit(session, ctx.scope)
            found = month_list(session, scope, month, ctx.today(), ctx.settings.deadlines)
        self.post_fresh(self.Loaded(found, version))

    def on_monthly_screen_loaded(self, message: Loaded) -> None:
        t = self.ctx.t
        self.version = message.version
        teams = message.found.teams
        counts = {state: 0 for state in ("on_time", "late", "missing", "not_yet_due")}
        for row in teams:
            counts[_SHOWN.get(row.timeliness, row.timeliness)] += 1
        summary = " · ".join(f"{t(f'report.{s}')} {n}" for s, n in counts.items())
        approved = sum(row.status == "approved" for row in teams)
        if approved:
            summary += f" · {t('report.approved')} {approved}"
        header = t("monthly.header", month=str(self.month), scope=message.found.scope_name)
        self.query_one("#monthly-header", Label).update(f"{header} · {summary}")
        self.statuses = {row.team: row for row in teams}
        table = self.query_one("#monthly", DataTable)
        keep = self.selected_team()
        table.clear()
        for row in teams:
            sent = sent_day(row)
            table.add_row(
                row.name,
                f"{row.due:%d/%m/%Y}",
                t(f"report.{_SHOWN.get(row.status, row.status)}"),
                "" if sent is None else f"{sent:%d/%m/%Y}",
                key=row.team,
            )
        if keep in self.statuses:
            table.move_cursor(row=table.get_row_index(keep))
        self.show_text(self.selected_team() or (teams[0].team if teams else None))

    @on(DataTable.RowHighlighted, "#monthly")
    def team_chosen(self, event: DataTable.RowHighlighted) -> None:
        self.show_text(event.row_key.value)

    def selected_team(self) -> str | None:
        table = self.query_one("#monthly", DataTable)
        if table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return key if key in self.statuses else None

    def show_text(self, team: str | None) -> None:
        t = self.ctx.t
        row = self.statuses.get(team or "")
        text = Text(end="")
        if row is not None and row.reported:
            # The sections are the team's own words: appended as text, never read as markup.
            for n, part in enumerate(("difficulties", "proposals", "good_practices")):
                text.append("\n" if n else "")
                text.append(f"{t(f'monthly.{part}')}:", style="bold")
                text.append(f" {getattr(row.report, part) or '–'}")
            if row.decided_by:
                decided = t(f"report.{row.status}")
                text.append(f"\n{t('monthly.decided', status=decided, officer=row.decided_by)}")
                if row.reason:
                    text.append(f" {t('monthly.reason')}: {row.reason}")
        elif row is not None:
            text.append(t("monthly.none", team=row.name))
        self.query_one("#monthly-text", Static).update(text)

    # -- decisions ---------------------------------------------------------------------

    def action_approve(self) -> None:
        team = self.selected_team()
        if team is not None and self.month is not None:
            self.decide_approve(team, self.month)

    @work(thread=True, exclusive=True, group="decide", exit_on_error=False)
    def decide_approve(self, team: str, month: Period) -> None:
        officer = self.ctx.officer
        with self.ctx.sessions() as session, session.begin():
            _, change = decide(
                session,
                "approve",
                team,
                month,
                lambda: approve(session, team, month, officer=officer),
            )
        self.last_edit = change
        self.post_message(self.Decided(self.ctx.t("monthly.approved", team=team)))

    def action_return_report(self) -> None:
        team = self.selected_team()
        if team is not None:
            self.ask_reason(team, "")

    def ask_reason(self, team: str, typed: str, error: str | None = None) -> None:
        t = self.ctx.t
        question = t("monthly.return_prompt", team=self.statuses[team].name)
        if error:
            question = f"{error}\n{question}"
        prompt = TextPrompt(question, typed, t("ok"), t("cancel"))

        def chosen(reason: str | None) -> None:
            if reason is not None and self.month is not None:
                self.decide_return(team, self.month, reason)

        self.app.push_screen(prompt, chosen)

    @work(thread=True, exclusive=True, group="decide", exit_on_error=False)
    def decide_return(self, team: str, month: Period, reason: str) -> None:
        ctx = self.ctx
        try:
            with ctx.sessions() as session, session.begin():
                (_, sent), change = decide(
                    session,
                    "return",
                    team,
                    month,
                    lambda: return_report(
                        session,
                        team,
                        month,
                        officer=ctx.officer,
                        reason=reason,
                        language=ctx.settings.language,
                    ),
                )
        except UserError as error:
            # In the dialog's words (no `--reason`: that is the CLI's).
            said = "; ".join(text for _, text in error.form_problems(ctx.language))
            self.post_message(self.Refused(team, reason, said))
            return
        self.last_edit = change
        key = "monthly.returned" if sent else "monthly.returned_no_chat"
        self.post_message(self.Decided(ctx.t(key, team=team)))

    def undo_in(self, session: Session, change: MonthlyChange) -> None:
        undo_decision(session, change, self.ctx.officer)

    def show_undone(self, change: MonthlyChange) -> None:
        self.reload()

    def on_monthly_screen_refused(self, message: Refused) -> None:
        self.ask_reason(message.team, message.reason, message.error)

    def on_monthly_screen_decided(self, message: Decided) -> None:
        self.notify(message.note)
        self.reload()

    # -- the compiled report -----------------------------------------------------------

    def action_export(self) -> None:
        if self.month is None:
            return
        t = self.ctx.t
        default = f"bao-cao_{self.ctx.scope}_{self.month}.docx"
        prompt = TextPrompt(t("monthly.export_prompt"), default, t("ok"), t("cancel"))
        month = self.month

        def chosen(path: str | None) -> None:
            if path:
                self.export(Path(path), month)

        self.app.push_screen(prompt, chosen)

    @work(thread=True, exclusive=True, group="export", exit_on_error=False)
    def export(self, path: Path, month: Period) -> None:
        from tracker.monthly.export import write_compiled

        ctx = self.ctx
        with ctx.sessions() as session:
            scope = find_unit(session, ctx.scope)
            write_compiled(session, scope, month, ctx.today(), ctx.settings, path)
        self.post_message(self.Decided(ctx.t("export.done_report", path=path)))
