"""Tasks: a matrix of the teams under the scope (rows) against the tasks (columns), each cell
an assignment's state (open, done, late, or – when not assigned); mark one done with a note,
and ctrl+z opens it again (tui/widgets/last_change.py)."""

from __future__ import annotations

from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import DataTable, Footer, Header, Label

from tracker.clock import local_date, utcnow
from tracker.deadlines import TaskState
from tracker.errors import FieldError
from tracker.hierarchy import find_unit
from tracker.imports.values import day
from tracker.store.version import Version, data_version
from tracker.tasks import AssignmentView, TaskMatrix, TaskView, add_task, mark_done, task_matrix
from tracker.undo import LastChange
from tui.screens.following import FollowingScreen
from tui.widgets.form import Field
from tui.widgets.last_change import UndoesLastChange
from tui.widgets.plain import PlainTable
from tui.widgets.saving import SavingForm

DONE = (TaskState.DONE_ON_TIME, TaskState.DONE_LATE)
TEAM_WIDTH = 24
CELL_WIDTH = 9


class TasksScreen(UndoesLastChange, FollowingScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "create", "bind.new_task"),
        Binding("x", "done", "bind.done"),
        Binding("r", "refresh", "bind.refresh", show=False),
        Binding("ctrl+z", "undo", "bind.undo_task", show=False),  # `?` and the palette list it
    ]

    class Loaded(Message):
        def __init__(self, matrix: TaskMatrix, version: Version) -> None:
            super().__init__()
            self.matrix = matrix
            self.version = version

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
        self.matrix = TaskMatrix([], [])
        self.wanted_task: str | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Label("", id="task-detail", classes="screen-title", markup=False)
        yield PlainTable(id="matrix", cursor_type="cell", zebra_stripes=True)
        yield Label("", id="cell-detail", classes="section", markup=False)
        yield Footer(compact=True)

    def reload(self) -> None:
        super().reload()
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False)
    def load(self) -> None:
        with self.ctx.sessions() as session:
            version = data_version(session)
            matrix = task_matrix(session, find_unit(session, self.ctx.scope), self.ctx.today())
        self.post_fresh(self.Loaded(matrix, version))

    def on_tasks_screen_loaded(self, message: Loaded) -> None:
        t, matrix = self.ctx.t, message.matrix
        self.version = message.version
        table = self.query_one("#matrix", DataTable)
        where = table.cursor_coordinate
        self.matrix = matrix
        table.clear(columns=True)
        table.add_column(t("col.team"), width=TEAM_WIDTH, key="")
        for task in matrix.tasks:
            table.add_column(task.code, width=CELL_WIDTH, key=task.code)
        for team, name in matrix.teams:
            cells = [self.state_text(matrix.cell(task, team)) for task in matrix.tasks]
            table.add_row(name, *cells, key=team)
        column = max(where.column, 1)
        codes = [task.code for task in matrix.tasks]
        if self.wanted_task in codes:
            column, self.wanted_task = codes.index(self.wanted_task) + 1, None
        if matrix.teams and matrix.tasks:
            table.move_cursor(row=min(where.row, len(matrix.teams) - 1), column=column)
        self.describe()

    def state_text(self, assignment: AssignmentView | None) -> str:
        return "–" if assignment is None else self.ctx.t(f"cell.{assignment.status}")

    def chosen(self) -> tuple[TaskView, str] | None:
        """The task and the team code of the cell under the cursor."""
        table = self.query_one("#matrix", DataTable)
        if not table.row_count or table.cursor_column < 1:
            return None
        keys = table.coordinate_to_cell_key(table.cursor_coordinate)
        code, team = str(keys.column_key.value), str(keys.row_key.value)
        task = next((task for task in self.matrix.tasks if task.code == code), None)
        return None if task is None else (task, team)

    @on(DataTable.CellHighlighted, "#matrix")
    def describe(self) -> None:
        """The task of the column above the grid, the cell's assignment below it."""
        t, chosen = self.ctx.t, self.chosen()
        top = bottom = ""
        if chosen is not None:
            task, team = chosen
            done = sum(1 for a in task.assignments if a.status in DONE)
            due = task.due.strftime("%d/%m/%Y")
            top = t("tasks.column", task=task.code, title=task.title, due=due)
            top += f" · {done}/{len(task.assignments)}"
            assignment = self.matrix.cell(task, team)
            name = dict(self.matrix.teams).get(team, team)
            if assignment is None:
                bottom = t("tasks.not_assigned", team=name)
            else:
                bottom = f"{name}: {t(f'task.{assignment.status}')}"
                if assignment.done_at is not None:
                    bottom += " " + local_date(assignment.done_at).strftime("%d/%m/%Y")
                if assignment.note:  # what the team said when it was done
                    bottom += f" · {assignment.note}"
        elif not self.matrix.tasks:
            top = t("tasks.none")
        self.query_one("#task-detail", Label).update(top)
        self.query_one("#cell-detail", Label).update(bottom)

    def action_done(self) -> None:
        chosen = self.chosen()
        if chosen is None:
            return
        task, team = chosen
        assignment = self.matrix.cell(task, team)
        if assignment is None or assignment.status in DONE:
            return
        name = dict(self.matrix.teams).get(team, team)
        question = self.ctx.t("tasks.note", task=task.code, team=name)
        fields = [Field("note", self.ctx.t("tasks.note_field"), required=False)]

        def save(answers: dict[str, str]) -> None:
            self.mark(task.code, team, answers["note"])

        # A refusal (done meanwhile, from the chat) stays in the form with the note typed.
        self.app.push_screen(SavingForm(self.ctx, question, fields, save))

    def action_create(self) -> None:
        t = self.ctx.t
        fields = [
            Field("code", t("col.code")),
            Field("title", t("col.task")),
            Field("due", t("col.due"), hint=t("tasks.due_hint")),
            Field("to", t("tasks.to"), self.ctx.scope, hint=t("tasks.to_hint")),
        ]

        # A refused task (a code taken, an unknown team) keeps the form open as typed.
        self.app.push_screen(SavingForm(self.ctx, t("tasks.new"), fields, self.create))

    def create(self, answers: dict[str, str]) -> None:
        """Add the task and queue its notice to each team's chats (the form's worker)."""
        due = day(answers["due"])
        if due is None:
            raise FieldError("due", self.ctx.t("tasks.bad_due", text=answers["due"]))
        to = [name for name in answers["to"].replace(",", " ").split() if name]
        ctx = self.ctx
        teams = self.write(
            lambda session: len(
                add_task(
                    session,
                    answers["code"],
                    answers["title"],
                    due,
                    to,
                    ctx.officer,
                    language=ctx.settings.language,
                ).assignments
            )
        )
        self.post_message(self.Created(answers["code"], teams))

    def mark(self, task: str, team: str, note: str) -> None:
        """Mark the assignment done (the form's worker)."""
        officer, at = self.ctx.officer, utcnow()
        self.write(lambda session: mark_done(session, task, team, officer, note or None, at=at))
        self.post_message(self.Marked(task, team))

    def show_undone(self, change: LastChange) -> None:
        self.reload()

    def on_tasks_screen_marked(self, message: Marked) -> None:
        self.notify(self.ctx.t("tasks.saved", task=message.task, team=message.team))
        self.reload()

    def on_tasks_screen_created(self, message: Created) -> None:
        self.wanted_task = message.task  # its column gets the cursor once the matrix is back
        self.notify(self.ctx.t("tasks.created", task=message.task, teams=message.teams))
        self.reload()
