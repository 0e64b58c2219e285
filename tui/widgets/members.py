"""The member actions of the hierarchy screen: add, edit and remove, each through a dialog
and a thread worker; a refusal (cap, second leader...) comes back as the error dialog."""

from __future__ import annotations

from textual import work
from textual.screen import Screen
from textual.widgets import DataTable

from tracker.members import MemberForm, add_member, edit_member, remove_member
from tracker.roster import MemberView
from tui.context import TuiContext
from tui.widgets.form import Field, FormDialog


class MemberActions(Screen[None]):
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

    def member_dialog(self, title: str, start: MemberView | None) -> FormDialog:
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
        return FormDialog(title, fields, t("ok"), t("cancel"))

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

        def done(answers: dict[str, str] | None) -> None:
            if answers:
                self.save_member(team, None, self.member_form(answers))

        self.app.push_screen(self.member_dialog(self.ctx.t("member.add", team=team), None), done)

    def action_edit_member(self) -> None:
        member, team = self.chosen_member(), self.team
        if member is None or team is None:
            return

        def done(answers: dict[str, str] | None) -> None:
            if answers:
                self.save_member(team, member.id, self.member_form(answers))

        dialog = self.member_dialog(self.ctx.t("member.edit", name=member.name), member)
        self.app.push_screen(dialog, done)

    def action_remove_member(self) -> None:
        member, team = self.chosen_member(), self.team
        if member is None or team is None:
            return

        def done(answers: dict[str, str] | None) -> None:
            if answers is not None:
                self.save_member(team, member.id, None)

        t = self.ctx.t
        question = t("member.remove", name=member.name, team=team)
        self.app.push_screen(FormDialog(question, [], t("ok"), t("cancel")), done)

    @work(thread=True, exclusive=True, group="member", exit_on_error=False)
    def save_member(self, team: str, member_id: int | None, form: MemberForm | None) -> None:
        officer = self.ctx.officer
        with self.ctx.sessions() as session, session.begin():
            if member_id is None and form is not None:
                add_member(session, team, form, self.ctx.settings.member_caps, officer)
            elif member_id is not None and form is not None:
                edit_member(session, member_id, form, officer)
            elif member_id is not None:
                remove_member(session, member_id, officer)
        self.app.call_from_thread(self.member_saved, team)

    def member_saved(self, team: str) -> None:
        self.notify(self.ctx.t("member.saved", team=team))
        self.show_team(team)

    def show_team(self, code: str) -> None:
        """Load the team's members again; the screen says how."""
        raise NotImplementedError
