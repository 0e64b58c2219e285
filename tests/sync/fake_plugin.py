"""An adapter "installed from another package" for the tests of `[channels.<name>]`: it
keeps what it was built with, hands out the messages put in its inbox, and records what
it sends. Registered in the tests by patching the `tracker.adapters` entry points."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any, ClassVar

from adapters.base import Capabilities
from tracker.messages import Inbound, Outbound


class EchoAdapter:
    name: ClassVar[str] = "echo"
    capabilities: ClassVar[Capabilities] = Capabilities(
        polling=True, webhooks=False, replies=True, edits=False, max_text_length=1000
    )
    built: ClassVar[list[dict[str, Any]]] = []
    inbox: ClassVar[list[tuple[str, str, str]]] = []  # (chat, sender, text)
    sent: ClassVar[list[Outbound]] = []

    def __init__(self, token: str, api_base: str, *, room: str, greeting: str = "") -> None:
        self.built.append(
            {"token": token, "api_base": api_base, "room": room, "greeting": greeting}
        )

    def pull(
        self, cursor: str | None, *, wait: float = 0.0
    ) -> tuple[Sequence[Inbound], str | None]:
        start = int(cursor or 0)
        messages = [
            Inbound(
                channel="echo",
                chat_id=chat,
                message_id=str(number),
                sent_at=datetime(2026, 11, 22, 1, 0, tzinfo=UTC),
                text=text,
                sender_id=sender,
            )
            for number, (chat, sender, text) in enumerate(self.inbox[start:], start + 1)
        ]
        return messages, str(len(self.inbox)) if messages else cursor

    def send(self, message: Outbound) -> str:
        self.sent.append(message)
        return f"echo-{len(self.sent)}"

    def parse_webhook(self, payload: Mapping[str, Any]) -> Sequence[Inbound]:
        return []

    def is_group(self, chat_id: str) -> bool:
        return True

    def close(self) -> None:
        pass
