"""Hierarchy and teams: the tree of units, the teams of the chosen unit, a team's members."""

from __future__ import annotations

from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import DataTable, Footer, Header, Label, Tree

from tracker.roster import (
    MemberView,
    TeamDetail,
    TeamView,
    UnitView,
    team_detail,
    teams_of_unit,
)
from tui.screens.base import TrackerScreen
from tui.widgets.members import MemberActions
from tui.widgets.unit_tree import UnitTree


class HierarchyScreen(MemberActions, TrackerScreen):
    RELOAD_ON_RESUME = False
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "add_member", "bind.add_member"),
        Binding("m", "edit_member", "bind.edit_member"),
        Binding("d", "remove_member", "bind.remove_member"),
        Binding("r", "refresh", "bind.refresh", show=False),
    ]
    COLUMNS: ClassVar[dict[str, tuple[str, ...]]] = {
        "teams": ("col.name:24", "col.level:6", "col.members:3", "col.code:22"),
        "members": ("col.name:18", "col.role:10", "col.org:16", "col.phone:10", "col.ids:24"),
    }

    class TeamsLoaded(Message):
        def __init__(self, unit: UnitView, teams: list[TeamView]) -> None:
            super().__init__()
            self.unit = unit
            self.teams = teams

    class MembersLoaded(Message):
        def __init__(self, detail: TeamDetail) -> None:
            super().__init__()
            self.detail = detail

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal():
            yield UnitTree(self.ctx, id="units")
            with Vertical(id="hier-right"):
                yield Label(self.ctx.t("hier.teams"), id="teams-title", classes="section")
                yield DataTable(id="teams", cursor_type="row", zebra_stripes=True)
                yield Label(self.ctx.t("hier.members"), id="members-title", classes="section")
                yield DataTable(id="members", cursor_type="row")
        yield Footer(compact=True)

    def reload(self) -> None:
        super().reload()
        self.query_one(UnitTree).load_roots()

    @on(Tree.NodeHighlighted, "#units")
    def unit_chosen(self, event: Tree.NodeHighlighted[UnitView]) -> None:
        if event.node.data is not None:
            self.load_teams(event.node.data)

    @on(DataTable.RowHighlighted, "#teams")
    def team_chosen(self, event: DataTable.RowHighlighted) -> None:
        if event.row_key.value is not None:
            self.load_members(event.row_key.value)

    @work(thread=True, exclusive=True, group="teams", exit_on_error=False)
    def load_teams(self, unit: UnitView) -> None:
        with self.ctx.sessions() as session:
            teams = teams_of_unit(session, unit.id)
        self.post_message(self.TeamsLoaded(unit, teams))

    def show_team(self, code: str) -> None:
        self.load_members(code)

    @work(thread=True, exclusive=True, group="members", exit_on_error=False)
    def load_members(self, code: str) -> None:
        with self.ctx.sessions() as session:
            detail = team_detail(session, code)
        self.post_message(self.MembersLoaded(detail))

    def on_hierarchy_screen_teams_loaded(self, message: TeamsLoaded) -> None:
        t = self.ctx.t
        self.query_one("#teams-title", Label).update(f"{t('hier.teams')}: {message.unit.name}")
        table = self.query_one("#teams", DataTable)
        table.clear()
        for team in message.teams:
            table.add_row(
                team.name, t(f"level.{team.level}"), str(team.members), team.code, key=team.code
            )
        if not message.teams:
            self.query_one("#members", DataTable).clear()

    def on_hierarchy_screen_members_loaded(self, message: MembersLoaded) -> None:
        t, detail = self.ctx.t, message.detail
        self.team = detail.team.code
        self.members: dict[str, MemberView] = {str(m.id): m for m in detail.members}
        chats = ", ".join(f"{channel} {title}" for channel, _, title in detail.chats)
        title = f"{t('hier.members')}: {detail.team.name}"
        self.query_one("#members-title", Label).update(f"{title} · {chats}" if chats else title)
        table = self.query_one("#members", DataTable)
        table.clear()
        for member in detail.members:
            ids = " / ".join(member.accounts.get(c, "–") for c in ("telegram", "zalo"))
            table.add_row(
                member.name,
                t(f"role.{member.role}"),
                member.organization,
                member.phone,
                ids,
                key=str(member.id),
            )
