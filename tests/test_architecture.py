"""The dependency rules of DESIGN §2, checked on the source: the floor (trustportal/) imports
no app, not even lazily or by name; cases never imports training; training uses only cases'
rule engine and catalogue, never its models or its reminder planning."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
APPS = ("cases", "training")
# cases' public API for training: the engine, the catalogue provider, the decision gates
TRAINING_MAY_USE = ("cases.rules", "cases.catalogue.provider", "cases.decisions.gates")


def _imports(path: Path):
    """Every module the file imports, also through importlib by a constant name."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module
        elif _imports_by_name(node):
            yield node.args[0].value


def _imports_by_name(node) -> bool:
    """importlib.import_module("x") or find_spec("x") with a constant name."""
    return (
        isinstance(node, ast.Call)
        and getattr(node.func, "attr", "") in ("import_module", "find_spec")
        and bool(node.args)
        and isinstance(node.args[0], ast.Constant)
        and isinstance(node.args[0].value, str)
    )


def _offenders(folder: str, refused) -> list[str]:
    return sorted(
        f"{path.relative_to(ROOT)}: {module}"
        for path in (ROOT / folder).rglob("*.py")
        for module in _imports(path)
        if refused(module)
    )


def _top(module: str) -> str:
    return module.split(".")[0]


def test_the_floor_imports_no_app():
    assert _offenders("trustportal", lambda m: _top(m) in APPS) == []


def test_the_floors_migrations_name_no_app():
    named = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "trustportal").rglob("migrations/*.py")
        if any(f"('{app}'," in path.read_text() or f'("{app}",' in path.read_text() for app in APPS)
    ]
    assert named == []


def test_cases_imports_nothing_of_training():
    assert _offenders("cases", lambda m: _top(m) == "training") == []


def test_training_uses_only_the_engine_and_the_catalogue_of_cases():
    def refused(module):
        return _top(module) == "cases" and not module.startswith(TRAINING_MAY_USE)

    assert _offenders("training", refused) == []


def test_the_apps_plug_into_the_floors_home_page_and_demo_data():
    from cases.board.views import HOME_PANEL
    from cases.demo import seed_demo_cases
    from cases.demo_history import seed_demo_history
    from training.demo import seed_demo_training
    from trustportal.common import extensions
    from trustportal.home import registered_panels

    assert registered_panels() == (HOME_PANEL,)
    assert extensions.demo_seeders() == [seed_demo_cases, seed_demo_history, seed_demo_training], (
        "cases (today's samples, then a year of history) first, then training"
    )
