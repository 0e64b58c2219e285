"""Review inbox: messages the tracker would not count on its own; accept or reject each.

It shows the scope's items (a commune officer sees their commune's), with the team by its
name and the reason in words. `/` filters by any word (team, sender, reason, text; no
diacritics needed), `g` by age, `o` sorts, and `X` rejects every item shown at once.
ctrl+z undoes the last decision made here (tui/widgets/last_change.py): a reject, a bulk
reject or an accept.
"""

from __future__ import annotations

from typing import ClassVar

from sqlalchemy.orm import Session
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import DataTable, Footer, Header, Input, Label, Static

from tracker.clock import VIETNAM
from tracker.hierarchy import find_unit
from tracker.registration import Choice, member_choices
from tracker.reports.pipeline import process_pending
from tracker.review import ReviewRow, accept, link_sender, reject
from tracker.review_query import (
    SORTS,
    InboxFilter,
    inbox,
    indicator_choices,
    sorted_rows,
    team_choices,
)
from tracker.review_undo import ReviewDecision, decide, undo_decision
from tracker.review_words import reason_words
from tracker.store.version import Version, data_version
from tracker.text import fold
from tui.screens.following import FollowingScreen
from tui.widgets.accept import AcceptChoices, AcceptDialog, AcceptForm
from tui.widgets.dialogs import TextPrompt
from tui.widgets.form import Field
from tui.widgets.last_change import UndoesLast
from tui.widgets.link import LinkDialog
from tui.widgets.plain import PlainTable
from tui.widgets.saving import SavingForm

AGES = (None, 7, 30)  # `g` steps through: every item, older than a week, than a month


