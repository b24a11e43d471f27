"""The layers hold: tasks are the top layer (services enqueue through debrief.services.queue and
never import debrief.tasks), the middleware asks the two-step policy (debrief/two_step.py) and
imports no view, and no service imports another inside a function (the way round an import
cycle, which hides the cycle). Read from the source with `ast`, so an import hidden inside a
function counts."""

import ast
from pathlib import Path

import pytest

DEBRIEF = Path(__file__).resolve().parent.parent / "debrief"


def imported_modules(path: Path) -> set[str]:
    """Every module a file imports, at the top or inside a function."""
    modules = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            modules.add(node.module)
            modules.update(f"{node.module}.{alias.name}" for alias in node.names)
    return modules


SERVICES = sorted((DEBRIEF / "services").glob("*.py"))


def test_it_reads_every_service_module():
    names = {path.stem for path in SERVICES}
    assert {"queue", "delivery", "notify", "reminders", "invitations"} <= names


@pytest.mark.parametrize("path", SERVICES, ids=lambda path: path.name)
def test_it_keeps_the_tasks_out_of_every_service(path):
    tasks = {name for name in imported_modules(path) if name.startswith("debrief.tasks")}
    assert tasks == set(), f"{path.name} imports {tasks}: enqueue through services/queue.py"


@pytest.mark.parametrize("path", [DEBRIEF / "middleware.py", DEBRIEF / "two_step.py"])
def test_it_keeps_the_views_out_of_the_middleware_and_the_policy(path):
    views = {name for name in imported_modules(path) if name.startswith("debrief.views")}
    assert views == set()


def services_imported_inside_functions(path: Path) -> set[str]:
    hidden = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for inner in ast.walk(node):
                if isinstance(inner, ast.ImportFrom) and (inner.module or "").startswith(
                    "debrief.services"
                ):
                    hidden.add(inner.module)
    return hidden


@pytest.mark.parametrize("path", SERVICES, ids=lambda path: path.name)
def test_no_service_imports_another_inside_a_function(path):
    assert services_imported_inside_functions(path) == set()


def test_it_finds_a_service_imported_inside_a_function(tmp_path):
    hidden = tmp_path / "hidden.py"
    hidden.write_text("def f():\n    from debrief.services.reminders import when\n")
    assert services_imported_inside_functions(hidden) == {"debrief.services.reminders"}


def test_it_finds_an_import_hidden_inside_a_function(tmp_path):
    hidden = tmp_path / "hidden.py"
    hidden.write_text("def f():\n    from debrief.tasks import deliver_notifications\n")
    assert "debrief.tasks" in imported_modules(hidden)
