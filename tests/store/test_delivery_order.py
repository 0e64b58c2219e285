"""Edits, duplicates, out-of-order delivery and stated totals give the same totals as
in-order delivery, whatever the batch sizes."""

from __future__ import annotations

import random
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.factories import build_world
from tests.pipeline_helpers import TEAM_CHAT, UNIT_CHAT, msg, send, totals
from tracker.messages import Inbound
from tracker.store.engine import make_engine, session_factory

START = datetime(2026, 11, 1, 1, 0, tzinfo=UTC)


def _corpus() -> list[Inbound]:
    """A month of two groups: counts, stated totals (one lower than what came before),
    chat, a resident, and edits that change counts and totals."""
    rng = random.Random(2026)
    messages: list[Inbound] = []
    senders = {TEAM_CHAT: ["1001", "1002", "1003"], UNIT_CHAT: ["1001", "1005", "9999"]}
    for number in range(1, 61):
        chat = TEAM_CHAT if number % 3 else UNIT_CHAT
        at = START + timedelta(hours=11 * number)
        roll = rng.random()
        if roll < 0.5:
            text = f"/bc ttdt {rng.randint(1, 9)}, dvc {rng.randint(1, 4)}"
        elif roll < 0.7:
            text = f"/bc ttdt ={rng.randint(20, 90)}"
        else:
            text = rng.choice(["chào cả nhà", "/bc vneid 2", "/bc ttdt mười"])
        messages.append(msg(number, text, sender=rng.choice(senders[chat]), chat=chat, at=at))
        if rng.random() < 0.2:
            edited = f"/bc ttdt {rng.randint(1, 9)}" if rng.random() < 0.7 else "/bc dvc =30"
            messages.append(
                msg(
                    number,
                    edited,
                    sender=messages[-1].sender_id,
                    chat=chat,
                    at=at,
                    version=rng.randint(1, 3),
                )
            )
    return messages


def _process(template: Path, folder: Path, deliveries: list[list[Inbound]], sizes: list[int]):  # type: ignore[no-untyped-def]
    folder.mkdir()
    path = folder / "tracker.db"
    shutil.copy(template, path)
    engine = make_engine(f"sqlite:///{path}")
    sessions = session_factory(engine)
    with sessions.begin() as session:
        build_world(session)
    for chunk, size in zip(deliveries, sizes, strict=True):
        stats = send(sessions, *chunk, batch_size=size)
        assert stats.failed == 0, stats.failures
    with sessions() as session:
        result = totals(session)
    engine.dispose()
    return result


@pytest.mark.slow
def test_any_delivery_order_gives_the_in_order_totals(
    sqlite_template: Path, tmp_path: Path
) -> None:
    corpus = _corpus()
    in_order = sorted(corpus, key=lambda m: (m.sent_at, m.edit_version))
    expected = _process(sqlite_template, tmp_path / "in-order", [in_order], [500])
    assert expected  # the corpus counts something
    assert len({m.edit_version for m in corpus}) > 1  # and has edits
    rng = random.Random(7)
    for attempt in range(20):
        shuffled = corpus + rng.sample(corpus, 15)  # re-deliveries
        rng.shuffle(shuffled)
        cuts = sorted(rng.sample(range(1, len(shuffled)), rng.randint(1, 6)))
        chunks = [shuffled[a:b] for a, b in zip([0, *cuts], [*cuts, len(shuffled)], strict=True)]
        sizes = [rng.choice([1, 3, 7, 50, 500]) for _ in chunks]
        got = _process(sqlite_template, tmp_path / f"order-{attempt}", chunks, sizes)
        assert got == expected, f"delivery {attempt}"
