"""The structure the README's Architecture section describes, checked on the source itself.

The imports are read with `ast` (also those inside functions), so the rules hold for every line of code:

- shared code in `maastricht_inclusie/` (everything but the settings and the root URL confs) imports no app;
- the mechanism apps (accounts, exports, reminders, outbox, letters) import no domain app: the apps register with them;
- apps never import each other's views; only the root URL confs compose them;
- `progress/` only reads (models, queries, the ledger), and no app imports `progress/`;
- tenders and keypersons never import each other;
- production code never imports the demo data or the benchmarks.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHARED = "maastricht_inclusie"
# The composition root: settings and the URL confs that put the apps' pages together.
COMPOSITION = {f"{SHARED}.settings", f"{SHARED}.urls", f"{SHARED}.portal_urls", f"{SHARED}.wsgi"}
MECHANISMS = {"accounts", "exports", "reminders", "outbox", "letters"}
DOMAIN = {"initiatives", "tenders", "keypersons", "progress"}
APPS = MECHANISMS | DOMAIN
NOT_PRODUCTION = {"demo", "bench"}
# What a page that only reads may use of another app.
READ_ONLY_MODULES = {"models", "queries", "ledger", "permissions"}
MAX_MODULE_LINES = 400
MAX_VIEW_LINES = 60


def _modules(*packages: str):
    for package in packages:
        for path in sorted((ROOT / package).rglob("*.py")):
            relative = path.relative_to(ROOT).with_suffix("")
            parts = list(relative.parts)
            if parts[-1] == "__init__":
                parts.pop()
            yield ".".join(parts), path


def _imports(module: str, path: Path) -> set[str]:
    """Every module the file imports, relative imports resolved."""
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            target = ".".join([*base, *([node.module] if node.module else [])])
            found.add(target)
            found.update(f"{target}.{alias.name}" for alias in node.names)
    return found


def _edges():
    for module, path in _modules(SHARED, *APPS):
        for imported in _imports(module, path):
            yield module, imported


def _top(name: str) -> str:
    return name.split(".")[0]


def test_shared_code_imports_no_app():
    forbidden = [
        (module, imported)
        for module, imported in _edges()
        if _top(module) == SHARED and module not in COMPOSITION and _top(imported) in APPS | NOT_PRODUCTION
    ]
    assert forbidden == []


def test_the_mechanism_apps_import_no_domain_app():
    forbidden = [
        (module, imported)
        for module, imported in _edges()
        if _top(module) in MECHANISMS and _top(imported) in DOMAIN
    ]
    assert forbidden == []


def test_no_app_imports_another_apps_views():
    forbidden = [
        (module, imported)
        for module, imported in _edges()
        if _top(module) in APPS
        and _top(imported) in APPS - {_top(module)}
        and ".views" in f".{imported.partition('.')[2]}"
    ]
    assert forbidden == []


def test_progress_only_reads_and_nobody_imports_it():
    writes = [
        (module, imported)
        for module, imported in _edges()
        if _top(module) == "progress"
        and _top(imported) in APPS - {"progress"}
        and len(imported.split(".")) > 1
        and imported.split(".")[1] not in READ_ONLY_MODULES
    ]
    importers = [
        (module, imported)
        for module, imported in _edges()
        if _top(imported) == "progress" and _top(module) != "progress" and module not in COMPOSITION
    ]
    assert writes == []
    assert importers == []


def test_tenders_and_keypersons_never_import_each_other():
    crossing = [
        (module, imported)
        for module, imported in _edges()
        if {_top(module), _top(imported)} == {"tenders", "keypersons"}
    ]
    assert crossing == []


def test_production_code_never_imports_the_demo_or_the_benchmarks():
    leaks = [(module, imported) for module, imported in _edges() if _top(imported) in NOT_PRODUCTION]
    assert leaks == []


def test_an_import_rule_would_catch_a_forbidden_edge(tmp_path):
    source = tmp_path / "views.py"
    source.write_text("from keypersons.views import dashboard\nfrom .models import X\n")

    assert _imports("tenders.views", source) == {
        "keypersons.views",
        "keypersons.views.dashboard",
        "tenders.models",
        "tenders.models.X",
    }


@pytest.mark.parametrize("package", sorted(APPS | {SHARED}))
def test_no_module_of_app_code_is_over_400_lines(package):
    long = {
        str(path.relative_to(ROOT)): length
        for _module, path in _modules(package)
        if "migrations" not in path.parts
        and (length := len(path.read_text().splitlines())) > MAX_MODULE_LINES
    }
    assert long == {}


def test_no_view_function_is_over_60_lines():
    long = {}
    for module, path in _modules(SHARED, *APPS):
        if ".views" not in f".{module}" and not module.endswith("two_factor"):
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = node.end_lineno - node.lineno + 1
                if length > MAX_VIEW_LINES:
                    long[f"{module}.{node.name}"] = length
    assert long == {}


def test_the_docker_image_leaves_the_developers_files_out():
    """`COPY . .` must not bake a local database, uploads, exports or a virtualenv into the image."""
    assert "COPY . ." in (ROOT / "Dockerfile").read_text()
    ignored = {
        line.strip().strip("/")
        for line in (ROOT / ".dockerignore").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    }

    assert {"db.sqlite3", ".venv", "media", "private-media", ".git", "bench"} <= ignored
