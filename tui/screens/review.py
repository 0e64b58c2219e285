"""Review inbox: messages the tracker would not count on its own; accept or reject each."""

from __future__ import annotations

from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import DataTable, Footer, Header, Label, Static

from tracker.clock import VIETNAM
from tracker.registration import Choice, member_choices
from tracker.reports.pipeline import process_pending
from tracker.review import ReviewRow, accept, link_sender, list_items, reject
from tracker.store.version import Version, data_version
from tui.screens.following import FollowingScreen
from tui.widgets.accept import AcceptDialog, AcceptForm
from tui.widgets.dialogs import TextPrompt
from tui.widgets.link import LinkDialog
from tui.widgets.plain import PlainTable


class ReviewScreen(FollowingScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "accept", "bind.accept"),
        Binding("x", "reject", "bind.reject"),
        Binding("l", "link", "bind.link"),
        Binding("r", "refresh", "bind.refresh", show=False),
    ]
    COLUMNS: ClassVar[dict[str, tuple[str, ...]]] = {
        "review": ("col.code:4", "col.sender:16", "col.reason:16", "col.text:32"),
    }

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

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[str, ReviewRow] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        yield Label("", id="review-header", classes="screen-title", markup=False)
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
            items = list_items(session, "open")
        self.post_fresh(self.Loaded(items, version))

    def on_review_screen_loaded(self, message: Loaded) -> None:
        t = self.ctx.t
        self.version = message.version
        self.items = {str(item.id): item for item in message.items}
        header = t("review.header", n=len(message.items)) if message.items else t("review.empty")
        self.query_one("#review-header", Label).update(header)
        table = self.query_one("#review", DataTable)
        row = table.cursor_row
        table.clear()
        for item in message.items:
            first = item.text.strip().splitlines()[0] if item.text.strip() else ""
            table.add_row(
                str(item.id),
                item.sender_name or item.sender_id or "?",
                self.ctx.t("review.registration") if item.reason == "registration" else item.reason,
                first,
                key=str(item.id),
            )
        if table.row_count:
            table.move_cursor(row=min(max(row, 0), table.row_count - 1))
        else:
            self.query_one("#review-text", Static).update("")

    @on(DataTable.RowHighlighted, "#review")
    def item_chosen(self, event: DataTable.RowHighlighted) -> None:
        item = self.items.get(event.row_key.value or "")
        if item is None:
            return
        when = item.sent_at.astimezone(VIETNAM).strftime("%d/%m/%Y %H:%M")
        sender = item.sender_name or item.sender_id or "?"
        self.query_one("#review-text", Static).update(
            f"{sender} · {item.channel} {item.chat_id} · {when}\n{item.text}"
        )

    def selected(self) -> ReviewRow | None:
        table = self.query_one("#review", DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return self.items.get(key or "")

    def action_accept(self) -> None:
        item = self.selected()
        if item is None:
            return
        t = self.ctx.t
        start = AcceptForm(item.team or "", item.indicator or "", item.value or 0)
        labels = (t("col.team"), t("col.indicator"), t("col.value"))
        dialog = AcceptDialog(t("review.accept", id=item.id), labels, start, t("ok"), t("cancel"))

        def chosen(form: AcceptForm | None) -> None:
            if form is not None:
                self.decide_accept(item.id, form)

        self.app.push_screen(dialog, chosen)

    def action_reject(self) -> None:
        item = self.selected()
        if item is None:
            return
        prompt = TextPrompt(self.ctx.t("review.reason_prompt"), "", self.ctx.t("ok"))

        def chosen(reason: str | None) -> None:
            if reason is not None:
                self.decide_reject(item.id, reason)

        self.app.push_screen(prompt, chosen)

    @work(thread=True, exclusive=True, group="decide", exit_on_error=False)
    def decide_accept(self, item_id: int, form: AcceptForm) -> None:
        with self.ctx.sessions() as session, session.begin():
            entry = accept(
                session,
                item_id,
                officer=self.ctx.officer,
                team=form.team,
                indicator=form.indicator,
                value=form.value,
            )
        text = self.ctx.t(
            "review.accepted", team=form.team, indicator=form.indicator, value=form.value
        )
        if entry is None:  # an approved month: it waits again, marked after approval
            text = self.ctx.t("review.after_approval", id=item_id)
        self.post_message(self.Decided(text))

    @work(thread=True, exclusive=True, group="decide", exit_on_error=False)
    def decide_reject(self, item_id: int, reason: str) -> None:
        with self.ctx.sessions() as session, session.begin():
            reject(session, item_id, officer=self.ctx.officer, reason=reason or None)
        self.post_message(self.Decided(self.ctx.t("review.rejected", id=item_id)))

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
        text = self.ctx.t("review.linked", member=linked.member, count=linked.requeued)
        self.post_message(self.Decided(text))

    def on_review_screen_decided(self, message: Decided) -> None:
        self.notify(message.text)
        self.reload()
