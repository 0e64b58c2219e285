"""A team's members as officers change them: add, edit and remove, validated and audited.

Rules: a team holds at most `member_caps[level]` members (settings), at most one leader, a
name once, and roles from ROLES (Vietnamese words like "tổ trưởng" are understood too).
A member has one user id per channel: any installed adapter, each checking its own ids.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from adapters.registry import adapter_names
from tracker import audit
from tracker.errors import Refusal
from tracker.hierarchy import find_team
from tracker.imports import vocab
from tracker.imports.members import valid_user_id
from tracker.officers.service_scope import check_team
from tracker.phones import normalise_phone
from tracker.store.models import ROLES, Member, MemberAccount, Team


class MemberError(Refusal):
    """A change to a team's members that the rules refuse; the message says why."""


@dataclass(frozen=True, slots=True)
class MemberForm:
    name: str
    role: str = "member"
    organization: str = ""
    phone: str = ""
    # channel (an installed adapter's name) -> the member's user id on it, checked by that
    # adapter's `valid_user_id`; an empty id removes the account. Channels not named are kept.
    accounts: Mapping[str, str] = field(default_factory=dict)


def member_channels(session: Session) -> list[str]:
    """Every channel a member may have an id on: the installed adapters, and any channel
    an account was already stored for (an adapter since uninstalled keeps its ids)."""
    stored = session.scalars(select(MemberAccount.channel).distinct())
    return sorted({*adapter_names(), *stored})


def add_member(
    session: Session, team_code: str, form: MemberForm, caps: Mapping[str, int], actor: str
) -> Member:
    """Add a member to the team, refusing past the level's cap or a second leader."""
    team = find_team(session, team_code)
    check_team(session, actor, "write", team, what=f"member add {team.code}")
    count = session.scalar(select(func.count(Member.id)).where(Member.team_id == team.id)) or 0
    cap = caps.get(team.level)
    if cap is not None and count >= cap:
        raise MemberError("member.over_cap", team=team.code, count=count, level=team.level, cap=cap)
    member = Member(name="", role="member")
    _apply(session, team, member, form)
    member.team = team
    session.add(member)
    session.flush()
    _audit(session, actor, "create", team, member, None)
    return member


def edit_member(session: Session, member_id: int, form: MemberForm, actor: str) -> Member:
    member = _find(session, member_id)
    check_team(session, actor, "write", member.team, what=f"member edit {member_id}")
    before = member_snapshot(member)
    _apply(session, member.team, member, form)
    session.flush()
    _audit(session, actor, "update", member.team, member, before)
    return member


def remove_member(session: Session, member_id: int, actor: str) -> None:
    member = _find(session, member_id)
    check_team(session, actor, "write", member.team, what=f"member remove {member_id}")
    before = member_snapshot(member)
    team = member.team
    session.delete(member)
    session.flush()
    audit.record(session, actor, "delete", "member", f"{team.code}/{before['name']}", before)


def _find(session: Session, member_id: int) -> Member:
    member = session.get(Member, member_id)
    if member is None:
        raise MemberError("member.unknown", id=member_id)
    return member


def _apply(session: Session, team: Team, member: Member, form: MemberForm) -> None:
    name = " ".join(form.name.split())
    if not name:
        raise MemberError("member.needs_name")
    role = vocab.role(form.role) if form.role else "member"
    if role not in ROLES:
        raise MemberError("member.bad_role", role=form.role)
    others = [m for m in team.members if m is not member and m.id != member.id]
    if any(m.name == name for m in others):
        raise MemberError("member.same_name", team=team.code, name=name)
    leader = next((m for m in others if m.role == "leader"), None)
    if role == "leader" and leader is not None:
        raise MemberError("member.second_leader", team=team.code, name=leader.name)
    phone = normalise_phone(form.phone) if form.phone.strip() else None
    if form.phone.strip() and phone is None:
        raise MemberError("member.bad_phone", phone=form.phone.strip())
    member.name, member.role = name, role
    member.organization = form.organization.strip() or None
    member.phone = phone
    wanted = {channel: user.strip() for channel, user in form.accounts.items()}
    for channel, user in wanted.items():
        if user and not valid_user_id(channel, user):
            raise MemberError("member.bad_account", user=user, channel=channel)
        if user:
            _check_account_free(team, member, channel, user)
    for channel, user in wanted.items():
        account = next((a for a in member.accounts if a.channel == channel), None)
        if user and account is None:
            member.accounts.append(MemberAccount(channel=channel, user_id=user))
        elif user and account is not None:
            account.user_id = user
        elif account is not None:
            member.accounts.remove(account)


def _check_account_free(team: Team, member: Member, channel: str, user: str) -> None:
    """One chat account cannot be two people of the same team: reports would be ambiguous."""
    for other in team.members:
        if other is not member and other.id != member.id and other.account(channel) == user:
            raise MemberError(
                "member.account_taken", channel=channel, user=user, name=other.name, team=team.code
            )


def member_snapshot(member: Member) -> dict[str, Any]:
    return {
        "name": member.name,
        "role": member.role,
        "organization": member.organization,
        "phone": member.phone,
        "accounts": dict(sorted((a.channel, a.user_id) for a in member.accounts)),
    }


def _audit(
    session: Session, actor: str, action: str, team: Team, member: Member, before: Any
) -> None:
    key = f"{team.code}/{member.name}"
    audit.record(session, actor, action, "member", key, before, member_snapshot(member))
