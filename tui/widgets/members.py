"""The member actions of the hierarchy screen: add, edit and remove, each through a dialog
that saves in a thread worker; a refusal (cap, second leader...) shows under its field and
the dialog stays open with what was typed (tui/widgets/saving.py)."""

from __future__ import annotations

from sqlalchemy.orm import Session
from textual.widgets import DataTable

from tracker.members import MemberForm, add_member, edit_member, remove_member
from tracker.roster import MemberView
from tui.context import TuiContext
from tui.widgets.form import Field
from tui.widgets.last_change import UndoesLastChange
from tui.widgets.saving import SavingForm


class MemberActions(UndoesLastChange):
    """Mixed into the hierarchy screen, which sets `team` and `members` as it shows them."""

    team: str | None = None
    members: dict[str, MemberView] = {}  # noqa: RUF012 - replaced, never mutated
    # Every channel a member may have an id on (`member_channels`), set with `team`.
    channels: tuple[str, ...] = ()
    ctx: TuiContext

    def chosen_member(self) -> MemberView | None:
        table = self.query_one("#members", DataTable)
        if not table.row_count or table.cursor_row < 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return self.members.get(key or "")

    def member_dialog(self, title: str, start: MemberView | None, team: str) -> SavingForm:
        t = self.ctx.t
        fields = [
            Field("name", t("col.name"), start.name if start else ""),
            # The role in the officer's words: "Tổ trưởng" is read back as "leader".
            Field(
                "role",
                t("col.role"),
                t(f"role.{start.role if start else 'member'}"),
                hint=t("member.role_hint"),
            ),
            Field("organization", t("col.org"), start.organization if start else "", False),
            Field("phone", t("col.phone"), start.phone if start else "", False),
        ]
        fields += [
            Field(
                f"account-{channel}",
                t("member.account", channel=channel),
                start.accounts.get(channel, "") if start else "",
                False,
            )
            for channel in self.channels
        ]
        member_id = None if start is None else start.id

        def save(answers: dict[str, str]) -> None:
            self.save_member(team, member_id, self.member_form(answers))

        return SavingForm(self.ctx, title, fields, save, lambda _: self.member_saved(team))

    def member_form(self, answers: dict[str, str]) -> MemberForm:
        accounts = {
            name.removeprefix("account-"): value
            for name, value in answers.items()
            if name.startswith("account-")
        }
        return MemberForm(
            answers["name"],
            answers["role"],
            answers["organization"],
            answers["phone"],
            accounts,
        )

    def action_add_member(self) -> None:
        team = self.team
        if team is None:
            return
        self.app.push_screen(self.member_dialog(self.ctx.t("member.add", team=team), None, team))

    def action_edit_member(self) -> None:
        member, team = self.chosen_member(), self.team
        if member is None or team is None:
            return
        dialog = self.member_dialog(self.ctx.t("member.edit", name=member.name), member, team)
        self.app.push_screen(dialog)

    def action_remove_member(self) -> None:
        member, team = self.chosen_member(), self.team
        if member is None or team is None:
            return

        def save(_: dict[str, str]) -> None:
            self.save_member(team, member.id, None)

        question = self.ctx.t("member.remove", name=member.name, team=team)
        done = SavingForm(self.ctx, question, [], save, lambda _: self.member_saved(team))
        self.app.push_screen(done)

    def save_member(self, team: str, member_id: int | None, form: MemberForm | None) -> None:
        """Write the change in one transaction; called by the dialog's worker thread."""
        officer = self.ctx.officer

        def save(session: Session) -> None:
            if member_id is None and form is not None:
                add_member(session, team, form, self.ctx.settings.member_caps, officer)
            elif member_id is not None and form is not None:
                edit_member(session, member_id, form, officer)
            elif member_id is not None:
                remove_member(session, member_id, officer)

        self.write(save)

    def member_saved(self, team: str) -> None:
        self.notify(self.ctx.t("member.saved", team=team))
        self.show_team(team)

    def show_team(self, code: str) -> None:
        """Load the team's members again; the screen says how."""
        raise NotImplementedError
