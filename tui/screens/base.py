"""What every screen of the app shares: the context, translated bindings, and a title line."""

from __future__ import annotations

from dataclasses import replace
from typing import ClassVar

from textual.binding import Binding, BindingsMap
from textual.dom import DOMNode
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Input
from textual.worker import Worker, WorkerState, get_current_worker

from tracker.hierarchy import find_unit
from tui.context import TuiContext
from tui.textual_private import bindings_of, set_bindings
from tui.tips import tip
from tui.widgets.failures import ReportsWorkerFailures

# The actions that write to the store, on whatever screen: a viewer is not offered them
# (footer, palette, `?`), as an officer is not offered in Excel a sheet that is locked.
WRITES = frozenset(
    {
        # hierarchy
        "add_unit",
        "edit_unit",
        "remove_unit",
        "add_team",
        "edit_team",
        "remove_team",
        "bind_chat",
        "unbind_chat",
        "add_member",
        "edit_member",
        "remove_member",
        # quotas
        "edit",
        "allocate",
        "copy",
        "import_file",
        "undo",
        # review, tasks, monthly reports, digests
        "accept",
        "reject",
        "reject_shown",
        "link",
        "create",
        "done",
        "approve",
        "return_report",
        "post",
    }
)
# Screens where choosing a cell (Enter) opens its editor: not for a viewer either.
SELECT_EDITS = frozenset({"QuotasScreen"})


class TrackerScreen(ReportsWorkerFailures, Screen[None]):
    """A screen of the app. Binding descriptions are catalogue keys, shown in the UI language."""

    loaded_scope: str | None = None
    failed = False
    ready = False  # mounted, with its table columns
    wanted = False
    # Reload whenever the screen comes back into view (data may have changed elsewhere);
    # otherwise only when the scope changed.
    RELOAD_ON_RESUME = True

    @property
    def ctx(self) -> TuiContext:
        context = getattr(self.app, "ctx", None)
        assert isinstance(context, TuiContext)
        return context

    # table id -> its columns as "catalogue key:width"; added once, when the screen mounts.
    # Fixed widths keep the layout steady in 80 columns whatever the data.
    COLUMNS: ClassVar[dict[str, tuple[str, ...]]] = {}

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Hide what the officer may not do: False leaves it out of the footer, the
        palette and the keys help, and its key does nothing."""
        return not (self.ctx.read_only and action in WRITES)

    async def _on_message(self, message: Message) -> None:
        # Enter on a quota cell is the cell's editor: a viewer gets nothing to type into.
        # (Textual's handlers are chosen here; the screen's own handler is not ours to gate.)
        if (
            self.ctx.read_only
            and isinstance(message, DataTable.CellSelected)
            and type(self).__name__ in SELECT_EDITS
        ):
            message.stop()
            return
        await super()._on_message(message)

    def on_mount(self) -> None:
        translate_bindings(self, self.ctx)
        # The footer's room goes to the screen's keys and `?`, which lists them all and
        # names Ctrl+P, the palette (whose own footer entry would crowd out a key).
        for footer in self.query(Footer):
            footer.show_command_palette = False
        for table_id, specs in self.COLUMNS.items():
            table = self.query_one(f"#{table_id}", DataTable)
            for spec in specs:
                key, _, width = spec.partition(":")
                label = self.ctx.t(key) if "." in key else key
                table.add_column(label, width=int(width) if width else None)
        self.ready = True
        if self.wanted:  # the screen was shown before it was mounted
            self.reload()

    def on_screen_resume(self) -> None:
        """Load when shown: the first time, then as RELOAD_ON_RESUME and the scope say."""
        if not self.ready:
            self.wanted = True
        elif self.failed:
            return  # back from the error dialog: do not fail again at once
        elif (
            self.loaded_scope is None
            or self.RELOAD_ON_RESUME
            or self.loaded_scope != self.ctx.scope
        ):
            self.reload()

    def reload(self) -> None:
        """Start loading the screen's data (in a worker); subclasses override."""
        self.loaded_scope = self.ctx.scope
        self.failed = False

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        # Textual also calls the mixin's handler (it dispatches along the MRO).
        self.failed = self.failed or event.state == WorkerState.ERROR

    def post_fresh(self, message: Message) -> None:
        """Post a load worker's result unless a newer load has replaced it. An exclusive
        thread worker that was cancelled still runs to its end, and its older data must
        not land after the newer load's (a reload on resume racing a save's reload)."""
        if not get_current_worker().is_cancelled:
            self.post_message(message)

    def action_refresh(self) -> None:
        self.reload()

    def key_escape(self) -> bool:
        """Escape leaves any search or filter box for the screen's table (what was typed
        stays); True when it did."""
        if not isinstance(self.focused, Input):
            return False
        target = self.query(self.AUTO_FOCUS).first() if self.AUTO_FOCUS else None
        self.set_focus(target if target is not None and target.can_focus else None)
        return True

    def scope_name(self) -> str:
        with self.ctx.sessions() as session:
            return find_unit(session, self.ctx.scope).name


# Bindings that share one footer entry, by their description's key: the period steps of
# a screen show as "[] Period" and stay two commands, with their own names, in the palette.
FOOTER_GROUPS = {"bind.prev": "bind.period", "bind.next": "bind.period"}


def translate_bindings(node: DOMNode, ctx: TuiContext) -> None:
    """Replace each binding's description (a catalogue key like "bind.edit") by its text."""
    keys: dict[str, list[Binding]] = {}
    for key, bindings in bindings_of(node).key_to_bindings.items():
        keys[key] = [_translated(b, ctx) for b in bindings]
    set_bindings(node, BindingsMap.from_keys(keys))


# Textual's own bindings on every screen, by their English description: named in the
# UI language like ours, so that no English reaches the help screen or the palette.
TEXTUAL_BINDINGS = {
    "Focus Next": "bind.focus_next",
    "Focus Previous": "bind.focus_previous",
    "Copy selected text": "bind.copy_text",
}


def _translated(binding: Binding, ctx: TuiContext) -> Binding:
    if binding.description in TEXTUAL_BINDINGS:
        binding = replace(binding, description=TEXTUAL_BINDINGS[binding.description])
    if not binding.description.startswith(("bind.", "mode.")):
        return binding
    group = binding.group
    if group is not None and "." in group.description:
        group = Binding.Group(ctx.t(group.description), compact=group.compact)
    elif group is None and binding.description in FOOTER_GROUPS:
        group = Binding.Group(ctx.t(FOOTER_GROUPS[binding.description]), compact=True)
    # The tooltip keeps the sentence saying what the key does: the help screen and the
    # palette show it beside the key.
    tooltip = tip(ctx.language, binding.description) or binding.tooltip
    return replace(binding, description=ctx.t(binding.description), group=group, tooltip=tooltip)
