"""The scope of a decision on a review item: the item's team, and the team it is counted
for when the officer names another. An item with neither (an unknown sender's message)
is the whole store's: only an officer at the top decides it without naming a team."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.officers.acting import Acting
from tracker.officers.authorize import authorize_units
from tracker.store.models import ReviewItem, Team, TeamUnit


def authorize_review(
    session: Session, acting: Acting, item_id: int, team: str | None, *, what: str
) -> None:
    if acting.open_store:
        return
    team_ids: list[int] = []
    item_team = session.scalar(select(ReviewItem.team_id).where(ReviewItem.id == item_id))
    if item_team is not None:
        team_ids.append(item_team)
    if team:
        named = session.scalar(select(Team.id).where(Team.code == team))
        if named is not None:
            team_ids.append(named)
    units: list[int | None] = list(
        session.scalars(select(TeamUnit.unit_id).where(TeamUnit.team_id.in_(team_ids)))
    )
    authorize_units(
        session,
        acting,
        "decide",
        units or [None],
        what=what,
        entity="review_item",
        key=str(item_id),
    )
