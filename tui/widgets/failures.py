"""Worker failures, carried up to the app: its one handler shows them in an error dialog.

Textual tells only the node that started a worker about its state (the message does not
bubble); nodes that run workers mix this in to pass a failure on as a bubbling message.
"""

from __future__ import annotations

from textual.message import Message
from textual.worker import Worker, WorkerState


class WorkerFailed(Message):
    def __init__(self, error: BaseException | None) -> None:
        super().__init__()
        self.error = error


class ReportsWorkerFailures:
    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:
            self.post_message(WorkerFailed(event.worker.error))  # type: ignore[attr-defined]
