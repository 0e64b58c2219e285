"""Errors a user can fix. The CLI shows their message on one line, with no traceback."""


class UserError(Exception):
    """Bad input or set-up: the message names the file, row, field or setting at fault."""
