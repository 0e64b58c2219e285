"""The compiled report as a Word document (python-docx) or a workbook (openpyxl).

In the workbook every count is a number and every share a number formatted as a percentage,
so that the next level can add them up.
"""

from __future__ import annotations

from typing import IO, Any

from tracker.monthly.compiled import Compiled
from tracker.monthly.compiled_text import (
    WORDS,
    day_text,
    indicator_table,
    late_lines,
    team_table,
)
from tracker.monthly.strings import month_label
from tracker.tables import safe_cell


def write_docx(report: Compiled, target: IO[bytes]) -> None:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    t = report.language
    document = Document()
    document.add_heading(WORDS(t, "title", month=month_label(str(report.month))), level=0)
    document.add_paragraph(WORDS(t, "unit", unit=report.unit_name))
    document.add_paragraph(WORDS(t, "made", day=day_text(report.made_on)))

    document.add_heading(WORDS(t, "results"), level=1)
    _table(document, *indicator_table(report))

    document.add_heading(WORDS(t, "teams"), level=1)
    _table(document, *team_table(report))

    document.add_heading(WORDS(t, "words"), level=1)
    if not report.words:
        document.add_paragraph(WORDS(t, "no_words"))
    for name, sections in report.words:
        document.add_heading(name, level=2)
        for section, text in sections.items():
            document.add_paragraph().add_run(f"{WORDS(t, section)}:").bold = True
            document.add_paragraph(text, style="Quote")

    document.add_heading(WORDS(t, "late"), level=1)
    lines = late_lines(report)
    for text in lines:
        document.add_paragraph(text, style="List Bullet")
    if not lines:
        document.add_paragraph(WORDS(t, "none"))

    signer = document.add_paragraph()
    signer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    signer.add_run(WORDS(t, "signer")).bold = True
    signer.add_run("\n" + WORDS(t, "sign")).italic = True
    document.save(target)


def _table(document: Any, headers: list[str], rows: list[list[str]]) -> None:
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = text


def write_xlsx(report: Compiled, target: IO[bytes]) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    t = report.language
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = WORDS(t, "sheet.results")
    sheet.append([WORDS(t, "title", month=month_label(str(report.month)))])
    sheet.append([WORDS(t, "unit", unit=report.unit_name)])
    sheet.append([WORDS(t, "made", day=day_text(report.made_on))])
    sheet.append([])
    heads = ["col.indicator", "col.target", "col.achieved", "col.percent", "col.change"]
    sheet.append([WORDS(t, h) for h in heads])
    header_row = sheet.max_row
    for line in report.indicators:
        sheet.append([safe_cell(line.name), line.target, line.achieved, line.ratio, line.change])
        sheet.cell(sheet.max_row, 4).number_format = "0.0%"
    _bold(sheet, header_row, Font)

    teams = book.create_sheet(WORDS(t, "sheet.teams"))
    heads = ["col.rank", "col.team", "col.score", "col.status", "col.sent"]
    teams.append([WORDS(t, h) for h in heads])
    for team in report.teams:
        teams.append(
            [
                team.rank,
                safe_cell(team.name),
                team.score,
                WORDS(t, f"status.{team.status}") if team.status else "",
                team.sent,
            ]
        )
        teams.cell(teams.max_row, 3).number_format = "0.0%"
        teams.cell(teams.max_row, 5).number_format = "DD/MM/YYYY"
    _bold(teams, 1, Font)

    words = book.create_sheet(WORDS(t, "sheet.words"))
    words.append([WORDS(t, "col.team"), WORDS(t, "col.section"), WORDS(t, "col.text")])
    for name, sections in report.words:
        for section, text in sections.items():
            words.append([safe_cell(name), WORDS(t, section), safe_cell(text)])
    _bold(words, 1, Font)

    late = book.create_sheet(WORDS(t, "sheet.late"))
    for text in late_lines(report):
        late.append([safe_cell(text)])
    book.save(target)


def _bold(sheet: Any, row: int, font: Any) -> None:
    for cell in sheet[row]:
        cell.font = font(bold=True)
