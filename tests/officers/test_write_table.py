"""Each write service names the test that proves its scope check (`WriteService.scope_test`
in tracker/services.py), and that test exists: its file, its function, and for a
parametrised test the case. So a write path added to the table without a scope test, or
whose test is renamed or dropped, fails here; one left out of the table fails
tests/unit/test_write_services.py (every function that writes an audit entry is listed)."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

from tracker.services import WRITE_SERVICES

ROOT = Path(__file__).resolve().parents[2]


def _split(scope_test: str) -> tuple[str, str, str | None]:
    """ "path::function[case]" -> (path, function, case or None)."""
    path, _, rest = scope_test.partition("::")
    name, bracket, case = rest.partition("[")
    return path, name, case.removesuffix("]") if bracket else None


def _case_ids(module_path: str, name: str) -> list[str]:
    """The case ids pytest gives the test's parametrised cases (one argument, plain values)."""
    module = importlib.import_module(module_path.removesuffix(".py").replace("/", "."))
    ids: list[str] = []
    for mark in getattr(getattr(module, name), "pytestmark", []):
        if mark.name == "parametrize":
            ids += [str(value) for value in mark.args[1]]
    return ids


@pytest.mark.parametrize("service", sorted(WRITE_SERVICES))
def test_each_service_names_a_scope_test_that_exists(service: str) -> None:
    path, name, case = _split(WRITE_SERVICES[service].scope_test)
    source = ROOT / path
    assert path.startswith("tests/") and source.is_file(), f"{service}: no file {path}"
    tree = ast.parse(source.read_text(encoding="utf-8"))
    tests = {node.name for node in tree.body if isinstance(node, ast.FunctionDef)}
    assert name.startswith("test_") and name in tests, f"{service}: no test {name} in {path}"
    if case is not None:
        assert case in _case_ids(path, name), f"{service}: {name} has no case [{case}]"


def test_the_table_test_has_a_case_for_no_service_outside_the_table() -> None:
    from tests.officers.test_every_write_is_scoped import CASES

    assert set(CASES) <= set(WRITE_SERVICES)


def test_a_missing_scope_test_is_caught() -> None:
    """The check above is no formality: a wrong name or case is told apart."""
    with pytest.raises(AttributeError):
        _case_ids("tests/officers/test_service_scopes.py", "test_no_such_test")
    ids = _case_ids(
        "tests/officers/test_service_scopes.py", "test_member_services_are_scope_checked"
    )
    assert ids == ["add", "edit", "remove"]


def _command(words: list[str]) -> str | None:
    """The command path a face such as `tracker channels zalo-oa set-token` names, if the
    command line has it (arguments in capitals and options are not words of the path)."""
    import click

    from tracker.cli.main import cli

    context = click.Context(cli)
    command: click.Command = cli
    path = ["tracker"]
    for word in words:
        if word.isupper() or word.startswith("-") or not isinstance(command, click.Group):
            break
        found = command.get_command(context, word)
        if found is None:
            return None
        command, path = found, [*path, word]
    return " ".join(path) if len(path) > 1 else None


@pytest.mark.parametrize("service", sorted(WRITE_SERVICES))
def test_each_command_face_is_a_command(service: str) -> None:
    for face in WRITE_SERVICES[service].faces:
        words = face.split()
        if words[0] == "tracker":
            assert _command(words[1:]) is not None, f"{service}: no command {face!r}"
        else:
            assert words[0] == "tui" and words[1].endswith(":"), f"{service}: face {face!r}"
