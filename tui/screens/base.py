"""What every screen of the app shares: the context, translated bindings, and a title line."""

from __future__ import annotations

from dataclasses import replace

from textual.binding import Binding, BindingsMap
from textual.dom import DOMNode
from textual.screen import Screen

from tracker.hierarchy import find_unit
from tui.context import TuiContext


class TrackerScreen(Screen[None]):
    """A screen of the app. Binding descriptions are catalogue keys, shown in the UI language."""

    loaded_scope: str | None = None

    @property
    def ctx(self) -> TuiContext:
        context = getattr(self.app, "ctx", None)
        assert isinstance(context, TuiContext)
        return context

    def on_mount(self) -> None:
        translate_bindings(self, self.ctx)
        self.reload()

    def on_screen_resume(self) -> None:
        if self.loaded_scope is not None and self.loaded_scope != self.ctx.scope:
            self.reload()

    def reload(self) -> None:
        """Start loading the screen's data (in a worker); subclasses override."""
        self.loaded_scope = self.ctx.scope

    def action_refresh(self) -> None:
        self.reload()

    def scope_name(self) -> str:
        with self.ctx.sessions() as session:
            return find_unit(session, self.ctx.scope).name


def translate_bindings(node: DOMNode, ctx: TuiContext) -> None:
    """Replace each binding's description (a catalogue key like "bind.edit") by its text."""
    keys: dict[str, list[Binding]] = {}
    for key, bindings in node._bindings.key_to_bindings.items():
        keys[key] = [
            replace(b, description=ctx.t(b.description))
            if b.description.startswith(("bind.", "mode."))
            else b
            for b in bindings
        ]
    node._bindings = BindingsMap.from_keys(keys)
