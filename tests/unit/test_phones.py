"""Phones as rosters hold them, reduced to one stored form; and the member form stores that."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session, sessionmaker

from tests.factories import build_world
from tracker.members import MemberError, MemberForm, add_member, edit_member
from tracker.phones import mask_phone, normalise_phone
from tracker.store.engine import make_engine, session_factory


@pytest.mark.parametrize(
    ("written", "stored"),
    [
        ("0912345678", "0912345678"),
        ("912345678", "0912345678"),  # a number cell: Excel dropped the 0
        ("912345678.0", "0912345678"),  # the same number read back as a float
        ("0912 345 678", "0912345678"),
        ("0912.345.678", "0912345678"),
        ("0912-345-678", "0912345678"),
        ("+84 912 345 678", "0912345678"),
        ("+84 (0) 912 345 678", "0912345678"),
        ("84912345678", "0912345678"),
        ("0084 912 345 678", "0912345678"),
        ("'0912345678", "0912345678"),  # Excel's mark for "keep this as text"
        ("(024) 3825 3123", "02438253123"),  # a Hà Nội landline
        ("2438253123", "02438253123"),  # the same, its 0 dropped
        ("+84 24 3825 3123", "02438253123"),
        ("01689 123 456", "0389123456"),  # an 11-digit mobile renumbered in 2018
    ],
)
def test_spellings_of_one_number(written: str, stored: str) -> None:
    assert normalise_phone(written) == stored


@pytest.mark.parametrize(
    "written",
    [
        "12345",
        "gọi sau",
        "0912 345 67",
        "09123456789",
        "0112345678",
        "+1 202 555 0100",
        "0912345678 / 0987654321",
        "",
        "0912345678x",
    ],
)
def test_impossible_phones(written: str) -> None:
    assert normalise_phone(written) is None


def test_masked_for_showing() -> None:
    assert mask_phone("0912345678") == "09xx xxx 678"
    assert mask_phone("02438253123") == "02xxx xxx 123"


@pytest.fixture
def sessions(sqlite_url: str) -> sessionmaker[Session]:
    factory = session_factory(make_engine(sqlite_url))
    with factory.begin() as session:
        build_world(session, "2026-11")
    return factory


def test_the_member_form_stores_the_normal_form_and_refuses_the_impossible(
    sessions: sessionmaker[Session],
) -> None:
    with sessions.begin() as session:
        member = add_member(
            session,
            "CNCD_DongTao_DoanTung",
            MemberForm("Bà Hoa", phone="+84 987 111 202"),
            {},
            "Cán bộ",
        )
        assert member.phone == "0987111202"
        with pytest.raises(MemberError, match="'12345' is not a phone number"):
            edit_member(session, member.id, MemberForm("Bà Hoa", phone="12345"), "Cán bộ")
        assert member.phone == "0987111202"
