"""`tracker import indicators`: what teams count, its pillar, and the words people use for it.

Aliases are what the report parser matches, so one alias (after folding) may name only
one indicator: otherwise "thanh toán" in a report could mean two things.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from tracker.imports import values, vocab
from tracker.imports.base import ImportRun, by_code, duplicates
from tracker.imports.reading import Row, Spec
from tracker.reports.bounds import LARGEST_BOUND
from tracker.store.models import Indicator

SPEC = Spec(
    "indicators",
    ("code", "name", "pillar", "unit", "aliases", "name_en", "max_per_report"),
    ("code", "name", "pillar"),
)
_LIMITS = {"code": 32, "name": 200, "name_en": 200, "unit": 32}


def run(job: ImportRun) -> None:
    rows = duplicates(job, (r for r in job.table.rows if job.required(r, "code")), "code", _code)
    existing = by_code(job.session, Indicator, (row["code"] for row in rows))
    planned: dict[str, dict[str, Any]] = {}
    for row in rows:
        planned[row["code"]] = _plan(job, row, existing.get(row["code"]))
    _check_aliases(job, rows, planned)
    job.check()
    for row in rows:
        code = row["code"]
        indicator = existing.get(code)
        before = None if indicator is None else _current(indicator)
        after = planned[code]
        if before != after:
            if indicator is None:
                indicator = Indicator(code=code)
                job.session.add(indicator)
            indicator.name = after["name"]
            indicator.name_en = after["name_en"]
            indicator.pillar = after["pillar"]
            indicator.unit = after["unit"]
            indicator.aliases = after["aliases"]
            indicator.max_per_report = after["max_per_report"]
        job.record("indicator", code, before, after)
    job.session.flush()
    job.write_audit()


def _code(row: Row) -> str:
    return row["code"]


def _current(indicator: Indicator) -> dict[str, Any]:
    return {
        "code": indicator.code,
        "name": indicator.name,
        "name_en": indicator.name_en,
        "pillar": indicator.pillar,
        "unit": indicator.unit,
        "aliases": list(indicator.aliases),
        "max_per_report": indicator.max_per_report,
    }


def _plan(job: ImportRun, row: Row, old: Indicator | None) -> dict[str, Any]:
    table = job.table
    current = _current(old) if old else {"name_en": None, "unit": "", "aliases": []}
    current.setdefault("max_per_report", None)
    for column, limit in _LIMITS.items():
        if len(row[column]) > limit:
            job.problem(row, column, "import.too_long", limit=limit)
    pillar = None
    if text := job.required(row, "pillar"):
        pillar = vocab.pillar(text)
        if pillar is None:
            job.problem(row, "pillar", "import.unknown_pillar", value=text)
    maximum = current["max_per_report"]
    if table.has("max_per_report"):
        maximum = None
        if row["max_per_report"]:
            maximum = values.count(row["max_per_report"])
            if not maximum:
                job.problem(
                    row, "max_per_report", "import.not_positive", value=row["max_per_report"]
                )
            elif maximum > LARGEST_BOUND:
                # A bound past it would let the sums of the counts overflow.
                job.problem(
                    row, "max_per_report", "import.too_large", value=maximum, limit=LARGEST_BOUND
                )
    aliases: list[str] = current["aliases"]
    if table.has("aliases"):
        aliases = []
        for alias in row.items("aliases"):
            if vocab.key(alias) not in {vocab.key(seen) for seen in aliases}:
                aliases.append(alias)
    return {
        "code": row["code"],
        "name": job.required(row, "name") or "",
        "name_en": (row["name_en"] or None) if table.has("name_en") else current["name_en"],
        "pillar": pillar,
        "unit": row["unit"] if table.has("unit") else current["unit"],
        "aliases": aliases,
        "max_per_report": maximum,
    }


def _check_aliases(job: ImportRun, rows: list[Row], planned: dict[str, dict[str, Any]]) -> None:
    """Each code and alias, folded, belongs to one indicator across the file and the store."""
    owner: dict[str, str] = {}
    for code, aliases in job.session.execute(select(Indicator.code, Indicator.aliases)):
        if code in planned:
            continue
        for word in (code, *aliases):
            owner[vocab.key(word)] = code
    for row in rows:
        code = row["code"]
        for word in (code, *planned[code]["aliases"]):
            other = owner.setdefault(vocab.key(word), code)
            if other != code:
                column = "code" if word == code else "aliases"
                job.problem(row, column, "import.alias_taken", value=word, other=other)
