"""Exports written whole or not at all, and never over something that is not a file.

Every file the tracker writes for an officer (`-o FILE` of the CLI, the TUI's export) goes
through `atomic_file`: the content is written to a new file beside the target, flushed to
the disk, and renamed over the target, so that a failure (a full disk, a killed process,
a store error half-way) leaves the old file or no file, never half of one.

A target that exists and is not a regular file is refused: renaming over /dev/null (as
root) would put a file in place of the device, and over a directory or a fifo would
either fail late or block. A link to a regular file is written through (the file it
names is replaced, the link kept); a link to anything else, or to nothing, is refused.
Whatever the disk refuses becomes one line naming the path, in the officer's language.
"""

from __future__ import annotations

import errno
import os
import secrets
import stat
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import IO, Any

from tracker.errors import UserError
from tracker.i18n import Catalogue

TEXTS = Catalogue(
    vi={
        "not_regular": "không ghi vào {path}: đó là {kind}, không phải một tệp thường",
        "failed": "không ghi được {path}: {reason}",
        "kind.directory": "một thư mục",
        "kind.fifo": "một ống dẫn (fifo)",
        "kind.device": "một thiết bị",
        "kind.socket": "một socket",
        "kind.dangling": "một liên kết tới tệp không tồn tại",
        "kind.other": "một mục đặc biệt",
        "reason.missing": "thư mục chứa tệp không tồn tại",
        "reason.denied": "không có quyền ghi",
        "reason.read_only": "ổ đĩa chỉ cho đọc",
        "reason.full": "ổ đĩa đã đầy",
    },
    en={
        "not_regular": "will not write to {path}: it is {kind}, not a regular file",
        "failed": "cannot write {path}: {reason}",
        "kind.directory": "a directory",
        "kind.fifo": "a fifo",
        "kind.device": "a device",
        "kind.socket": "a socket",
        "kind.dangling": "a link to nothing",
        "kind.other": "a special file",
        "reason.missing": "its folder does not exist",
        "reason.denied": "permission denied",
        "reason.read_only": "the disk is read-only",
        "reason.full": "the disk is full",
    },
)

# What the disk said, in the officer's words; other errors keep the system's text.
REASONS = {
    errno.ENOENT: "reason.missing",
    errno.ENOTDIR: "reason.missing",
    errno.EACCES: "reason.denied",
    errno.EPERM: "reason.denied",
    errno.EROFS: "reason.read_only",
    errno.ENOSPC: "reason.full",
    errno.EDQUOT: "reason.full",
}


class FileRefused(UserError):
    """A target that is not a regular file, or a write the disk refused: one line."""

    def __init__(self, key: str, path: Path, **values: str) -> None:
        self.key = key
        self.path = path
        self.field = "path"  # a form shows it under the file's name
        self.values = values
        super().__init__(self.text("en"))

    def text(self, language: str) -> str:
        # A kind, and a reason the catalogue words, are keys; the system's own text is not.
        shown = {
            name: TEXTS(language, value) if value.startswith(("kind.", "reason.")) else value
            for name, value in self.values.items()
        }
        return TEXTS(language, self.key, path=str(self.path), **shown)


def disk_refusal(path: Path, error: OSError) -> FileRefused:
    reason = REASONS.get(error.errno or 0) or error.strerror or type(error).__name__
    return FileRefused("failed", path, reason=reason)


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "kind.directory"
    if stat.S_ISFIFO(mode):
        return "kind.fifo"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "kind.device"
    if stat.S_ISSOCK(mode):
        return "kind.socket"
    return "kind.other"


def check_target(path: Path) -> Path:
    """The file to replace for `path` (the file a link names); refused if not a regular file.

    A path that does not exist yet is fine: the file is created.
    """
    try:
        found = path.lstat()
    except FileNotFoundError:
        return path
    except OSError as error:
        raise disk_refusal(path, error) from error
    if not stat.S_ISLNK(found.st_mode):
        if not stat.S_ISREG(found.st_mode):
            raise FileRefused("not_regular", path, kind=_kind(found.st_mode))
        return path
    try:
        named = path.stat()
    except FileNotFoundError:
        raise FileRefused("not_regular", path, kind="kind.dangling") from None
    except OSError as error:
        raise disk_refusal(path, error) from error
    if not stat.S_ISREG(named.st_mode):
        raise FileRefused("not_regular", path, kind=_kind(named.st_mode))
    return Path(os.path.realpath(path))


def _create_beside(target: Path) -> tuple[int, Path]:
    """A new file in the target's folder (so that the rename stays on one disk).

    Created with mode 0o666 so that the umask gives it the permissions any new file of
    the user gets (mkstemp's 0o600 would make an export unreadable to the office's group).
    """
    while True:
        temp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.part")
        try:
            return os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666), temp
        except FileExistsError:
            continue


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable; not every system lets a folder be opened."""
    with suppress(OSError):
        handle = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(handle)
        finally:
            os.close(handle)


@contextmanager
def atomic_file(path: Path, binary: bool = False) -> Iterator[IO[Any]]:
    """A file to write the export in; it replaces `path` only if the block ends normally.

    An OSError on the way (the folder, the disk) becomes a FileRefused naming `path`;
    any error leaves no temporary file behind and `path` as it was.
    """
    target = check_target(path)
    try:
        kept = target.stat().st_mode & 0o7777 if target.exists() else None
        handle, temp = _create_beside(target)
    except OSError as error:
        raise disk_refusal(path, error) from error
    try:
        mode = "wb" if binary else "w"
        encoding = None if binary else "utf-8"
        newline = None if binary else ""
        with os.fdopen(handle, mode, encoding=encoding, newline=newline) as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        if kept is not None:
            os.chmod(temp, kept)  # a replaced export keeps the permissions it had
        os.replace(temp, target)
        _sync_folder(target.parent)
    except OSError as error:
        raise disk_refusal(path, error) from error
    finally:
        with suppress(OSError):
            temp.unlink(missing_ok=True)
