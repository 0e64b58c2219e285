"""The HTML leaderboard renders in a real headless Chromium (screenshot taken)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import Tracker


def _browser() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_html_page_renders_in_chromium(world: Tracker, tmp_path: Path) -> None:
    browser = _browser()
    if browser is None:
        pytest.skip("no chromium or chromium-browser on PATH: cannot render the HTML page")
    page = tmp_path / "bxh.html"
    world.ok(
        "leaderboard",
        "--scope",
        "HD",
        "--period",
        "2026-11",
        "--date",
        "2026-11-22",
        "--format",
        "html",
        "-o",
        str(page),
    )
    shot = tmp_path / "bxh.png"
    completed = subprocess.run(
        [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            f"--user-data-dir={tmp_path / 'profile'}",
            f"--screenshot={shot}",
            "--window-size=1200,900",
            page.as_uri(),
        ],
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert shot.exists(), completed.stderr.decode(errors="replace")[-2000:]
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(data) > 10_000  # a blank 1200×900 page compresses to far less
    # The bars are drawn: the green of a full bar is somewhere in the picture.
    assert _has_colour(data, (0x1F, 0x88, 0x3D))


def _has_colour(png: bytes, rgb: tuple[int, int, int]) -> bool:
    """Whether any pixel has this colour (a tiny PNG reader: 8-bit RGB or RGBA, no interlace)."""
    import struct
    import zlib

    width, height, depth, kind = struct.unpack(">IIBB", png[16:26])
    assert depth == 8 and kind in (2, 6)
    chunks, offset = [], 8
    while offset < len(png):
        length, name = struct.unpack(">I4s", png[offset : offset + 8])
        if name == b"IDAT":
            chunks.append(png[offset + 8 : offset + 8 + length])
        offset += length + 12
    raw = zlib.decompress(b"".join(chunks))
    size = 3 if kind == 2 else 4
    stride = width * size
    previous = bytearray(stride)
    position = 0
    target = bytes(rgb)
    for _ in range(height):
        kind_of_filter = raw[position]
        line = bytearray(raw[position + 1 : position + 1 + stride])
        position += 1 + stride
        for i in range(stride):
            left = line[i - size] if i >= size else 0
            up = previous[i]
            corner = previous[i - size] if i >= size else 0
            if kind_of_filter == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind_of_filter == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind_of_filter == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind_of_filter == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                pred = left if pa <= pb and pa <= pc else up if pb <= pc else corner
                line[i] = (line[i] + pred) & 0xFF
        for x in range(0, stride, size):
            if bytes(line[x : x + 3]) == target:
                return True
        previous = line
    return False
