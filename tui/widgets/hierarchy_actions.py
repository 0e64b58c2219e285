"""The unit, team and chat actions of the hierarchy screen, each a dialog then a thread
worker over the services in tracker/ (units, teams, chats), audited with the officer's name.
A refusal (a code taken, a unit with children, a village under a district...) shows under
the field it concerns, the dialog stays open with what was typed, and nothing is written
(tui/widgets/saving.py)."""

from __future__ import annotations

from sqlalchemy.orm import Session
from textual.widgets import DataTable

from tracker.chats import ChatView, bind_chat, unbind_chat
from tracker.roster import TeamView, UnitView
from tracker.teams import remove_team, save_team, split_codes
from tracker.units import UnitForm, remove_unit, save_unit
from tui.context import TuiContext
from tui.widgets.form import Field
from tui.widgets.last_change import UndoesLastChange
from tui.widgets.saving import SavingForm
from tui.widgets.unit_tree import UnitTree

# The level a new unit most likely has under a parent of this level.
CHILD_LEVEL = {None: "province", "province": "commune", "district": "commune", "commune": "village"}


class HierarchyActions(UndoesLastChange):
    """Mixed into the hierarchy screen, which keeps `unit`, `teams`, `unit_chats` and
    `team_chats` up to date as it shows them. Every save goes through `write`, so that
    ctrl+z can undo the last one."""

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

    def unit_dialog(
        self, title: str, start: UnitForm, old_code: str | None, old_parent: str | None
    ) -> SavingForm:
        t = self.ctx.t
        fields = [
            Field("code", t("col.code"), start.code),
            Field("name", t("col.name"), start.name),
            Field("level", t("col.level"), start.level, hint=t("unit.level_hint")),
            Field("parent", t("unit.parent"), start.parent, False, hint=t("unit.parent_hint")),
            Field("households", t("unit.households"), start.households, False, integer=True),
        ]

        def save(answers: dict[str, str]) -> tuple[list[str | None], str]:
            form = UnitForm(**answers)
            return self.save_unit(form, old_code, old_parent), form.code

        def saved(result: tuple[list[str | None], str]) -> None:
            self.units_changed(*result)

        return SavingForm(self.ctx, title, fields, save, saved)

    def action_add_unit(self) -> None:
        parent = self.unit
        level = CHILD_LEVEL.get(None if parent is None else parent.level, "village")
        start = UnitForm("", "", self.level_word(level), parent.code if parent else "")
        title = self.ctx.t("unit.add", parent=parent.name if parent else "—")

        self.app.push_screen(self.unit_dialog(title, start, None, parent.code if parent else None))

    def action_edit_unit(self) -> None:
        unit = self.unit
        if unit is None:
            return
        households = "" if unit.households is None else str(unit.households)
        old_parent = self.parent_code()
        start = UnitForm(unit.code, unit.name, self.level_word(unit.level), old_parent, households)

        title = self.ctx.t("unit.edit", name=unit.name)
        self.app.push_screen(self.unit_dialog(title, start, unit.code, old_parent or None))

    def action_remove_unit(self) -> None:
        unit = self.unit
        if unit is None:
            return
        parent = self.parent_code() or None

        def save(_: dict[str, str]) -> None:
            self.drop_unit(unit.code)

        question = self.ctx.t("unit.remove", name=unit.name, code=unit.code)
        dialog = SavingForm(self.ctx, question, [], save, lambda _: self.units_changed([parent]))
        self.app.push_screen(dialog)

    def save_unit(
        self, form: UnitForm, old_code: str | None, old_parent: str | None
    ) -> list[str | None]:
        """Write the unit (worker thread); the branches of the tree to load again."""
        ctx = self.ctx

        def save(session: Session) -> str | None:
            unit = save_unit(session, ctx.settings, form, ctx.officer, old_code, ctx.language)
            return unit.parent.code if unit.parent else None

        parent = self.write(save)
        # Old parent's branch first (the unit may have moved), then the new one's.
        refresh = [old_parent] if old_code is not None else []
        return [*refresh, parent]

    def drop_unit(self, code: str) -> None:
        self.write(lambda session: remove_unit(session, code, self.ctx.officer))

    def units_changed(self, parents: list[str | None], code: str | None = None) -> None:
        self.notify(self.ctx.t("unit.saved"))
        tree = self.query_one(UnitTree)
        for parent in dict.fromkeys(parents):
            tree.reload_branch(parent, select=code)

    # Teams

    def team_dialog(self, title: str, start: TeamView | None, units: str) -> SavingForm:
        t = self.ctx.t
        fields = [
            Field("code", t("col.code"), start.code if start else ""),
            Field("name", t("col.name"), start.name if start else ""),
            Field("units", t("col.units"), units, hint=t("team.units_hint")),
        ]
        old_code = None if start is None else start.code

        def save(answers: dict[str, str]) -> None:
            self.save_team(answers, old_code)

        return SavingForm(self.ctx, title, fields, save)  # then team_saved, with the code

    def action_add_team(self) -> None:
        unit = self.unit
        if unit is None:
            return

        dialog = self.team_dialog(self.ctx.t("team.add", unit=unit.name), None, unit.code)
        self.app.push_screen(dialog, self.team_saved)

    def action_edit_team(self) -> None:
        team = self.chosen_team()
        if team is None:
            return

        dialog = self.team_dialog(
            self.ctx.t("team.edit", name=team.name), team, ", ".join(team.units)
        )
        self.app.push_screen(dialog, self.team_saved)

    def team_saved(self, answers: dict[str, str] | None) -> None:
        if answers:
            self.teams_changed(answers["code"])

    def save_team(self, answers: dict[str, str], old_code: str | None) -> None:
        ctx, units = self.ctx, split_codes(answers["units"])
        self.write(
            lambda session: save_team(
                session,
                ctx.settings,
                answers["code"],
                answers["name"],
                units,
                ctx.officer,
                old_code,
                ctx.language,
            )
        )

    def action_remove_team(self) -> None:
        team = self.chosen_team()
        if team is None:
            return

        def save(_: dict[str, str]) -> None:
            self.write(lambda session: remove_team(session, team.code, self.ctx.officer))

        question = self.ctx.t("team.remove", name=team.name, code=team.code)
        dialog = SavingForm(
            self.ctx, question, [], save, lambda _: self.teams_changed(None, "team.removed")
        )
        self.app.push_screen(dialog)

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

        def save(answers: dict[str, str]) -> None:
            self.bind(answers, kind, code)

        title = t(f"chat.bind_{kind}", name=name)
        dialog = SavingForm(self.ctx, title, fields, save, lambda _: self.chats_changed())
        self.app.push_screen(dialog)

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

        def save(answers: dict[str, str]) -> None:
            channel, chat_id = answers["channel"], answers["chat_id"]
            self.write(lambda session: unbind_chat(session, channel, chat_id, self.ctx.officer))

        title = t("chat.unbind", name=name)
        dialog = SavingForm(self.ctx, title, fields, save, lambda _: self.chats_changed())
        self.app.push_screen(dialog)

    def bind(self, answers: dict[str, str], kind: str, code: str) -> None:
        ctx = self.ctx
        self.write(
            lambda session: bind_chat(
                session,
                ctx.settings,
                answers["channel"],
                answers["chat_id"],
                answers["title"],
                ctx.officer,
                unit=code if kind == "unit" else "",
                team=code if kind == "team" else "",
                language=ctx.language,
            )
        )

    def chats_changed(self) -> None:
        self.notify(self.ctx.t("chat.saved"))
        self.show_unit(self.team)

    def show_unit(self, team: str | None) -> None:
        """Load the unit's teams and chats again, then `team`'s members; the screen says how."""
        raise NotImplementedError
