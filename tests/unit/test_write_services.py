"""Every write path is in `tracker.services`: each function that records an audit entry is
a listed service (taking its actor) or a listed write of the system's own, and the terminal
UI writes only through services."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import pytest

from tracker.services import OTHER_WRITES, WRITE_SERVICES, resolve

ROOT = Path(__file__).resolve().parents[2]
# `audit.recorded_as` writes too: its block's entries are recorded under its own action.
AUDIT_CALLS = {
    "audit.record",
    "audit.record_many",
    "record_many",
    "write_audit",
    "audit.recorded_as",
}


def _calls(node: ast.AST) -> set[str]:
    """The names a function calls: `f(...)`, `audit.record(...)`, `job.write_audit()`."""
    names = set()
    for call in ast.walk(node):
        if isinstance(call, ast.Call):
            if isinstance(call.func, ast.Name):
                names.add(call.func.id)
            elif isinstance(call.func, ast.Attribute):
                names.add(call.func.attr)
                if isinstance(call.func.value, ast.Name):
                    names.add(f"{call.func.value.id}.{call.func.attr}")
    return names


def _functions(tree: ast.Module) -> dict[str, ast.AST]:
    """Top-level functions and methods of top-level classes, by qualified name."""
    found: dict[str, ast.AST] = {}
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            found[node.name] = node
        elif isinstance(node, ast.ClassDef):
            for item in node.body:
                if isinstance(item, ast.FunctionDef):
                    found[f"{node.name}.{item.name}"] = item
    return found


def audit_writers() -> set[str]:
    """`module:function` for each public function of tracker/ that records an audit entry
    itself or through a private helper of its module."""
    writers = set()
    for path in sorted((ROOT / "tracker").rglob("*.py")):
        module = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        importer = module.startswith("tracker.imports.") and module != "tracker.imports.base"
        if module in {"tracker.audit", "tracker.services"} or importer:
            continue  # each importer's run() is a step of import_file, through write_audit
        functions = _functions(ast.parse(path.read_text(encoding="utf-8")))
        calls = {name: _calls(node) for name, node in functions.items()}
        writing = {name for name, called in calls.items() if called & AUDIT_CALLS}
        while True:  # a function calling another of its module that writes, writes too
            more = {
                name
                for name, called in calls.items()
                if name not in writing and any(w.split(".")[-1] in called for w in writing)
            }
            if not more:
                break
            writing |= more
        writers |= {
            f"{module}:{name}"
            for name in writing
            if not name.split(".")[-1].startswith("_") or name.endswith("write_audit")
        }
    return writers


def test_every_function_that_records_an_audit_entry_is_listed() -> None:
    listed = set(WRITE_SERVICES) | set(OTHER_WRITES)
    writers = audit_writers()
    assert writers - listed == set(), "add these to tracker/services.py"
    # And the tables name nothing that has stopped writing (or was renamed).
    calling = {name for name in listed if name.partition(":")[2] != "import_file"}
    assert calling - writers == set()


@pytest.mark.parametrize("name", sorted(WRITE_SERVICES))
def test_a_service_takes_the_acting_officer(name: str) -> None:
    service = WRITE_SERVICES[name]
    parameters = inspect.signature(service.resolve()).parameters
    assert service.actor in parameters
    assert parameters[service.actor].default is inspect.Parameter.empty  # never implied
    assert service.faces, "a service no CLI command or TUI action calls"
    for part in service.target[1].split("/"):
        assert part in parameters


def test_other_writes_resolve() -> None:
    for name in OTHER_WRITES:
        assert callable(resolve(name))


WRITE_SQL = ("session.add(", "session.add_all(", "session.delete(", ".commit(", "AuditEntry")
WRITE_STATEMENTS = ("insert(", "update(", "delete(")


def test_the_terminal_ui_runs_no_sql_of_its_own_for_a_write() -> None:
    found = []
    for path in sorted((ROOT / "tui").rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        tree = ast.parse(text)
        imported = {
            alias.asname or alias.name
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("sqlalchemy")
            for alias in node.names
        }
        found += [f"{path.name}: {word}" for word in WRITE_SQL if word in text]
        found += [
            f"{path.name}: sqlalchemy {word}" for word in imported if word + "(" in WRITE_STATEMENTS
        ]
    assert found == []
