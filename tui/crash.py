"""The report shown when the terminal UI crashes: the frames and the error, no locals.

Textual's own report prints every frame's local variables, and among them are the
settings, the store URL and whatever a screen had loaded; a password or a token on the
screen ends up in a bug report or a screenshot. The messages are masked as well, since
an error about the store may quote its URL.
"""

from __future__ import annotations

import rich
from rich.traceback import Traceback

from tracker.redaction import mask_secrets


def crash_report(error: BaseException) -> Traceback:
    trace = Traceback.extract(type(error), error, error.__traceback__, show_locals=False)
    for stack in trace.stacks:
        stack.exc_value = mask_secrets(stack.exc_value)
        stack.notes = [mask_secrets(note) for note in stack.notes]
        if stack.syntax_error is not None:
            stack.syntax_error.line = mask_secrets(stack.syntax_error.line)
            stack.syntax_error.msg = mask_secrets(stack.syntax_error.msg)
    return Traceback(trace, width=None, suppress=[rich])
