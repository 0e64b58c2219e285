"""The command palette: every action, with its key and what it does, found without diacritics.

Textual's own provider matches letters fuzzily as typed, so `bao cao thang` does not
find `Báo cáo tháng`; this one compares folded words (tracker.text.fold). Textual's own
commands (themes, screenshots, English only) are not offered: the palette speaks the UI
language only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from typing import Any

from textual.app import App
from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.screen import Screen

from tracker.text import fold
from tui.textual_private import bindings_of


@dataclass(frozen=True)
class Command:
    name: str
    key: str  # as shown, e.g. "a" or "ctrl+q"; empty when the action has no key
    help: str
    run: Callable[[], object]

    @property
    def title(self) -> str:
        return f"{self.name} ({self.key})" if self.key else self.name

    def score(self, query: str) -> float:
        """0 when a word of the query is in neither the name nor the help; more when the
        name starts with the query, holds it whole, or holds each word."""
        words = fold(query).split()
        name, text = fold(self.name), fold(f"{self.name} {self.key} {self.help}")
        if not words or not all(word in text for word in words):
            return 0.0
        joined = " ".join(words)
        if name.startswith(joined):
            return 1.0
        if joined in name:
            return 0.8
        return 0.6 if all(word in name for word in words) else 0.3


def offered(node: Any, action: str) -> bool:
    """Whether the node offers the action now: a viewer is not offered what writes
    (the screens' `check_action`)."""
    check = getattr(node, "check_action", None)
    return check is None or check(action.partition("(")[0], ()) is not False


def palette_commands(app: App[Any], screen: Screen[Any]) -> Iterator[Command]:
    """Every named action of the screen in view and of the app, once each, with its keys
    and the sentence saying what it does (the bindings' tooltips, see tui/tips.py)."""
    seen: set[str] = set()
    for node in (screen, app):
        actions: dict[str, list[Binding]] = {}
        for bindings in bindings_of(node).key_to_bindings.values():
            for binding in bindings:
                if binding.description and not binding.system:
                    actions.setdefault(binding.action, []).append(binding)
        for action, bindings in actions.items():
            if action in seen or not offered(node, action):
                continue
            seen.add(action)
            first = bindings[0]
            keys = "/".join(dict.fromkeys(app.get_key_display(b) for b in bindings))
            yield Command(first.description, keys, first.tooltip, partial(node.run_action, action))


class TrackerCommands(Provider):
    def commands(self) -> Iterator[Command]:
        yield from palette_commands(self.app, self.screen)

    async def discover(self) -> Hits:
        for command in sorted(self.commands(), key=lambda c: fold(c.name)):
            yield DiscoveryHit(command.title, command.run, help=command.help)

    async def search(self, query: str) -> Hits:
        for command in self.commands():
            score = command.score(query)
            if score > 0:
                yield Hit(score, command.title, command.run, help=command.help)
