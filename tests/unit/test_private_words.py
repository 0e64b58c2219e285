"""The words of the private standing and of naming a team, as members type them."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tracker.reports.language import (
    Chatter,
    DigestChoice,
    MonthlyReport,
    ProgressReport,
    Vocabulary,
    parse,
)
from tracker.reports.language.teamname import name_keys, team_named

VOCABULARY = Vocabulary.build([("ttdt", ["thanh toán điện tử"]), ("dvc", ["dịch vụ công"])])


@pytest.mark.parametrize(
    ("text", "on"),
    [
        ("/tatbantin", False),
        ("/tatbantin@CNCD_Bot", False),
        ("Tắt bản tin", False),
        ("  /batbantin", True),
        ("bật bản tin", True),
        ("#BATBANTIN", True),
    ],
)
def test_stop_and_start_the_private_standing(text: str, on: bool) -> None:
    assert parse(text, VOCABULARY) == DigestChoice(on=on)


@pytest.mark.parametrize("text", ["tắt bản tin thế nào?", "tất cả đã xong", "bật bản tinh"])
def test_chat_that_looks_like_it_is_chat(text: str) -> None:
    assert parse(text, VOCABULARY) == Chatter()


NAMES = {key: 1 for key in name_keys(["CNCD_HoiYen_NguHung", "CNCĐ_Hội Yên", "Thôn Hội Yên"])}
NAMES |= {key: 2 for key in name_keys(["CNCD_NH", "Xã Ngũ Hùng"])}


@pytest.mark.parametrize(
    ("text", "team", "rest"),
    [
        ("/bc CNCD_NH ttdt 5", 2, "/bc ttdt 5"),
        ("/bc cncd_nh: ttdt 5", 2, "/bc ttdt 5"),
        ("/bc Hội Yên: ttdt 5", 1, "/bc ttdt 5"),
        ("/bc thôn Hội Yên - ttdt 5", 1, "/bc ttdt 5"),
        ("Báo cáo tổ Ngũ Hùng\nthanh toán điện tử 4", 2, "Báo cáo \nthanh toán điện tử 4"),
        ("/bcthang Ngũ Hùng tháng 11", 2, "/bcthang tháng 11"),
    ],
)
def test_a_report_names_its_team(text: str, team: int, rest: str) -> None:
    assert team_named(text, NAMES) == (team, rest)
    assert isinstance(parse(rest, VOCABULARY), ProgressReport) or "thang" in rest


@pytest.mark.parametrize(
    "text", ["/bc ttdt 5", "/bc Hội Yênx 5", "xin chào Hội Yên", "/xong ZALO1 Hội Yên"]
)
def test_no_team_named(text: str) -> None:
    assert team_named(text, NAMES) is None


@given(st.text(max_size=80), st.sampled_from(["/bc ", "Báo cáo ", "/bcthang ", "bc tổ ", ""]))
def test_naming_a_team_never_raises_and_keeps_the_report(text: str, keyword: str) -> None:
    found = team_named(keyword + text, NAMES)
    # The pipeline asks only about what parses as a report ("báo cáo hội yên?" is chat).
    if found is not None and not isinstance(parse(keyword + text, VOCABULARY), Chatter):
        team, rest = found
        assert team in (1, 2)
        assert isinstance(parse(rest, VOCABULARY), ProgressReport | MonthlyReport)
