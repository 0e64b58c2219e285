"""Digest preview: the chats bound to units and teams of the scope, and today's digest of each.

The text shown is what the scheduled run would queue (the same builder, language, markup
and length limit). "Post now" is the service `tracker digest --post` uses: the same keys,
so that sync sends it once and today's scheduled run, which skips a chat whose key is in
the outbox, does not send it again, and the same audit entry. The text of a chat is
written only when its row is highlighted. ctrl+z takes the last post back while none of it
has gone out (tracker/digest_undo.py): the scheduled run then queues that digest again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, joinedload
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import DataTable, Footer, Header, Label, Static

from tracker.digest import chat_digest_texts, digest_key, post_digest_to_chat
from tracker.digest_undo import DigestPost, undo_post
from tracker.hierarchy import find_unit, subtree_unit_ids, team_ids_under
from tracker.store.models import Chat, OutboxMessage
from tracker.store.version import Version, data_version
from tui.screens.following import FollowingScreen
from tui.widgets.confirm import ConfirmDialog
from tui.widgets.last_change import UndoesLast
from tui.widgets.plain import PlainTable


@dataclass(frozen=True)
class ChatLine:
    id: int
    channel: str
    chat_id: str
    title: str
    bound_to: str
    state: str  # the outbox status of today's digest: none, pending, sent, failed

    @property
    def label(self) -> str:
        return self.title or self.chat_id

    def detail(self, t: Callable[..., str]) -> str:
        title = f" ({self.title})" if self.title else ""
        bound = f" · {t('col.bound')}: {self.bound_to}" if self.bound_to else ""
        return f"{self.channel} {self.chat_id}{title}{bound} · {t(f'outbox.{self.state}')}"


def scope_chats(session: Session, scope_code: str) -> list[Chat]:
    """The active chats bound to a unit of the scope's subtree or to a team under it."""
    scope = find_unit(session, scope_code)
    return list(
        session.scalars(
            select(Chat)
            .where(
                Chat.active.is_(True),
                or_(
                    Chat.unit_id.in_(subtree_unit_ids(scope.id)),
                    Chat.team_id.in_(team_ids_under(scope.id, "team_subtree")),
                ),
            )
            .options(joinedload(Chat.unit), joinedload(Chat.team))
            .order_by(Chat.id)
        ).unique()
    )


def digest_states(session: Session, chats: list[Chat], day: date) -> dict[str, str]:
    """Outbox status of the first part of each chat's digest for `day`, by its key."""
    keys = [digest_key(chat.channel, chat.chat_id, day) for chat in chats]
    rows = session.execute(
        select(OutboxMessage.idempotency_key, OutboxMessage.status).where(
            OutboxMessage.idempotency_key.in_(keys)
        )
    )
    return {key: status for key, status in rows}