class ReviewScreen(UndoesLast[ReviewDecision], FollowingScreen):
    AUTO_FOCUS = "#review"  # not the search box, so that the number keys switch screens
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "accept", "bind.accept"),
        Binding("x", "reject", "bind.reject"),
        Binding("X", "reject_shown", "bind.reject_shown", show=False),
        Binding("l", "link", "bind.link"),
        Binding("slash", "search", "bind.search"),
        Binding("g", "age", "bind.age", show=False),
        Binding("o", "sort", "bind.sort", show=False),
        Binding("r", "refresh", "bind.refresh", show=False),
        Binding("ctrl+z", "undo", "bind.undo_review", show=False),  # `?` and the palette list it
    ]
    COLUMNS: ClassVar[dict[str, tuple[str, ...]]] = {
        "review": ("col.date:5", "col.team:14", "col.sender:11", "col.reason:22", "col.text:"),
    }
    DEFAULT_CSS = """
    ReviewScreen #review-search { display: none; }
    ReviewScreen #review-search.shown { display: block; }
    ReviewScreen #review-text { height: auto; max-height: 5; border-top: solid $accent; }
    """

    class Loaded(Message):
        def __init__(self, items: list[ReviewRow], version: Version) -> None:
            super().__init__()
            self.items = items
            self.version = version

    class Decided(Message):
        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    class Choices(Message):
        def __init__(self, item: ReviewRow, choices: list[Choice]) -> None:
            super().__init__()
            self.item = item
            self.choices = choices

    class AcceptLists(Message):
        def __init__(self, item: ReviewRow, choices: AcceptChoices) -> None:
            super().__init__()
            self.item = item
            self.choices = choices

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[str, ReviewRow] = {}
        self.loaded: list[ReviewRow] = []
        self.age: int | None = None
        self.sort_by = "date"

    def compose(self) -> ComposeResult:
        yield Header()
        yield Label("", id="review-header", classes="screen-title", markup=False)
        yield Input(placeholder=self.ctx.t("review.search"), id="review-search", compact=True)
        yield PlainTable(id="review", cursor_type="row", zebra_stripes=True)
        yield Static("", id="review-text", markup=False)
        yield Footer(compact=True)

    def reload(self) -> None:
        super().reload()
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False)
    def load(self) -> None:
        with self.ctx.sessions() as session:
            version = data_version(session)
            scope = find_unit(session, self.ctx.scope)
            items = inbox(session, scope, self.ctx.today(), InboxFilter(older_than=self.age))
        self.post_fresh(self.Loaded(items, version))

    def on_review_screen_loaded(self, message: Loaded) -> None:
        self.version = message.version
        self.loaded = message.items
        self.show()

    def words(self, item: ReviewRow) -> str:
        """What `/` looks in: the team, the sender, the reason in words and the text."""
        reason = reason_words(self.ctx.language, item.reason)
        sender = item.sender_name or item.sender_id or ""
        return fold(f"{item.team or ''} {item.team_name or ''} {sender} {reason} {item.text}")

    def shown_items(self) -> list[ReviewRow]:
        wanted = fold(self.query_one("#review-search", Input).value).split()
        chosen = [i for i in self.loaded if all(w in self.words(i) for w in wanted)]
        return sorted_rows(chosen, self.sort_by)

    def show(self) -> None:
        t = self.ctx.t
        items = self.shown_items()
        self.items = {str(item.id): item for item in items}
        header = t("review.header", n=len(items)) if items else t("review.empty")
        notes = [t("dash.sorted", by=t(f"sort.{self.sort_by}"))]
        if self.age is not None:
            notes.append(t("review.older", days=self.age))
        self.query_one("#review-header", Label).update(f"{header} · {' · '.join(notes)}")
        table = self.query_one("#review", DataTable)
        row = table.cursor_row
        table.clear()
        for item in items:
            first = item.text.strip().splitlines()[0] if item.text.strip() else ""
            table.add_row(
                item.sent_at.astimezone(VIETNAM).strftime("%d/%m"),
                item.team_name or item.team or "",
                item.sender_name or item.sender_id or "?",
                reason_words(self.ctx.language, item.reason),
                first,
                key=str(item.id),
            )
        if table.row_count:
            table.move_cursor(row=min(max(row, 0), table.row_count - 1))
        else:
            self.query_one("#review-text", Static).update("")

    def action_search(self) -> None:
        field = self.query_one("#review-search", Input)
        field.add_class("shown")
        field.focus()

    @on(Input.Changed, "#review-search")
    def search_changed(self) -> None:
        self.show()

    @on(Input.Submitted, "#review-search")
    def search_done(self) -> None:
        self.query_one("#review", DataTable).focus()

    def key_escape(self) -> bool:
        """Escape leaves the search box (what was typed stays, and keeps filtering);
        a second Escape, in the table, clears it."""
        if super().key_escape():
            return True
        field = self.query_one("#review-search", Input)
        if field.value:
            field.value = ""
            field.remove_class("shown")
        return True

    def action_age(self) -> None:
        self.age = AGES[(AGES.index(self.age) + 1) % len(AGES)]
        self.reload()

    def action_sort(self) -> None:
        self.sort_by = SORTS[(SORTS.index(self.sort_by) + 1) % len(SORTS)]
        self.show()

    @on(DataTable.RowHighlighted, "#review")
    def item_chosen(self, event: DataTable.RowHighlighted) -> None:
        item = self.items.get(event.row_key.value or "")
        if item is None:
            return
        self.query_one("#review-text", Static).update(self.about(item))

    def about(self, item: ReviewRow) -> str:
        """The item whole: who sent it, where, when, why it waits, and what it says."""
        when = item.sent_at.astimezone(VIETNAM).strftime("%d/%m/%Y %H:%M")
        sender = item.sender_name or item.sender_id or "?"
        team = f" · {item.team_name}" if item.team_name else ""
        reason = reason_words(self.ctx.language, item.reason)
        return f"{sender}{team} · {item.channel} {item.chat_id} · {when} · {reason}\n{item.text}"

    def selected(self) -> ReviewRow | None:
        table = self.query_one("#review", DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return self.items.get(key or "")

    def action_accept(self) -> None:
        item = self.selected()
        if item is not None:
            self.load_accept_lists(item)

    @work(thread=True, exclusive=True, group="choices", exit_on_error=False)
    def load_accept_lists(self, item: ReviewRow) -> None:
        """The teams of the scope and the indicators, for the accept dialog's lists."""
        with self.ctx.sessions() as session:
            teams = team_choices(session, find_unit(session, self.ctx.scope))
            indicators = indicator_choices(session, self.ctx.language)
        self.post_message(self.AcceptLists(item, AcceptChoices(teams, indicators)))

    def on_review_screen_accept_lists(self, message: AcceptLists) -> None:
        item = message.item
        t = self.ctx.t
        start = AcceptForm(item.team or "", item.indicator or "", item.value or 0)
        labels = (t("col.team"), t("col.indicator"), t("col.value"))
        dialog = AcceptDialog(
            t("review.accept", id=item.id),
            labels,
            start,
            t("ok"),
            t("cancel"),
            message=self.about(item),
            choices=message.choices,
            # Saved before the dialog closes: a refusal stays in it, as chosen.
            save=lambda form: self.decide_accept(item.id, form),
            saved=self.accepted,
        )
        self.app.push_screen(dialog)

    def accepted(self, text: str) -> None:
        self.post_message(self.Decided(text))

    def action_reject(self) -> None:
        item = self.selected()
        if item is None:
            return
        fields = [Field("reason", self.ctx.t("review.reason_field"), required=False)]
        # Saved before the form closes: a refusal (decided meanwhile) keeps the reason typed.
        dialog = SavingForm(
            self.ctx,
            self.ctx.t("review.reason_prompt"),
            fields,
            lambda answers: self.decide_reject(item.id, answers["reason"]),
            self.accepted,
        )
        self.app.push_screen(dialog)

    def decide_accept(self, item_id: int, form: AcceptForm) -> str:
        """Count the item as the form says (the dialog's worker); the note to show."""
        with self.ctx.sessions() as session, session.begin():
            entry, decision = decide(
                session,
                "accept",
                [item_id],
                lambda: accept(
                    session,
                    item_id,
                    officer=self.ctx.officer,
                    team=form.team,
                    indicator=form.indicator,
                    value=form.value,
                ),
            )
        self.last_edit = decision
        text = self.ctx.t(
            "review.accepted", team=form.team, indicator=form.indicator, value=form.value
        )
        if entry is None:  # an approved month: it waits again, marked after approval
            text = self.ctx.t("review.after_approval", id=item_id)
        return text

    def decide_reject(self, item_id: int, reason: str) -> str:
        """Reject the item (the form's worker); the note to show."""
        self.reject_all([item_id], reason)
        return self.ctx.t("review.rejected", id=item_id)

    def action_reject_shown(self) -> None:
        """Reject every item shown (the filters chose them), after one question."""
        ids = list(self.items)
        if not ids:
            return
        t = self.ctx.t
        prompt = TextPrompt(t("review.reject_shown", n=len(ids)), "", t("bind.reject"), t("cancel"))

        def chosen(reason: str | None) -> None:
            if reason is not None:
                self.decide_reject_many([int(i) for i in ids], reason)

        self.app.push_screen(prompt, chosen)

    @work(thread=True, exclusive=True, group="decide", exit_on_error=False)
    def decide_reject_many(self, item_ids: list[int], reason: str) -> None:
        """All or none, as `tracker review reject --held-for … --older-than …` does."""
        self.reject_all(item_ids, reason)
        self.post_message(self.Decided(self.ctx.t("review.rejected_many", n=len(item_ids))))

    def reject_all(self, item_ids: list[int], reason: str) -> None:
        """Reject the items in one transaction: one decision, which ctrl+z undoes whole."""

        def each() -> None:
            for item_id in item_ids:
                reject(session, item_id, officer=self.ctx.officer, reason=reason or None)

        with self.ctx.sessions() as session, session.begin():
            _, decision = decide(session, "reject", item_ids, each)
        self.last_edit = decision

    def undo_in(self, session: Session, change: ReviewDecision) -> None:
        undo_decision(session, change, self.ctx.officer)

    def show_undone(self, change: ReviewDecision) -> None:
        self.reload()

    def action_link(self) -> None:
        item = self.selected()
        if item is not None:
            self.load_choices(item)

    @work(thread=True, exclusive=True, group="choices", exit_on_error=False)
    def load_choices(self, item: ReviewRow) -> None:
        with self.ctx.sessions() as session:
            choices = member_choices(session, item.channel)
        self.post_message(self.Choices(item, choices))

    def on_review_screen_choices(self, message: Choices) -> None:
        t = self.ctx.t
        item = message.item
        sender = item.sender_name or item.sender_id or "?"
        dialog = LinkDialog(
            t("review.link", id=item.id, sender=sender),
            t("review.link_filter"),
            t("review.link_linked"),
            message.choices,
        )

        def chosen(choice: tuple[str, str] | None) -> None:
            if choice is not None:
                self.decide_link(item.id, *choice)

        self.app.push_screen(dialog, chosen)

    @work(thread=True, exclusive=True, group="decide", exit_on_error=False)
    def decide_link(self, item_id: int, team: str, member: str) -> None:
        with self.ctx.sessions() as session, session.begin():
            linked = link_sender(
                session, item_id, team=team, member=member, officer=self.ctx.officer
            )
        # The sender's held reports are counted now, as `tracker review link` does.
        process_pending(self.ctx.sessions, self.ctx.settings)
        # A link is not undone here (its reports are counted again), so neither is the
        # decision before it: ctrl+z would not undo the last change.
        self.last_edit = None
        text = self.ctx.t("review.linked", member=linked.member, count=linked.requeued)
        self.post_message(self.Decided(text))

    def on_review_screen_decided(self, message: Decided) -> None:
        self.notify(message.text)
        self.reload()
