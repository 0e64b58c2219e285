"""Every write to the store, in one table: the service that makes it, who it acts for and
where, and the faces (CLI commands, TUI actions) that call it.

A CLI command and a TUI action that change the store call the same service function; the
service checks the value, writes, and records one audit entry (`tracker.audit`) under the
actor it was given. So each service is also the one place where a check of who may write
where belongs: `actor` names the officer, and `target` says which argument names the item
whose unit decides it (a team's units, a chat's unit or team, a review item's team...).

`OTHER_WRITES` lists what writes audit entries without an officer's request (sync, a
platform, a member from chat) or only as a step of a listed service. A test fails when a
function that records an audit entry is in neither table, when a listed service does
not take its actor, and when its `scope_test` names no test that exists: a new write path
comes with the test that proves its scope check (tests/officers/test_write_table.py).

Entries name functions as `module:qualified_name`, so that reading the table imports none
of the services.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class WriteService:
    function: str  # "tracker.quotas:set_quota"
    actor: str  # the parameter that names the acting officer
    target: tuple[str, str]  # (kind of item, the parameter naming it): whose unit it touches
    faces: tuple[str, ...]  # the CLI commands and TUI actions that call it
    # The test that proves the service's scope check: "path::function" or, for one case of
    # a parametrised test, "path::function[case id]". tests/officers/test_write_table.py
    # fails when it names a test or a case that does not exist.
    scope_test: str

    def resolve(self) -> Callable[..., Any]:
        return resolve(self.function)


def resolve(path: str) -> Callable[..., Any]:
    module, _, name = path.partition(":")
    found: Any = importlib.import_module(module)
    for part in name.split("."):
        found = getattr(found, part)
    return found  # type: ignore[no-any-return]


def _service(
    function: str, target: tuple[str, str], *faces: str, test: str, actor: str = "actor"
) -> tuple[str, WriteService]:
    return function, WriteService(function, actor, target, faces, test)


# Where the scope tests are (tests/officers/).
_EVERY = "tests/officers/test_every_write_is_scoped.py::test_a_write_outside_the_scope_is_refused"
_SCOPES = "tests/officers/test_service_scopes.py::"
_ACCOUNTS = "tests/officers/test_accounts_cli.py::"


WRITE_SERVICES: dict[str, WriteService] = dict(
    [
        # The map and the teams.
        _service(
            "tracker.units:save_unit",
            ("unit", "form"),
            "tui hierarchy: add/edit unit",
            test=_EVERY + "[tracker.units:save_unit]",
        ),
        _service(
            "tracker.units:remove_unit",
            ("unit", "code"),
            "tui hierarchy: remove unit",
            test=_EVERY + "[tracker.units:remove_unit]",
        ),
        _service(
            "tracker.teams:save_team",
            ("units", "units"),
            "tui hierarchy: add/edit team",
            test=_EVERY + "[tracker.teams:save_team]",
        ),
        _service(
            "tracker.teams:remove_team",
            ("team", "code"),
            "tui hierarchy: remove team",
            test=_EVERY + "[tracker.teams:remove_team]",
        ),
        _service(
            "tracker.members:add_member",
            ("team", "team_code"),
            "tui members: add",
            test=_SCOPES + "test_member_services_are_scope_checked[add]",
        ),
        _service(
            "tracker.members:edit_member",
            ("member", "member_id"),
            "tui members: edit",
            test=_SCOPES + "test_member_services_are_scope_checked[edit]",
        ),
        _service(
            "tracker.members:remove_member",
            ("member", "member_id"),
            "tui members: remove",
            test=_SCOPES + "test_member_services_are_scope_checked[remove]",
        ),
        _service(
            "tracker.chats:bind_chat",
            ("unit or team", "unit/team"),
            "tui hierarchy: bind chat",
            test=_SCOPES + "test_chat_services_are_scope_checked[bind]",
        ),
        _service(
            "tracker.chats:unbind_chat",
            ("chat", "chat_id"),
            "tui hierarchy: unbind chat",
            test=_SCOPES + "test_chat_services_are_scope_checked[unbind]",
        ),
        _service(
            "tracker.chats:reactivate_chat",
            ("chat", "chat_id"),
            "tracker chats reactivate",
            test=_SCOPES + "test_chat_services_are_scope_checked[reactivate]",
        ),
        _service(
            "tracker.maps.reorganize:reorganize",
            ("every unit of the file", "path"),
            "tracker reorganize FILE",
            test=_EVERY + "[tracker.maps.reorganize:reorganize]",
        ),
        _service(
            "tracker.maps.teams:merge_teams",
            ("teams", "codes"),
            "tracker teams merge",
            test=_EVERY + "[tracker.maps.teams:merge_teams]",
        ),
        _service(
            "tracker.maps.teams:retire_team",
            ("team", "code"),
            "tracker teams retire",
            test=_EVERY + "[tracker.maps.teams:retire_team]",
        ),
        _service(
            "tracker.maps.relink:relink_team",
            ("team and units", "code/units"),
            "tracker teams relink",
            test=_SCOPES + "test_relink_team_is_scope_checked",
        ),
        # Officers' accounts: for an admin whose scope holds the account's.
        _service(
            "tracker.officers.accounts:add_officer",
            ("unit", "scope"),
            "tracker officer add",
            actor="acting",
            test=_ACCOUNTS + "test_only_an_admin_holding_the_scope_manages_accounts",
        ),
        _service(
            "tracker.officers.accounts:change_officer",
            ("officer", "login"),
            "tracker officer set",
            actor="acting",
            test=_ACCOUNTS + "test_only_an_admin_holding_the_scope_manages_accounts",
        ),
        _service(
            "tracker.officers.accounts:remove_officer",
            ("officer", "login"),
            "tracker officer remove",
            actor="acting",
            test=_ACCOUNTS + "test_an_admin_removes_accounts_inside_their_scope_only",
        ),
        _service(
            "tracker.officers.accounts:set_password",
            ("officer", "login"),
            "tracker officer passwd",
            actor="acting",
            test=_ACCOUNTS + "test_passwd_asks_twice_and_stores_an_argon2_hash",
        ),
        # Every kind of file, one row or a hundred thousand: all rows are checked, then written.
        _service(
            "tracker.imports:import_file",
            ("each row's unit or team", "path"),
            "tracker import KIND FILE",
            "tui quotas: import a file",
            test=_EVERY + "[tracker.imports:import_file]",
        ),
        # Targets and tasks.
        _service(
            "tracker.quotas:set_quota",
            ("team", "team_code"),
            "tui quotas: edit a cell",
            test=_SCOPES + "test_set_quota_is_scope_checked",
        ),
        _service(
            "tracker.quotas:apply_allocation",
            ("unit", "scope"),
            "tui quotas: allocate",
            test=_SCOPES + "test_apply_allocation_is_scope_checked",
        ),
        _service(
            "tracker.quotas:copy_quotas",
            ("unit", "scope"),
            "tui quotas: copy a period",
            test=_SCOPES + "test_copy_quotas_is_scope_checked",
        ),
        _service(
            "tracker.quota_undo:undo_quota_edits",
            ("unit", "scope"),
            "tui quotas: undo (ctrl+z)",
            test="tests/officers/test_quota_undo_scope.py::test_undo_quota_edits_is_scope_checked",
        ),
        _service(
            "tracker.undo:undo_change",
            ("the unit, team, member, chat or assignment changed", "change"),
            "tui hierarchy: undo (ctrl+z)",
            "tui tasks: undo (ctrl+z)",
            test="tests/officers/test_undo_scope.py::test_undo_change_is_scope_checked",
        ),
        _service(
            "tracker.tasks:add_task",
            ("teams or units", "assignees"),
            "tracker task add",
            "tui tasks: new task",
            test=_SCOPES + "test_add_task_is_scope_checked",
        ),
        _service(
            "tracker.tasks:mark_done",
            ("team", "team_code"),
            "tracker task done",
            "tui tasks: mark done",
            test=_SCOPES + "test_mark_done_is_scope_checked",
        ),
        # Decisions on what the teams sent.
        _service(
            "tracker.review:accept",
            ("review item's team", "item_id"),
            "tracker review accept",
            "tui review: accept",
            actor="officer",
            test=_EVERY + "[tracker.review:accept]",
        ),
        _service(
            "tracker.review:reject",
            ("review item's team", "item_id"),
            "tracker review reject",
            "tui review: reject",
            actor="officer",
            test=_EVERY + "[tracker.review:reject]",
        ),
        _service(
            "tracker.review_undo:undo_decision",
            ("each review item's team, and the team it goes back to", "decision"),
            "tui review: undo (ctrl+z)",
            actor="officer",
            test="tests/officers/test_review_undo_scope.py::test_undo_decision_is_scope_checked",
        ),
        _service(
            "tracker.review:link_sender",
            ("team", "team"),
            "tracker review link",
            "tui review: link the sender",
            actor="officer",
            test=_EVERY + "[tracker.review:link_sender]",
        ),
        _service(
            "tracker.monthly.decisions:approve",
            ("team", "team_code"),
            "tracker monthly approve",
            "tui monthly: approve",
            actor="officer",
            test=_SCOPES + "test_monthly_decisions_are_scope_checked[approve]",
        ),
        _service(
            "tracker.monthly.decisions:return_report",
            ("team", "team_code"),
            "tracker monthly return",
            "tui monthly: return",
            actor="officer",
            test=_SCOPES + "test_monthly_decisions_are_scope_checked[return]",
        ),
        # What goes out.
        _service(
            "tracker.monthly_undo:undo_decision",
            ("team", "change"),
            "tui monthly: undo (ctrl+z)",
            actor="officer",
            test="tests/officers/test_monthly_digest_undo_scope.py::test_monthly_undo_is_scope_checked",
        ),
        _service(
            "tracker.digest.post:post_unit_digest",
            ("unit", "unit"),
            "tracker digest --post",
            test=_SCOPES + "test_post_unit_digest_is_scope_checked",
        ),
        _service(
            "tracker.digest.post:post_digest_to_chat",
            ("chat", "chat_row"),
            "tui digest: post now",
            test=_SCOPES + "test_post_digest_to_chat_is_scope_checked",
        ),
        _service(
            "tracker.digest_undo:undo_post",
            ("chat", "post"),
            "tui digest: undo (ctrl+z)",
            actor="officer",
            test="tests/officers/test_monthly_digest_undo_scope.py::test_digest_undo_is_scope_checked",
        ),
        _service(
            "tracker.sync.outbox:retry_messages",
            ("outbox message's chat", "ids"),
            "tracker outbox retry",
            test=_EVERY + "[tracker.sync.outbox:retry_messages]",
        ),
        _service(
            "tracker.oa_tokens:set_first_pair",
            ("channel", "channel"),
            "tracker channels zalo-oa set-token",
            test=_EVERY + "[tracker.oa_tokens:set_first_pair]",
        ),
    ]
)

# Writes recorded in the audit log that no officer asks for one by one, or that are a step
# of a service above: function -> why it is not a service of its own.
OTHER_WRITES: dict[str, str] = {
    "tracker.units:rename": "a step of save_unit and save_team (a changed code)",
    "tracker.units:settle_code": "a step of save_unit and save_team (a changed code)",
    "tracker.digest.post:post_chat_digests": "the body of both digest services",
    "tracker.imports.base:ImportRun.write_audit": "a step of import_file",
    "tracker.chats:follow_chat_move": "the platform moved a chat (Telegram supergroup)",
    "tracker.registration:link_account": "a member links their own account from chat",
    "tracker.registration:requeue_held": "a step of linking an account (chat or review)",
    "tracker.private:remember_private_chat": "sync learns a member's private chat",
    "tracker.private:remember_private_chats": "sync learns members' private chats",
    "tracker.private:record_digest_choice": "a member's /tatbantin or /batbantin from chat",
    "tracker.private:forget_private_chat": "the platform refused a private chat",
    "tracker.private:set_private_digest": "a step of record_digest_choice",
    "tracker.monthly.decisions:resubmitted": "a team sent its returned monthly report again",
    "tracker.monthly.after_approval:hold_for_approval": "sync holds a change to an approved month",
    "tracker.monthly.after_approval:note_change": "a step of review accept (approved month)",
    "tracker.officers.sign_in:sign_in": "a sign-in to `tracker web` (a refused one is audited)",
    "tracker.demo.load:load_demo": "tracker demo fills an empty store",
}