class DigestScreen(UndoesLast[DigestPost], FollowingScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("p", "post", "bind.post"),
        Binding("r", "refresh", "bind.refresh", show=False),
        Binding("ctrl+z", "undo", "bind.undo_post", show=False),  # `?` and the palette list it
    ]
    COLUMNS: ClassVar[dict[str, tuple[str, ...]]] = {
        "chats": ("col.channel:8", "col.chat:25", "col.bound:25", "col.today:10"),
    }

    class Loaded(Message):
        def __init__(self, scope: str, day: date, chats: list[ChatLine], version: Version) -> None:
            super().__init__()
            self.version = version
            self.scope = scope
            self.day = day
            self.chats = chats

    class Written(Message):
        def __init__(self, chat: int, texts: list[str]) -> None:
            super().__init__()
            self.chat = chat
            self.texts = texts

    class Posted(Message):
        def __init__(self, note: str) -> None:
            super().__init__()
            self.note = note

    def __init__(self) -> None:
        super().__init__()
        self.chats: dict[int, ChatLine] = {}
        self.texts: dict[int, list[str]] = {}  # written today's digests, by chat row id
        self.shown: int | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Label("", id="digest-header", classes="screen-title", markup=False)
        yield PlainTable(id="chats", cursor_type="row", zebra_stripes=True)
        # The columns cut a long chat title at 80 columns (issue 14): the line under the
        # table shows the highlighted chat whole, with its id and what it is bound to.
        yield Label("", id="chat-detail", classes="detail", markup=False)
        with VerticalScroll(id="digest-scroll"):
            # The digest is plain text: square brackets in it are not markup.
            yield Static("", id="digest-text", markup=False)
        yield Footer(compact=True)

    def reload(self) -> None:
        super().reload()
        self.texts = {}
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False)
    def load(self) -> None:
        ctx = self.ctx
        day = ctx.today()
        with ctx.sessions() as session:
            version = data_version(session)
            chats = scope_chats(session, ctx.scope)
            states = digest_states(session, chats, day)
            lines = [
                ChatLine(
                    chat.id,
                    chat.channel,
                    chat.chat_id,
                    chat.title,
                    chat.unit.name if chat.unit else chat.team.name if chat.team else "",
                    states.get(digest_key(chat.channel, chat.chat_id, day), "none"),
                )
                for chat in chats
            ]
            name = find_unit(session, ctx.scope).name
        self.post_fresh(self.Loaded(name, day, lines, version))

    def on_digest_screen_loaded(self, message: Loaded) -> None:
        t = self.ctx.t
        self.version = message.version
        day = message.day.strftime("%d/%m/%Y")
        header = t("digest.header", date=day, scope=message.scope, n=len(message.chats))
        self.query_one("#digest-header", Label).update(header)
        table = self.query_one("#chats", DataTable)
        row = table.cursor_row
        table.clear()
        self.chats = {line.id: line for line in message.chats}
        for line in message.chats:
            table.add_row(
                line.channel, line.label, line.bound_to, t(f"outbox.{line.state}"), key=str(line.id)
            )
        if message.chats:
            table.move_cursor(row=min(max(row, 0), len(message.chats) - 1))
            self.show(message.chats[table.cursor_row].id)
        else:
            self.shown = None
            self.query_one("#chat-detail", Label).update("")
            self.query_one("#digest-text", Static).update(t("digest.empty"))

    @on(DataTable.RowHighlighted, "#chats")
    def chat_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.row_key.value is not None:
            self.show(int(event.row_key.value))

    def show(self, chat: int) -> None:
        self.shown = chat
        line = self.chats.get(chat)
        detail = "" if line is None else line.detail(self.ctx.t)
        self.query_one("#chat-detail", Label).update(detail)
        if chat in self.texts:
            self.show_text(chat)
            return
        self.query_one("#digest-text", Static).update(self.ctx.t("digest.writing"))
        self.write(chat)

    @work(thread=True, exclusive=True, group="text", exit_on_error=False)
    def write(self, chat_id: int) -> None:
        ctx = self.ctx
        with ctx.sessions() as session:
            chat = session.get(Chat, chat_id)
            texts = [] if chat is None else self.digest_of(session, chat)
        self.post_message(self.Written(chat_id, texts))

    def digest_of(self, session: Session, chat: Chat) -> list[str]:
        found = chat_digest_texts(session, [chat], self.ctx.today(), self.ctx.settings)
        return found.get(chat.id, [])

    def on_digest_screen_written(self, message: Written) -> None:
        self.texts[message.chat] = message.texts
        if message.chat == self.shown:
            self.show_text(message.chat)

    def show_text(self, chat: int) -> None:
        texts = self.texts.get(chat, [])
        if len(texts) > 1:
            text = "\n\n".join(
                f"{self.ctx.t('digest.part', n=n, of=len(texts))}\n{part}"
                for n, part in enumerate(texts, 1)
            )
        else:
            text = "".join(texts)
        self.query_one("#digest-text", Static).update(text)
        self.query_one("#digest-scroll", VerticalScroll).scroll_home(animate=False)

    def action_post(self) -> None:
        t = self.ctx.t
        line = self.chats.get(self.shown or -1)
        if line is None:
            return
        if line.state != "none":
            self.notify(t("digest.already", chat=line.label))
            return
        parts = len(self.texts.get(line.id, [])) or 1
        question = t("digest.confirm", parts=parts, chat=line.label)

        def done(yes: bool | None) -> None:
            if yes:
                self.post(line)

        self.app.push_screen(ConfirmDialog(question, t("bind.post"), t("cancel")), done)

    @work(thread=True, exclusive=True, group="post", exit_on_error=False)
    def post(self, line: ChatLine) -> None:
        ctx = self.ctx
        day = ctx.today()
        with ctx.sessions.begin() as session:
            queued = post_digest_to_chat(session, line.id, day, ctx.settings, ctx.officer).queued
        if queued:  # queued already (by the scheduled run, say): nothing of ours to take back
            self.last_edit = DigestPost(line.id, line.channel, line.chat_id, day)
        t = ctx.t
        note = (
            t("digest.posted", n=queued, chat=line.label)
            if queued
            else t("digest.already", chat=line.label)
        )
        self.post_message(self.Posted(note))

    def on_digest_screen_posted(self, message: Posted) -> None:
        self.notify(message.note)
        self.reload()

    def undo_in(self, session: Session, change: DigestPost) -> None:
        undo_post(session, change, self.ctx.officer)

    def show_undone(self, change: DigestPost) -> None:
        self.reload()
