"""The officers' terminal UI: composes the screens and routes between them, nothing more."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from textual import work
from textual.binding import Binding, BindingType
from textual.command import CommandPalette
from textual.notifications import SeverityLevel
from textual.screen import Screen

from tracker.errors import UserError
from tracker.redaction import mask_secrets
from tui.commands import TrackerCommands
from tui.context import TuiContext
from tui.screens.base import translate_bindings
from tui.screens.dashboard import DashboardScreen
from tui.textual_private import OwnCrashReport
from tui.widgets.dialogs import ErrorDialog
from tui.widgets.failures import WorkerFailed
from tui.widgets.keys_help import KeysHelp, key_rows

LATER = (
    "tui.screens.hierarchy",
    "tui.screens.quotas",
    "tui.screens.review",
    "tui.screens.tasks",
    "tui.screens.monthly",
    "tui.screens.digest",
    "tui.screens.audit",
    "tui.screens.scope",
)


def later(module: str, name: str) -> Callable[[], Screen[Any]]:
    """A screen made from its module when first shown: the start imports only the
    dashboard's (the other screens took about 0.2 s to import, before anything showed).
    The modules are imported in the background once the dashboard shows (warm_screens),
    so that the first key 3 does not wait for them either."""

    def make() -> Screen[Any]:
        from importlib import import_module

        screen: Screen[Any] = getattr(import_module(module), name)()
        return screen

    return make


class TrackerApp(OwnCrashReport[None]):
    CSS_PATH = "app.tcss"
    COMMANDS: ClassVar[set[Any]] = {TrackerCommands}  # tui/commands.py: ours only
    MODES: ClassVar[dict[str, str | Callable[[], Screen[Any]]]] = {
        "dashboard": DashboardScreen,
        "hierarchy": later("tui.screens.hierarchy", "HierarchyScreen"),
        "quotas": later("tui.screens.quotas", "QuotasScreen"),
        "review": later("tui.screens.review", "ReviewScreen"),
        "tasks": later("tui.screens.tasks", "TasksScreen"),
        "monthly": later("tui.screens.monthly", "MonthlyScreen"),
        "digest": later("tui.screens.digest", "DigestScreen"),
    }
    # The number keys share one footer entry ("1234567 Screens"); the palette names each.
    SCREENS_GROUP = Binding.Group("mode.group", compact=True)
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("1", "go('dashboard')", "mode.dashboard", group=SCREENS_GROUP),
        Binding("2", "go('hierarchy')", "mode.hierarchy", group=SCREENS_GROUP),
        Binding("3", "go('quotas')", "mode.quotas", group=SCREENS_GROUP),
        Binding("4", "go('review')", "mode.review", group=SCREENS_GROUP),
        Binding("5", "go('tasks')", "mode.tasks", group=SCREENS_GROUP),
        Binding("6", "go('monthly')", "mode.monthly", group=SCREENS_GROUP),
        Binding("7", "go('digest')", "mode.digest", group=SCREENS_GROUP),
        # The audit log only reads; the footer's 80 columns are full: key 8 and the
        # palette open it over the current screen, Esc closes it.
        Binding("8", "audit", "mode.audit", show=False),
        Binding("s", "scope", "bind.scope"),
        Binding("question_mark,f1", "keys", "bind.help"),
        Binding("ctrl+p", "command_palette", "bind.palette", show=False, priority=True),
        Binding("ctrl+q", "quit", "bind.quit", show=False),
    ]

    def __init__(self, ctx: TuiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.warmed = False  # the other screens' modules are imported (warm_screens)
        # On a store with accounts the header says who is working: on a shared server,
        # whose changes these are.
        who = f" — {ctx.who()}" if ctx.account is not None else ""
        self.title = f"{ctx.t('app.title')}{who}"
        translate_bindings(self, ctx)

    def on_mount(self) -> None:
        if not self.ctx.scope:  # an empty store: the welcome, until it has a unit
            from tui.screens.welcome import WelcomeScreen

            self.push_screen(WelcomeScreen())
            return
        self.action_go("dashboard")

    def on_dashboard_screen_loaded(self) -> None:
        """The dashboard's ranking is in (the message bubbles up from its screen)."""
        if not self.warmed:
            self.warmed = True
            self.warm_screens()

    @work(thread=True, group="warm", exit_on_error=False)
    def warm_screens(self) -> None:
        from importlib import import_module

        for module in LATER:
            import_module(module)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # The screens show a unit: none to show until the store has one.
        return bool(self.ctx.scope) or action not in {"go", "audit", "scope"}

    def action_go(self, mode: str) -> None:
        if mode in self.MODES and self.ctx.scope:
            # The header names the screen: the footer shows only its number.
            self.sub_title = self.ctx.t(f"mode.{mode}")
            self.switch_mode(mode)

    def action_audit(self) -> None:
        from tui.screens.audit import AuditScreen

        if not isinstance(self.screen, AuditScreen):
            self.push_screen(AuditScreen())

    def action_scope(self) -> None:
        from tui.screens.scope import ScopePicker

        def chosen(code: str | None) -> None:
            if code and code != self.ctx.scope:
                self.ctx.scope = code
                self.notify(self.ctx.t("scope.changed", name=code))
                current = self.screen
                if hasattr(current, "reload"):
                    current.reload()

        self.push_screen(ScopePicker(self.ctx), chosen)

    def action_keys(self) -> None:
        """`?` and F1: the keys of the screen in view, then the app's, with what they do."""
        if isinstance(self.screen, KeysHelp):
            return
        t = self.ctx.t
        rows = key_rows(self, [self.screen, self])
        self.push_screen(KeysHelp(t("keys.title", screen=self.sub_title), rows, t("keys.hint")))

    def action_command_palette(self) -> None:
        if not isinstance(self.screen, CommandPalette):
            palette = CommandPalette(placeholder=self.ctx.t("palette.placeholder"))
            self.push_screen(palette)

    def crashed(self, error: BaseException) -> bool:
        # Textual's crash report shows every frame's locals, the settings among them:
        # ours leaves them out and masks the messages (tui/crash.py).
        from tui.crash import crash_report

        self.bell()
        self.panic(crash_report(error))
        return True

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every note names something from outside (a team, a chat, a code): never markup."""
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)

    def on_worker_failed(self, message: WorkerFailed) -> None:
        """The one place where a failed worker becomes an error dialog; a refused attempt
        is audited here, its own transaction having rolled back."""
        error = message.error
        from tracker.officers.errors import NotAllowed
        from tracker.officers.refusals import record_refusal

        if isinstance(error, NotAllowed):
            record_refusal(self.ctx.sessions, error)
        if isinstance(error, UserError):
            text = error.text(self.ctx.language)
        else:
            text = mask_secrets(f"{type(error).__name__}: {error}")
        self.push_screen(ErrorDialog(self.ctx.t("error.title"), text, self.ctx.t("ok")))
