"""Migration 0006: a store made before it keeps its counts and takes 64-bit ones after."""

from __future__ import annotations

from sqlalchemy import text

from tracker.store.engine import make_engine
from tracker.store.migrate import upgrade

BIG = 99_999_999_999  # past 2^31


def test_an_older_store_keeps_its_counts_and_then_takes_numbers_past_2_to_the_31(
    empty_or_fresh_url: str,
) -> None:
    engine = make_engine(empty_or_fresh_url)
    upgrade(engine, "0004")
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO units (code, name, level, households) "
                "VALUES ('HD', 'Tỉnh Hải Dương', 'province', 2147483647)"
            )
        )
    upgrade(engine)
    with engine.begin() as connection:
        connection.execute(text("UPDATE units SET households = households + :n"), {"n": BIG})
        households = connection.execute(text("SELECT households FROM units")).scalar()
    engine.dispose()
    assert households == 2147483647 + BIG
