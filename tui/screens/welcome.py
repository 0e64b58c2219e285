"""The first run, on an empty store: a short welcome and three ways to begin.

Import files (units first, then teams, members, chats...), load the demo, or add the first
unit by hand. Each works from here: a unit in the store ends the welcome and opens the
screens on it (the demo on the dashboard, a unit added by hand on the hierarchy, to add
its teams next). An empty store has no officer accounts (an account belongs to a unit),
so it is open: every change is audited under the officer's name, as everywhere else.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Button, Footer, Header, Label, Static

from tracker.imports import KINDS, import_file
from tracker.roster import default_scope
from tracker.units import UnitForm, save_unit
from tui.screens.base import TrackerScreen
from tui.widgets.form import Field
from tui.widgets.saving import SavingForm


class WelcomeScreen(TrackerScreen):
    DEFAULT_CSS = """
    WelcomeScreen > Vertical { padding: 1 2; height: auto; }
    WelcomeScreen #welcome-title { text-style: bold; margin-bottom: 1; }
    WelcomeScreen Button { margin: 1 0 0 0; width: 100%; }
    WelcomeScreen #welcome-done { color: $success; height: auto; }
    WelcomeScreen #go { display: none; }
    WelcomeScreen.-ready #go { display: block; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("i", "import_files", "bind.welcome_import"),
        Binding("d", "demo", "bind.welcome_demo"),
        Binding("a", "first_unit", "bind.welcome_unit"),
        Binding("c", "open_screens", "bind.welcome_go"),
    ]

    def compose(self) -> ComposeResult:
        t = self.ctx.t
        yield Header()
        with Vertical():
            yield Label(t("welcome.title"), id="welcome-title", markup=False)
            yield Static(t("welcome.text"), markup=False)
            yield Button(t("welcome.import"), id="import", compact=True)
            yield Button(t("welcome.demo"), id="demo", compact=True)
            yield Button(t("welcome.unit"), id="unit", compact=True)
            yield Label("", id="welcome-done", markup=False)
            # Shown once a file of units is in: the screens open on them.
            yield Button(t("welcome.go"), id="go", variant="primary", compact=True)
        yield Footer(compact=True)

    @on(Button.Pressed, "#import")
    def action_import_files(self) -> None:
        t = self.ctx.t
        fields = [
            Field("kind", t("welcome.kind"), "units", hint=", ".join(KINDS)),
            Field("path", t("welcome.path"), hint=t("welcome.path_hint")),
        ]
        self.app.push_screen(
            SavingForm(self.ctx, t("welcome.import_title"), fields, self.import_one)
        )

    def import_one(self, answers: dict[str, str]) -> None:
        """One file, all its rows or none (the form's worker); the welcome says what came."""
        from tracker.errors import FieldError

        kind = answers["kind"].strip().lower()
        if kind not in KINDS:
            raise FieldError("kind", self.ctx.t("welcome.bad_kind", kinds=", ".join(KINDS)))
        settings = replace(self.ctx.settings, language=self.ctx.language)
        path = Path(answers["path"]).expanduser()
        with self.ctx.sessions() as session, session.begin():
            outcome = import_file(session, kind, path, settings, self.ctx.officer, str(path))
        summary = outcome.summary(self.ctx.language)
        self.app.call_from_thread(self.imported, summary)

    def imported(self, summary: str) -> None:
        """The welcome stays, saying what was imported, for the next file (teams and
        members after units); once there are units, `c` opens the screens on them."""
        self.query_one("#welcome-done", Label).update(summary)
        with self.ctx.sessions() as session:
            self.first_unit = default_scope(session)
        self.set_class(self.first_unit is not None, "-ready")
        self.refresh_bindings()

    first_unit: str | None = None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "open_screens":
            return self.first_unit is not None
        return super().check_action(action, parameters)

    @on(Button.Pressed, "#go")
    def action_open_screens(self) -> None:
        self.begin(self.first_unit, "dashboard")

    @on(Button.Pressed, "#demo")
    def action_demo(self) -> None:
        self.query_one("#welcome-done", Label).update(self.ctx.t("welcome.loading"))
        self.load_demo()

    @work(thread=True, exclusive=True, group="welcome", exit_on_error=False)
    def load_demo(self) -> None:
        from tracker.demo.load import load_demo

        load_demo(self.ctx.sessions, self.ctx.settings, today=self.ctx.today())
        with self.ctx.sessions() as session:
            code = default_scope(session)
        self.app.call_from_thread(self.begin, code, "dashboard")

    @on(Button.Pressed, "#unit")
    def action_first_unit(self) -> None:
        t = self.ctx.t
        fields = [
            Field("code", t("col.code")),
            Field("name", t("col.name")),
            Field("level", t("col.level"), t("level.province"), hint=t("unit.level_hint")),
            Field("households", t("unit.households"), required=False, integer=True),
        ]

        def save(answers: dict[str, str]) -> str:
            form = UnitForm(
                answers["code"], answers["name"], answers["level"], "", answers["households"]
            )
            with self.ctx.sessions() as session, session.begin():
                save_unit(
                    session, self.ctx.settings, form, self.ctx.officer, None, self.ctx.language
                )
            return form.code.strip()

        title = t("welcome.unit_title")
        dialog = SavingForm(
            self.ctx, title, fields, save, lambda code: self.begin(code, "hierarchy")
        )
        self.app.push_screen(dialog)

    def begin(self, code: str | None, mode: str) -> None:
        """The store has its first unit: open the screens on it."""
        if code is None:
            return
        self.ctx.scope = code
        self.app.pop_screen()
        self.app.call_after_refresh(self.app.action_go, mode)  # type: ignore[attr-defined]
