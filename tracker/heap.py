"""Keeping the collector off the objects a command holds for its whole run."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def frozen_heap(collect: bool = False) -> Iterator[None]:
    """Exempt every object alive now from collection until the block ends.

    Imported modules (and an ingest's parsed file) are most of a process's objects and live
    as long as it: left to the collector, each full pass walks all of them again while the
    work makes its own. What the block creates is still collected. Unfrozen at the end, as
    a process that goes on (a server, the tests running commands in-process) would
    otherwise keep that moment's garbage for good, open database connections included.
    `collect` first frees what is already garbage, so that it is not frozen with the rest.
    """
    if collect:
        gc.collect()
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
