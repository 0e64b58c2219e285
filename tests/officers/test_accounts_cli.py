"""`tracker officer add|list|set|remove|passwd`: who may manage which accounts."""

from __future__ import annotations

import json

from sqlalchemy import select

from tests.conftest import Tracker
from tests.factories import build_world
from tests.officers.conftest import AsUser
from tracker.officers.passwords import verify_password
from tracker.store.models import AuditEntry, Officer


def test_the_first_account_must_be_an_admin(sqlite_tracker: Tracker, as_user: AsUser) -> None:
    with sqlite_tracker.sessions().begin() as session:
        build_world(session)
    refused = as_user(
        "ai", "officer", "add", "xa_nh", "--name", "Nam", "--scope", "NH", "--role", "editor"
    )
    assert refused.exit_code == 1
    assert refused.output.strip().splitlines() == [
        "Error: tài khoản đầu tiên phải là quản trị (--role admin), để còn người quản lý "
        "các tài khoản khác"
    ]
    as_user.ok("ai", "officer", "add", "tinh", "--name", "Hoa", "--scope", "HD", "--role", "admin")
    with sqlite_tracker.sessions()() as session:
        assert session.scalars(select(Officer.login)).all() == ["tinh"]


def test_list_shows_every_account(province: AsUser) -> None:
    listed = json.loads(province.ok("so", "officer", "list", "--format", "json").output)
    assert listed["officers"] == [
        {
            "login": "xa_dt",
            "name": "Đỗ Thị Tùng",
            "role": "editor",
            "scope": "DT",
            "password": False,
        },
        {"login": "so", "name": "Phạm Văn Sở", "role": "viewer", "scope": "HD", "password": False},
        {
            "login": "tinh",
            "name": "Trần Thị Hoa",
            "role": "admin",
            "scope": "HD",
            "password": False,
        },
        {
            "login": "xa_nh",
            "name": "Lê Văn Nam",
            "role": "editor",
            "scope": "NH",
            "password": False,
        },
    ]
    table = province.ok("so", "officer", "list").output
    assert "xa_nh" in table and "NH (Xã Ngũ Hùng)" in table


def test_only_an_admin_holding_the_scope_manages_accounts(
    province: AsUser, sqlite_tracker: Tracker
) -> None:
    editor = province(
        "xa_nh", "officer", "add", "thon1", "--name", "A", "--scope", "NH-1", "--role", "viewer"
    )
    assert editor.exit_code == 1
    assert editor.output.strip() == (
        "Error: từ chối officer add thon1: chỉ quản trị mới được quản lý tài khoản cán bộ; "
        "xa_nh là người nhập liệu"
    )
    # a commune admin manages its own commune only
    province.ok("tinh", "officer", "set", "xa_nh", "--role", "admin")
    outside = province("xa_nh", "officer", "set", "xa_dt", "--role", "viewer")
    assert outside.exit_code == 1
    assert "DT nằm ngoài phạm vi NH của xa_nh" in outside.output
    province.ok(
        "xa_nh", "officer", "add", "thon1", "--name", "A", "--scope", "NH-1", "--role", "viewer"
    )
    moved = province("xa_nh", "officer", "set", "thon1", "--scope", "DT-1")
    assert moved.exit_code == 1
    province.ok("tinh", "officer", "remove", "thon1")
    with sqlite_tracker.sessions()() as session:
        roles = {
            first: second for first, second in session.execute(select(Officer.login, Officer.role))
        }
        refused = session.scalars(
            select(AuditEntry.entity_key).where(AuditEntry.refused).order_by(AuditEntry.id)
        ).all()
    assert roles == {"tinh": "admin", "so": "viewer", "xa_nh": "admin", "xa_dt": "editor"}
    assert refused == ["thon1", "xa_dt", "thon1"]


def test_the_last_admin_stays(province: AsUser) -> None:
    refused = province("tinh", "officer", "remove", "tinh")
    assert refused.exit_code == 1
    assert "quản trị cuối cùng" in refused.output


def test_passwd_asks_twice_and_stores_an_argon2_hash(
    province: AsUser, sqlite_tracker: Tracker
) -> None:
    differ = province("xa_nh", "officer", "passwd", "xa_nh", input="mat-khau-1\nmat-khau-2\n")
    assert differ.exit_code == 1
    assert "hai lần nhập mật khẩu không khớp" in differ.output
    province.ok("xa_nh", "officer", "passwd", "xa_nh", input="mat-khau-1\nmat-khau-1\n")
    other = province("xa_nh", "officer", "passwd", "xa_dt", input="mat-khau-1\nmat-khau-1\n")
    assert other.exit_code == 1
    with sqlite_tracker.sessions()() as session:
        stored = session.scalar(select(Officer.password_hash).where(Officer.login == "xa_nh"))
    assert stored is not None and stored.startswith("$argon2id$")
    assert "mat-khau-1" not in stored
    assert verify_password(stored, "mat-khau-1") and not verify_password(stored, "mat-khau-2")


def test_every_officer_command_has_help_with_an_example(sqlite_tracker: Tracker) -> None:
    for command in ("add", "list", "set", "remove", "passwd"):
        result = sqlite_tracker.ok("officer", command, "--help")
        assert "Example:" in result.output
    for command in ("audit", "web"):
        assert "Example:" in sqlite_tracker.ok(command, "--help").output


def test_an_admin_removes_accounts_inside_their_scope_only(
    province: AsUser, sqlite_tracker: Tracker
) -> None:
    province.ok("tinh", "officer", "set", "xa_nh", "--role", "admin")  # a commune's admin
    outside = province("xa_nh", "officer", "remove", "xa_dt")
    assert outside.exit_code == 1
    assert outside.output.splitlines() == [
        "Error: từ chối officer remove xa_dt: DT nằm ngoài phạm vi NH của xa_nh"
    ]
    editor = province("xa_dt", "officer", "remove", "xa_nh")
    assert editor.exit_code == 1
    with sqlite_tracker.sessions()() as session:
        logins = set(session.scalars(select(Officer.login)))
        refused = session.scalars(select(AuditEntry.actor).where(AuditEntry.refused)).all()
    assert logins == {"tinh", "so", "xa_nh", "xa_dt"}
    assert refused == ["xa_nh", "xa_dt"]
    province.ok(
        "xa_nh", "officer", "add", "thon1", "--name", "A", "--scope", "NH-1", "--role", "viewer"
    )
    province.ok("xa_nh", "officer", "remove", "thon1")
    with sqlite_tracker.sessions()() as session:
        assert "thon1" not in set(session.scalars(select(Officer.login)))
