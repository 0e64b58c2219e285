"""The PostgreSQL stores the tests get (tests/conftest.py: `db_url`) are made by replaying
what `tracker db upgrade` sent once, not by running it for each test. They must be the
store that `tracker db upgrade` makes, to the last index and sequence."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import _drop_schema, _pg_connect, replay

CATALOGUE = {
    "columns": """
        SELECT table_name, column_name, data_type, character_maximum_length, is_nullable,
               column_default, is_identity
        FROM information_schema.columns WHERE table_schema = %(schema)s
    """,
    "constraints": """
        SELECT rel.relname, con.conname, con.contype, pg_get_constraintdef(con.oid)
        FROM pg_constraint con JOIN pg_class rel ON rel.oid = con.conrelid
        JOIN pg_namespace ns ON ns.oid = rel.relnamespace WHERE ns.nspname = %(schema)s
    """,
    "indexes": """
        SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = %(schema)s
    """,
    "sequences": """
        SELECT sequence_name, data_type, start_value, increment
        FROM information_schema.sequences WHERE sequence_schema = %(schema)s
    """,
    "alembic_version": "SELECT version_num FROM alembic_version",
}


def describe(schema: str) -> dict[str, list[tuple[Any, ...]]]:
    """The schema's catalogue, its own name taken out (each store has its own)."""

    def unnamed(row: tuple[Any, ...]) -> tuple[Any, ...]:
        return tuple(v.replace(schema, "<schema>") if isinstance(v, str) else v for v in row)

    with _pg_connect(schema) as connection:
        return {
            what: sorted(unnamed(row) for row in connection.execute(query, {"schema": schema}))
            for what, query in CATALOGUE.items()
        }


@pytest.mark.postgres
def test_the_replayed_store_is_the_migrated_store(
    empty_pg_url: str, pg_upgrade_script: list[Any]
) -> None:
    from tracker.store.engine import make_engine
    from tracker.store.migrate import upgrade

    migrated = empty_pg_url.rsplit("%3D", 1)[1]
    engine = make_engine(empty_pg_url)
    upgrade(engine)
    engine.dispose()
    replayed = "t_replayed_" + migrated
    try:
        replay(pg_upgrade_script, replayed)
        expected, got = describe(migrated), describe(replayed)
    finally:
        _drop_schema(replayed)
    assert expected["columns"] and expected["alembic_version"]
    assert got == expected


@pytest.mark.postgres
def test_a_replayed_store_is_current_and_empty(migrated_pg_url: str) -> None:
    from sqlalchemy import text

    from tracker.store.engine import make_engine
    from tracker.store.migrate import require_current

    engine = make_engine(migrated_pg_url)
    require_current(engine)
    with engine.connect() as connection:
        tables = (
            connection.execute(
                text("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
            )
            .scalars()
            .all()
        )
        rows = {
            table: connection.execute(text(f'SELECT count(*) FROM "{table}"')).scalar_one()
            for table in tables
            if table != "alembic_version"
        }
    engine.dispose()
    assert len(rows) > 5
    assert set(rows.values()) == {0}
