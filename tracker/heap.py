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


_deferred = False


def defer_collection() -> None:
    """At a `tracker` process's start: no collection while the command's modules load.

    Loading SQLAlchemy, the models and psycopg makes some 200,000 objects that live as
    long as the process; the collector, triggered again and again as they pile up, walked
    them all each time: 40–50 ms of a 0.5 s read command. `resume_collection` turns it
    back on once the store is opened, with those objects frozen out of its passes.
    """
    global _deferred
    if gc.isenabled():
        gc.disable()
        _deferred = True


def resume_collection() -> None:
    """Collect again, if `defer_collection` stopped it: what exists now (the modules) is
    frozen first. A no-op anywhere else (the tests, which run commands in-process)."""
    global _deferred
    if _deferred:
        _deferred = False
        gc.freeze()
        gc.enable()
