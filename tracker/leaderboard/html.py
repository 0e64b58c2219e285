"""A leaderboard as one standalone HTML page: a bar per team, and a layout that prints well."""

from __future__ import annotations

from html import escape

from tracker.standing import Standing, StandingRow

STYLE = """
body { font-family: "Noto Sans", "Segoe UI", Arial, sans-serif; margin: 2rem; color: #1b1f24; }
h1 { font-size: 1.5rem; margin: 0 0 .25rem; }
p.meta { color: #57606a; margin: 0 0 1.5rem; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: .4rem .6rem; border-bottom: 1px solid #d0d7de; }
th { background: #f6f8fa; font-size: .85rem; }
td.rank, td.num { text-align: right; font-variant-numeric: tabular-nums; }
.bar { background: #eaeef2; height: .8rem; width: 12rem; border-radius: .4rem; }
.bar span { display: block; height: 100%; background: #1f883d; border-radius: .4rem; }
.team small { color: #57606a; }
.missing, .late { color: #cf222e; }
@media print {
  body { margin: 0; font-size: 10pt; }
  .bar { border: 1px solid #57606a; }
  .bar span { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  tr { page-break-inside: avoid; }
  thead { display: table-header-group; }
}
""".strip()


def _row(standing: Standing, row: StandingRow) -> str:
    width = 0.0 if row.score is None else min(1.0, max(0.0, row.score)) * 100
    score = "–" if row.score is None else f"{row.score * 100:.1f}%"
    cells = [
        f'<td class="rank">{"" if row.rank is None else row.rank}</td>',
        f'<td class="team"><strong>{escape(row.name)}</strong><br>'
        f"<small>{escape(row.team)} · {escape(', '.join(row.units))}</small></td>",
        f'<td><div class="bar"><span style="width: {width:.1f}%"></span></div></td>',
        f'<td class="num">{score}</td>',
    ]
    for code in standing.indicator_codes:
        progress = row.indicators.get(code)
        text = "" if progress is None else f"{progress.achieved}/{progress.target}"
        cells.append(f'<td class="num">{text}</td>')
    state = row.monthly_report or ""
    cells.append(f'<td class="{state}">{escape(state)}</td>')
    return "<tr>" + "".join(cells) + "</tr>"


def render_html(standing: Standing) -> str:
    title = f"{standing.scope_name} ({standing.scope}) · {standing.period}"
    names = standing.indicator_names
    headers = ["#", "Tổ / Team", "", "Điểm / Score"]
    headers += [names.get(code, (code, code))[0] for code in standing.indicator_codes]
    headers.append("Báo cáo tháng / Monthly report")
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = "\n".join(_row(standing, row) for row in standing.rows)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="vi">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n<style>\n{STYLE}\n</style>\n</head>\n<body>\n"
        f"<h1>{escape(title)}</h1>\n"
        f'<p class="meta">{len(standing.rows)} tổ · {standing.as_of.isoformat()}</p>\n'
        f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody>\n</table>\n"
        "</body>\n</html>\n"
    )
