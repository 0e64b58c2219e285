"""Hierarchy and teams: the tree of units, the teams of the chosen unit, a team's members,
and the chats bound to each; units, teams, members and chats are edited from here, and
ctrl+z undoes the screen's last change (tui/widgets/last_change.py)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.coordinate import Coordinate
from textual.message import Message
from textual.widgets import DataTable, Footer, Header, Label, Tree

from tracker.chats import ChatView, chats_bound_to
from tracker.maps.unit_history import UnitHistory, unit_history
from tracker.members import member_channels
from tracker.roster import (
    MemberView,
    TeamDetail,
    TeamView,
    UnitView,
    team_detail,
    teams_of_unit,
)
from tracker.undo import LastChange
from tui.screens.base import TrackerScreen
from tui.widgets.dialogs import TextPrompt
from tui.widgets.hierarchy_actions import HierarchyActions
from tui.widgets.members import MemberActions
from tui.widgets.plain import PlainTable
from tui.widgets.unit_tree import UnitTree, history_lines


class HierarchyScreen(HierarchyActions, MemberActions, TrackerScreen):
    RELOAD_ON_RESUME = False
    wanted_team: str | None = None  # the team to choose once the unit's teams are back
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "add_unit", "bind.add_unit", show=False),
        Binding("e", "edit_unit", "bind.edit_unit"),
        Binding("x", "remove_unit", "bind.remove_unit", show=False),
        Binding("t", "edit_team", "bind.edit_team", show=False),
        Binding("o", "add_team", "bind.add_team", show=False),
        Binding("X", "remove_team", "bind.remove_team", show=False),
        Binding("c", "bind_chat", "bind.bind_chat", show=False),
        Binding("k", "unbind_chat", "bind.unbind_chat", show=False),
        Binding("n", "add_member", "bind.add_member"),
        Binding("m", "edit_member", "bind.edit_member"),
        Binding("d", "remove_member", "bind.remove_member", show=False),
        Binding("r", "refresh", "bind.refresh", show=False),
        Binding("g", "map_date", "bind.map_date", show=False),  # listed by ? (the footer is full)
        Binding("ctrl+z", "undo", "bind.undo_edit", show=False),  # `?` and the palette list it
    ]
    # What the officer types or quotes comes first and whole: a team's code (as wide as
    # the longest), a member's phone and chat ids; the level, role and organisation give
    # way at 80 columns (issue 14). The detail lines under each table show the row whole.
    COLUMNS: ClassVar[dict[str, tuple[str, ...]]] = {
        "teams": ("col.name:18", "col.code:", "col.members:3", "col.level:8"),
        "members": ("col.name:18", "col.phone:11", "col.accounts:26", "col.role:10", "col.org:16"),
    }

    class TeamsLoaded(Message):
        def __init__(
            self,
            unit: UnitView,
            teams: list[TeamView],
            chats: list[ChatView],
            history: UnitHistory | None = None,
        ) -> None:
            super().__init__()
            self.unit = unit
            self.teams = teams
            self.chats = chats
            self.history = history

    class MembersLoaded(Message):
        def __init__(self, detail: TeamDetail, channels: list[str]) -> None:
            super().__init__()
            self.detail = detail
            self.channels = channels

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal():
            yield UnitTree(self.ctx, id="units")
            with Vertical(id="hier-right"):
                yield Label("", id="unit-info", classes="section", markup=False)
                yield Label("", id="unit-history", markup=False)
                yield Label(
                    self.ctx.t("hier.teams"), id="teams-title", classes="section", markup=False
                )
                # The name stays in place while the code and the ids scroll into view.
                yield PlainTable(id="teams", cursor_type="row", zebra_stripes=True, fixed_columns=1)
                yield Label("", id="team-detail", classes="detail", markup=False)
                yield Label(
                    self.ctx.t("hier.members"), id="members-title", classes="section", markup=False
                )
                yield PlainTable(id="members", cursor_type="row", fixed_columns=1)
                yield Label("", id="member-detail", classes="detail", markup=False)
        yield Footer(compact=True)

    def reload(self) -> None:
        super().reload()
        self.query_one(UnitTree).load_roots()

    @on(Tree.NodeHighlighted, "#units")
    def unit_chosen(self, event: Tree.NodeHighlighted[UnitView]) -> None:
        if event.node.data is not None:
            self.load_teams(event.node.data, None)

    @on(DataTable.RowHighlighted, "#teams")
    def team_chosen(self, event: DataTable.RowHighlighted) -> None:
        if event.row_key.value is not None:
            self.show_team_detail(event.row_key.value)
            self.load_members(event.row_key.value)

    @on(DataTable.RowHighlighted, "#members")
    def member_chosen(self, event: DataTable.RowHighlighted) -> None:
        self.show_member_detail(event.row_key.value)

    def show_team_detail(self, code: str | None, chats: tuple[ChatView, ...] = ()) -> None:
        """The highlighted team whole, in one or two lines: its code first, then its name,
        level, members, units and chats with their ids."""
        t = self.ctx.t
        team = self.teams.get(code or "")
        line = ""
        if team is not None:
            parts = [team.code, team.name, t(f"level.{team.level}")]
            parts += [f"{t('hier.members')}: {team.members}", ", ".join(team.units)]
            parts += [
                f"{c.channel} {c.chat_id}" + (f" ({c.title})" if c.title else "") for c in chats
            ]
            line = " · ".join(part for part in parts if part)
        self.query_one("#team-detail", Label).update(line)

    def show_member_detail(self, key: str | None) -> None:
        """The highlighted member whole: name, role, organisation, phone and every id."""
        t = self.ctx.t
        member = self.members.get(key or "")
        line = ""
        if member is not None:
            parts = [member.name, t(f"role.{member.role}"), member.organization]
            parts += [f"{t('col.phone')} {member.phone}" if member.phone else ""]
            parts += [f"{channel} {user}" for channel, user in sorted(member.accounts.items())]
            line = " · ".join(part for part in parts if part)
        self.query_one("#member-detail", Label).update(line)

    @work(thread=True, exclusive=True, group="teams", exit_on_error=False)
    def load_teams(self, unit: UnitView, team: str | None) -> None:
        with self.ctx.sessions() as session:
            teams = teams_of_unit(session, unit.id, self.map_day())
            chats = chats_bound_to(session, unit_id=unit.id)
            history = unit_history(session, unit.id)
        self.post_fresh(self.TeamsLoaded(unit, teams, chats, history))
        if team is not None and any(t.code == team for t in teams):
            self.load_members(team)

    # What changes the store: it changes today's map, so it waits while another day's is shown.
    EDITS = frozenset(
        {
            "add_unit",
            "edit_unit",
            "remove_unit",
            "edit_team",
            "add_team",
            "remove_team",
            "bind_chat",
            "unbind_chat",
            "add_member",
            "edit_member",
            "remove_member",
            "undo",
        }
    )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in self.EDITS and self.query_one(UnitTree).at is not None:
            return None  # shown dimmed: back to today's map (g, empty) to edit
        return super().check_action(action, parameters)

    def map_day(self) -> date:
        """The day whose map the screen shows: today unless the officer chose another."""
        return self.query_one(UnitTree).at or self.ctx.today()

    def action_map_date(self) -> None:
        """Look at the map of another day (`g`): the tree, the teams and the history then."""
        t = self.ctx.t

        def chosen(text: str | None) -> None:
            if text is None:
                return
            try:
                day = date.fromisoformat(text) if text else self.ctx.today()
            except ValueError:
                self.notify(t("hier.bad_date", value=text), severity="error")
                return
            tree = self.query_one(UnitTree)
            tree.at = None if day == self.ctx.today() else day
            tree.load_roots()
            self.refresh_bindings()

        shown = self.map_day().isoformat()
        prompt = TextPrompt(t("hier.date_title"), shown, t("bind.map_date"), t("bind.close"))
        self.app.push_screen(prompt, chosen)

    def show_team(self, code: str) -> None:
        self.load_members(code)

    def show_undone(self, change: LastChange) -> None:
        if change.entity != "unit":
            team = (change.before or {}).get("code") if change.entity == "team" else self.team
            self.show_unit(team)
            return
        states = [state for state in (change.before, change.after) if state and "parent" in state]
        parents = [state["parent"] for state in states] or [self.parent_code() or None]
        tree = self.query_one(UnitTree)
        code = (change.before or {}).get("code")
        above = None if parents[0] is None else tree.find(parents[0])
        if code is None and above is not None:
            tree.move_cursor(above)  # the unit added is gone: back to where it was added
        for parent in dict.fromkeys(parents):
            tree.reload_branch(parent, select=code)

    def show_unit(self, team: str | None) -> None:
        if self.unit is not None:
            self.wanted_team = team
            self.load_teams(self.unit, team)

    @work(thread=True, exclusive=True, group="members", exit_on_error=False)
    def load_members(self, code: str) -> None:
        with self.ctx.sessions() as session:
            detail = team_detail(session, code)
            channels = member_channels(session)
        self.post_fresh(self.MembersLoaded(detail, channels))

    def on_hierarchy_screen_teams_loaded(self, message: TeamsLoaded) -> None:
        t, unit = self.ctx.t, message.unit
        self.unit = unit
        self.unit_chats = tuple(message.chats)
        self.teams = {team.code: team for team in message.teams}
        info = f"{unit.code} · {t(f'level.{unit.level}')}"
        if unit.households is not None:
            mark = "." if self.ctx.language == "vi" else ","  # thousands: 10.681 hộ
            info += " · " + t("hier.households", n=f"{unit.households:,}".replace(",", mark))
        if message.chats:
            info += " · " + ", ".join(f"{c.channel} {c.chat_id}" for c in message.chats)
        day = self.map_day()
        shown = info if day == self.ctx.today() else f"{t('hier.as_of', day=day)} · {info}"
        self.query_one("#unit-info", Label).update(shown)
        lines = [] if message.history is None else history_lines(message.history, t)
        history = self.query_one("#unit-history", Label)
        history.update("\n".join(lines))
        history.display = bool(lines)
        self.query_one("#teams-title", Label).update(f"{t('hier.teams')}: {unit.name}")
        table = self.query_one("#teams", DataTable)
        table.clear()
        for team in message.teams:
            table.add_row(
                team.name, team.code, str(team.members), t(f"level.{team.level}"), key=team.code
            )
        if self.wanted_team in self.teams:
            table.move_cursor(row=table.get_row_index(self.wanted_team))
        self.wanted_team = None
        if not message.teams:
            self.team = None
            self.team_chats = ()
            self.query_one("#members", DataTable).clear()
            self.query_one("#members-title", Label).update(t("hier.members"))
            self.show_team_detail(None)
            self.show_member_detail(None)

    def on_hierarchy_screen_members_loaded(self, message: MembersLoaded) -> None:
        t, detail = self.ctx.t, message.detail
        self.team = detail.team.code
        self.channels = tuple(message.channels)
        self.members: dict[str, MemberView] = {str(m.id): m for m in detail.members}
        self.team_chats = tuple(ChatView(*chat) for chat in detail.chats)
        chats = ", ".join(
            f"{channel} {title or chat_id}" for channel, chat_id, title in detail.chats
        )
        title = f"{t('hier.members')}: {detail.team.name}"
        self.query_one("#members-title", Label).update(f"{title} · {chats}" if chats else title)
        teams = self.query_one("#teams", DataTable)
        if detail.team.code in teams.rows:  # the count follows an added or removed member
            row = teams.get_row_index(detail.team.code)
            teams.update_cell_at(Coordinate(row, 2), str(len(detail.members)))
            shown = self.teams.get(detail.team.code)
            if shown is not None:
                self.teams = {**self.teams, shown.code: replace(shown, members=len(detail.members))}
        self.show_team_detail(detail.team.code, self.team_chats)
        table = self.query_one("#members", DataTable)
        table.clear()
        for member in detail.members:
            ids = " / ".join(
                f"{channel} {user}" for channel, user in sorted(member.accounts.items())
            )
            table.add_row(
                member.name,
                member.phone,
                ids or "–",
                t(f"role.{member.role}"),
                member.organization,
                key=str(member.id),
            )
        if not detail.members:
            self.show_member_detail(None)
