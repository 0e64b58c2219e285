"""Leaderboards as text: table (tabulate), CSV, Markdown and JSON (CONTRACTS §8)."""

from __future__ import annotations

import html

from tracker.standing import Standing, StandingRow

FORMATS = ("table", "csv", "xlsx", "md", "html", "json")


def percent_text(value: float | None) -> str:
    return "" if value is None else f"{value * 100:.1f}%"


def _cells(standing: Standing, row: StandingRow) -> list[object]:
    cells: list[object] = [
        "" if row.rank is None else row.rank,
        row.team,
        row.name,
        " ".join(row.units),
        percent_text(row.score),
    ]
    for code in standing.indicator_codes:
        progress = row.indicators.get(code)
        cells.append("" if progress is None else f"{progress.achieved}/{progress.target}")
    cells.append(report_cell(row))
    return cells


def _headers(standing: Standing) -> list[str]:
    return ["rank", "team", "name", "units", "score", *standing.indicator_codes, "monthly_report"]


def render_table(standing: Standing) -> str:
    from tracker.tables import render_table as tabulate_rows

    rows = [_cells(standing, row) for row in standing.rows]
    title = f"{standing.scope} {standing.scope_name} · {standing.period}"
    return f"{title}\n\n{tabulate_rows(_headers(standing), rows)}\n"


def markdown_text(value: object) -> str:
    """A name as literal text in Markdown, and in the HTML a Markdown viewer makes of it.

    Markdown passes HTML through: a team named `<script>…` would run in the viewer. So
    `&`, `<` and `>` become entities, `|` would end a table cell, a backslash, a backtick,
    `*` or `[` `]` would start an escape, code, emphasis or a link, and a line break a
    new row.
    """
    text = html.escape(str(value), quote=False)
    for mark in ("\\", "`", "*", "[", "]", "|"):
        text = text.replace(mark, "\\" + mark)
    return " ".join(text.splitlines())


def render_markdown(standing: Standing) -> str:
    cell = markdown_text
    headers = _headers(standing)
    lines = [
        f"# {cell(standing.scope_name)} ({cell(standing.scope)}) · {standing.period}",
        "",
        "| " + " | ".join(cell(h) for h in headers) + " |",
        "|" + "|".join("---:" if h in ("rank", "score") else "---" for h in headers) + "|",
    ]
    for row in standing.rows:
        lines.append("| " + " | ".join(cell(v) for v in _cells(standing, row)) + " |")
    return "\n".join(lines) + "\n"


def render_csv(standing: Standing) -> str:
    """The scripts' CSV (`--csv-dialect comma`): English keys and codes, as JSON has."""
    from tracker.tables import render_csv as csv_rows

    codes = standing.indicator_codes
    headers = ["rank", "team", "name", "units", "score", "uncapped"]
    for code in codes:
        headers += [f"{code}_target", f"{code}_achieved"]
    headers.append("monthly_report")
    rows = []
    for row in standing.rows:
        cells: list[object] = [
            "" if row.rank is None else row.rank,
            row.team,
            row.name,
            "|".join(row.units),
            "" if row.score is None else f"{row.score:.4f}",
            "" if row.uncapped is None else f"{row.uncapped:.4f}",
        ]
        for code in codes:
            progress = row.indicators.get(code)
            cells += ["", ""] if progress is None else [progress.target, progress.achieved]
        cells.append(report_cell(row))
        rows.append(cells)
    return csv_rows(headers, rows)


def render_json_document(standing: Standing) -> str:
    """CONTRACTS §8, one team per line: readable, and fast for thousands of teams (an
    indented dump goes through json's pure-Python encoder)."""
    import json

    document = standing.as_json()
    teams = [json.dumps(team, ensure_ascii=False) for team in document.pop("teams")]
    head = json.dumps(document, ensure_ascii=False)[:-1]
    if not teams:
        return f'{head}, "teams": []}}\n'
    return f'{head}, "teams": [\n  ' + ",\n  ".join(teams) + "\n]}\n"


def render_text(
    standing: Standing, output_format: str, language: str = "vi", csv_dialect: str = "excel"
) -> str:
    """The standing in `output_format`; a CSV in `csv_dialect` (see leaderboard.csvfile)."""
    if output_format == "csv":
        from tracker.leaderboard.csvfile import render_csv as render_people_csv

        return render_people_csv(standing, language, csv_dialect)
    if output_format == "md":
        return render_markdown(standing)
    if output_format == "json":
        return render_json_document(standing)
    if output_format == "html":
        from tracker.leaderboard.html import render_html

        return render_html(standing)
    return render_table(standing)


def report_cell(row: StandingRow) -> str:
    """The monthly report's state, and whether the month is approved."""
    state = row.monthly_report or ""
    return f"{state}, approved" if row.approved else state
