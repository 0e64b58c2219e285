"""What a person sees on the terminal, as lines of text, read from Textual's own screenshot
(the SVG the snapshot tests compare): each piece of text is put in its cell."""

from __future__ import annotations

import re
from html import unescape

from textual.app import App
from textual.geometry import Region

# One cell of the screenshot is 12.2 units wide (Textual's SVG export).
_CELL = 12.2
_PIECE = re.compile(
    r'<text class="[^"]*" x="([\d.]+)" y="[\d.]+" textLength="[\d.]+" '
    r'clip-path="url\(#[\w-]+-line-(\d+)\)">([^<]*)</text>'
)


def screen_lines(app: App[object]) -> list[str]:
    """Every line of the screen, as wide as the terminal."""
    width, height = app.size
    grid = [[" "] * width for _ in range(height)]
    for x, line, text in _PIECE.findall(app.export_screenshot()):
        column = round(float(x) / _CELL)
        for offset, char in enumerate(unescape(text).replace("\xa0", " ")):
            if 0 <= column + offset < width and int(line) < height:
                grid[int(line)][column + offset] = char
    return ["".join(row) for row in grid]


def region_text(app: App[object], region: Region) -> list[str]:
    """The lines of the screen inside `region` (a widget's `.region`), cut to it."""
    lines = screen_lines(app)[region.y : region.bottom]
    return [line[region.x : region.right] for line in lines]


def reads_whole(shown: list[str], sentence: str) -> bool:
    """Whether `sentence` is there whole, maybe wrapped over several of the lines."""
    flowing = " ".join(" ".join(line.split()) for line in shown)
    return " ".join(sentence.split()) in " ".join(flowing.split())
