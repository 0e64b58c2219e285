"""The unit, team and chat actions of the hierarchy screen, each a dialog then a thread
worker over the services in tracker/ (units, teams, chats), audited with the officer's name.
A refusal (a code taken, a unit with children, a village under a district...) comes back
as the error dialog, and nothing is written."""

from __future__ import annotations

from textual import work
from textual.screen import Screen
from textual.widgets import DataTable

from tracker.chats import ChatView, bind_chat, unbind_chat
from tracker.roster import TeamView, UnitView
from tracker.teams import remove_team, save_team, split_codes
from tracker.units import UnitForm, remove_unit, save_unit
from tui.context import TuiContext
from tui.widgets.form import Field, FormDialog
from tui.widgets.unit_tree import UnitTree

# The level a new unit most likely has under a parent of this level.
CHILD_LEVEL = {None: "province", "province": "commune", "district": "commune", "commune": "village"}


class HierarchyActions(Screen[None]):
    """Mixed into the hierarchy screen, which keeps `unit`, `teams`, `unit_chats` and
    `team_chats` up to date as it shows them."""

    ctx: TuiContext
    unit: UnitView | None = None
    teams: dict[str, TeamView] = {}  # noqa: RUF012 - replaced, never mutated
    unit_chats: tuple[ChatView, ...] = ()
    team_chats: tuple[ChatView, ...] = ()
    team: str | None = None

    def parent_code(self) -> str:
        node = self.query_one(UnitTree).cursor_node
        parent = None if node is None else node.parent
        return "" if parent is None or parent.data is None else parent.data.code

    def chosen_team(self) -> TeamView | None:
        table = self.query_one("#teams", DataTable)
        if not table.row_count or table.cursor_row < 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return self.teams.get(key or "")

    def level_word(self, level: str) -> str:
        return self.ctx.t(f"level.{level}")

    # Units

    def unit_dialog(self, title: str, start: UnitForm) -> FormDialog:
        t = self.ctx.t
        fields = [
            Field("code", t("col.code"), start.code),
            Field("name", t("col.name"), start.name),
            Field("level", t("col.level"), start.level, hint=t("unit.level_hint")),
            Field("parent", t("unit.parent"), start.parent, False, hint=t("unit.parent_hint")),
            Field("households", t("unit.households"), start.households, False, integer=True),
        ]
        return FormDialog(title, fields, t("ok"), t("cancel"))

    def action_add_unit(self) -> None:
        parent = self.unit
        level = CHILD_LEVEL.get(None if parent is None else parent.level, "village")
        start = UnitForm("", "", self.level_word(level), parent.code if parent else "")
        title = self.ctx.t("unit.add", parent=parent.name if parent else "—")

        def done(answers: dict[str, str] | None) -> None:
            if answers:
                self.save_unit(UnitForm(**answers), None, parent.code if parent else None)

        self.app.push_screen(self.unit_dialog(title, start), done)

    def action_edit_unit(self) -> None:
        unit = self.unit
        if unit is None:
            return
        households = "" if unit.households is None else str(unit.households)
        old_parent = self.parent_code()
        start = UnitForm(unit.code, unit.name, self.level_word(unit.level), old_parent, households)

        def done(answers: dict[str, str] | None) -> None:
            if answers:
                self.save_unit(UnitForm(**answers), unit.code, old_parent or None)

        self.app.push_screen(self.unit_dialog(self.ctx.t("unit.edit", name=unit.name), start), done)

    def action_remove_unit(self) -> None:
        unit = self.unit
        if unit is None:
            return
        parent = self.parent_code() or None

        def done(answers: dict[str, str] | None) -> None:
            if answers is not None:
                self.drop_unit(unit.code, parent)

        t = self.ctx.t
        question = t("unit.remove", name=unit.name, code=unit.code)
        self.app.push_screen(FormDialog(question, [], t("ok"), t("cancel")), done)

    @work(thread=True, exclusive=True, group="unit", exit_on_error=False)
    def save_unit(self, form: UnitForm, old_code: str | None, old_parent: str | None) -> None:
        with self.ctx.sessions() as session, session.begin():
            unit = save_unit(
                session, self.ctx.settings, form, self.ctx.officer, old_code, self.ctx.language
            )
            parent = unit.parent.code if unit.parent else None
        # Old parent's branch first (the unit may have moved), then the new one's.
        refresh = [old_parent] if old_code is not None else []
        self.app.call_from_thread(self.units_changed, [*refresh, parent], form.code)

    @work(thread=True, exclusive=True, group="unit", exit_on_error=False)
    def drop_unit(self, code: str, parent: str | None) -> None:
        with self.ctx.sessions() as session, session.begin():
            remove_unit(session, code, self.ctx.officer)
        self.app.call_from_thread(self.units_changed, [parent], None)

    def units_changed(self, parents: list[str | None], code: str | None) -> None:
        self.notify(self.ctx.t("unit.saved"))
        tree = self.query_one(UnitTree)
        for parent in dict.fromkeys(parents):
            tree.reload_branch(parent, select=code)

    # Teams

    def team_dialog(self, title: str, start: TeamView | None, units: str) -> FormDialog:
        t = self.ctx.t
        fields = [
            Field("code", t("col.code"), start.code if start else ""),
            Field("name", t("col.name"), start.name if start else ""),
            Field("units", t("col.units"), units, hint=t("team.units_hint")),
        ]
        return FormDialog(title, fields, t("ok"), t("cancel"))

    def action_add_team(self) -> None:
        unit = self.unit
        if unit is None:
            return

        def done(answers: dict[str, str] | None) -> None:
            if answers:
                self.save_team(answers, None)

        dialog = self.team_dialog(self.ctx.t("team.add", unit=unit.name), None, unit.code)
        self.app.push_screen(dialog, done)

    def action_edit_team(self) -> None:
        team = self.chosen_team()
        if team is None:
            return

        def done(answers: dict[str, str] | None) -> None:
            if answers:
                self.save_team(answers, team.code)

        dialog = self.team_dialog(
            self.ctx.t("team.edit", name=team.name), team, ", ".join(team.units)
        )
        self.app.push_screen(dialog, done)

    @work(thread=True, exclusive=True, group="team", exit_on_error=False)
    def save_team(self, answers: dict[str, str], old_code: str | None) -> None:
        with self.ctx.sessions() as session, session.begin():
            save_team(
                session,
                self.ctx.settings,
                answers["code"],
                answers["name"],
                split_codes(answers["units"]),
                self.ctx.officer,
                old_code,
                self.ctx.language,
            )
        self.app.call_from_thread(self.teams_changed, answers["code"])

    def action_remove_team(self) -> None:
        team = self.chosen_team()
        if team is None:
            return

        def done(answers: dict[str, str] | None) -> None:
            if answers is not None:
                self.drop_team(team.code)

        t = self.ctx.t
        question = t("team.remove", name=team.name, code=team.code)
        self.app.push_screen(FormDialog(question, [], t("ok"), t("cancel")), done)

    @work(thread=True, exclusive=True, group="team", exit_on_error=False)
    def drop_team(self, code: str) -> None:
        with self.ctx.sessions() as session, session.begin():
            remove_team(session, code, self.ctx.officer)
        self.app.call_from_thread(self.teams_changed, None, "team.removed")

    def teams_changed(self, code: str | None, said: str = "team.saved") -> None:
        self.notify(self.ctx.t(said))
        self.show_unit(code)

    # Chats

    def chat_target(self) -> tuple[str, str, str] | None:
        """("team"|"unit", code, name): the team when a team table has the focus."""
        team = self.chosen_team()
        focused = self.focused
        on_team = focused is not None and focused.id in {"teams", "members"}
        if team is not None and on_team:
            return "team", team.code, team.name
        if self.unit is not None:
            return "unit", self.unit.code, self.unit.name
        return None

    def action_bind_chat(self) -> None:
        target = self.chat_target()
        if target is None:
            return
        kind, code, name = target
        t = self.ctx.t
        fields = [
            Field("channel", t("chat.channel"), "telegram", hint=t("chat.channel_hint")),
            Field("chat_id", t("chat.id")),
            Field("title", t("chat.title"), required=False),
        ]

        def done(answers: dict[str, str] | None) -> None:
            if answers:
                self.bind(answers, kind, code)

        title = t(f"chat.bind_{kind}", name=name)
        self.app.push_screen(FormDialog(title, fields, t("ok"), t("cancel")), done)

    def action_unbind_chat(self) -> None:
        target = self.chat_target()
        if target is None:
            return
        kind, _, name = target
        chats = self.team_chats if kind == "team" else self.unit_chats
        first = chats[0] if chats else ChatView("telegram", "", "")
        t = self.ctx.t
        fields = [
            Field("channel", t("chat.channel"), first.channel),
            Field("chat_id", t("chat.id"), first.chat_id),
        ]

        def done(answers: dict[str, str] | None) -> None:
            if answers:
                self.unbind(answers["channel"], answers["chat_id"])

        title = t("chat.unbind", name=name)
        self.app.push_screen(FormDialog(title, fields, t("ok"), t("cancel")), done)

    @work(thread=True, exclusive=True, group="chat", exit_on_error=False)
    def bind(self, answers: dict[str, str], kind: str, code: str) -> None:
        with self.ctx.sessions() as session, session.begin():
            bind_chat(
                session,
                self.ctx.settings,
                answers["channel"],
                answers["chat_id"],
                answers["title"],
                self.ctx.officer,
                unit=code if kind == "unit" else "",
                team=code if kind == "team" else "",
                language=self.ctx.language,
            )
        self.app.call_from_thread(self.chats_changed)

    @work(thread=True, exclusive=True, group="chat", exit_on_error=False)
    def unbind(self, channel: str, chat_id: str) -> None:
        with self.ctx.sessions() as session, session.begin():
            unbind_chat(session, channel, chat_id, self.ctx.officer)
        self.app.call_from_thread(self.chats_changed)

    def chats_changed(self) -> None:
        self.notify(self.ctx.t("chat.saved"))
        self.show_unit(self.team)

    def show_unit(self, team: str | None) -> None:
        """Load the unit's teams and chats again, then `team`'s members; the screen says how."""
        raise NotImplementedError
