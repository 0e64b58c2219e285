"""Tasks: the tasks under the scope, each task's assigned teams and their states; mark done."""

from __future__ import annotations

from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import DataTable, Footer, Header, Label

from tracker.clock import local_date, utcnow
from tracker.deadlines import TaskState
from tracker.errors import UserError
from tracker.hierarchy import find_unit
from tracker.imports.values import day
from tracker.tasks import TaskView, add_task, list_tasks, mark_done
from tui.screens.base import TrackerScreen
from tui.widgets.dialogs import TextPrompt
from tui.widgets.form import Field, FormDialog

DONE = (TaskState.DONE_ON_TIME, TaskState.DONE_LATE)


class TasksScreen(TrackerScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "create", "bind.new_task"),
        Binding("x", "done", "bind.done"),
        Binding("r", "refresh", "bind.refresh", show=False),
    ]
    COLUMNS: ClassVar[dict[str, tuple[str, ...]]] = {
        "tasks": ("col.code:9", "col.due:10", "col.progress:9", "col.task:40"),
        "assignments": ("col.team:32", "col.status:14", "col.done_at:10"),
    }

    class Loaded(Message):
        def __init__(self, tasks: list[TaskView]) -> None:
            super().__init__()
            self.tasks = tasks

    class Marked(Message):
        def __init__(self, task: str, team: str) -> None:
            super().__init__()
            self.task = task
            self.team = team

    class Created(Message):
        def __init__(self, task: str, teams: int) -> None:
            super().__init__()
            self.task = task
            self.teams = teams

    def __init__(self) -> None:
        super().__init__()
        self.tasks: dict[str, TaskView] = {}
        self.current: str | None = None
        self.wanted_task: str | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable(id="tasks", cursor_type="row")
        yield Label("", id="assignments-title", classes="section")
        yield DataTable(id="assignments", cursor_type="row", zebra_stripes=True)
        yield Footer(compact=True)

    def reload(self) -> None:
        super().reload()
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False)
    def load(self) -> None:
        with self.ctx.sessions() as session:
            tasks = list_tasks(session, find_unit(session, self.ctx.scope), self.ctx.today())
        self.post_message(self.Loaded(tasks))

    def on_tasks_screen_loaded(self, message: Loaded) -> None:
        self.tasks = {task.code: task for task in message.tasks}
        if self.wanted_task in self.tasks:
            self.current, self.wanted_task = self.wanted_task, None
        table = self.query_one("#tasks", DataTable)
        table.clear()
        for task in message.tasks:
            done = sum(1 for a in task.assignments if a.status in DONE)
            table.add_row(
                task.code,
                task.due.strftime("%d/%m/%Y"),
                f"{done}/{len(task.assignments)}",
                task.title,
                key=task.code,
            )
        if self.current in self.tasks:
            table.move_cursor(row=table.get_row_index(self.current))
        self.show_assignments()

    @on(DataTable.RowHighlighted, "#tasks")
    def task_chosen(self, event: DataTable.RowHighlighted) -> None:
        self.current = event.row_key.value
        self.show_assignments()

    def show_assignments(self) -> None:
        t = self.ctx.t
        task = self.tasks.get(self.current or "")
        table = self.query_one("#assignments", DataTable)
        row = table.cursor_row
        table.clear()
        if task is None:
            return
        self.query_one("#assignments-title", Label).update(
            t("tasks.assignments", task=f"{task.code} · {task.title}")
        )
        for item in task.assignments:
            done = "" if item.done_at is None else local_date(item.done_at).strftime("%d/%m/%Y")
            table.add_row(item.name, t(f"task.{item.status}"), done, key=item.team)
        if table.row_count:
            table.move_cursor(row=min(max(row, 0), table.row_count - 1))

    def action_done(self) -> None:
        table = self.query_one("#assignments", DataTable)
        if self.current is None or not table.row_count:
            return
        team = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value or ""
        task = self.current
        question = self.ctx.t("tasks.note", task=task, team=team)
        prompt = TextPrompt(question, "", self.ctx.t("ok"), self.ctx.t("cancel"))

        def done(note: str | None) -> None:
            if note is not None:
                self.mark(task, team, note)

        self.app.push_screen(prompt, done)

    def action_create(self) -> None:
        t = self.ctx.t
        fields = [
            Field("code", t("col.code")),
            Field("title", t("col.task")),
            Field("due", t("tasks.due_hint")),
            Field("to", t("tasks.to_hint"), self.ctx.scope),
        ]

        def done(answers: dict[str, str] | None) -> None:
            if answers:
                self.create(answers)

        self.app.push_screen(FormDialog(t("tasks.new"), fields, t("ok"), t("cancel")), done)

    @work(thread=True, exclusive=True, group="mark", exit_on_error=False)
    def create(self, answers: dict[str, str]) -> None:
        due = day(answers["due"])
        if due is None:
            raise UserError(self.ctx.t("tasks.bad_due", text=answers["due"]))
        to = [name for name in answers["to"].replace(",", " ").split() if name]
        with self.ctx.sessions() as session, session.begin():
            task = add_task(
                session, answers["code"], answers["title"], due, to, actor=self.ctx.officer
            )
            teams = len(task.assignments)
        self.post_message(self.Created(answers["code"], teams))

    @work(thread=True, exclusive=True, group="mark", exit_on_error=False)
    def mark(self, task: str, team: str, note: str) -> None:
        with self.ctx.sessions() as session, session.begin():
            mark_done(session, task, team, note or None, self.ctx.officer, at=utcnow())
        self.post_message(self.Marked(task, team))

    def on_tasks_screen_marked(self, message: Marked) -> None:
        self.notify(self.ctx.t("tasks.saved", task=message.task, team=message.team))
        self.reload()

    def on_tasks_screen_created(self, message: Created) -> None:
        self.wanted_task = message.task  # shown once the list comes back with it
        self.notify(self.ctx.t("tasks.created", task=message.task, teams=message.teams))
        self.reload()
