"""Layering, read from the source with ast so it cannot quietly regress.

cop_portal's seams (access, guards, mail, markdown, rendered text, uploads, filters…)
import no app: every app builds on them, so one import back would tie them all together.
The modules that compose apps are listed here, each with its reason. And no app's services
and tasks import each other: tasks import services, services queue tasks by name.
"""

import ast
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
APPS = sorted(p.parent.name for p in ROOT.glob("*/apps.py") if p.parent.name != "cop_portal")

COMPOSING = {
    "cop_portal/pages.py": "home and contact pages show rooms and ask members",
    "cop_portal/services.py": "the contact message goes to the steering committee (members)",
    "cop_portal/urls.py": "the URL root includes every app",
    "cop_portal/management/commands/seed_demo.py": "seeds every app's demo data",
    "cop_portal/search/sources.py": "the search page reads every app through its access pair",
    "cop_portal/search/views.py": "the search page shows every app's results",
}


def _imported_modules(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
    return names


def _seams() -> list[Path]:
    return [
        path
        for path in sorted((ROOT / "cop_portal").rglob("*.py"))
        if "tests" not in path.relative_to(ROOT).parts
        and str(path.relative_to(ROOT)) not in COMPOSING
    ]


def test_there_are_apps_and_seams_to_check():
    assert {"members", "discussions"} <= set(APPS)
    assert {"access.py", "guards.py", "mail.py", "rendered.py"} <= {p.name for p in _seams()}


def test_cop_portal_seams_import_no_app():
    offenders = {
        str(path.relative_to(ROOT)): sorted(
            name for name in _imported_modules(path) if name.split(".")[0] in APPS
        )
        for path in _seams()
    }
    assert {path: names for path, names in offenders.items() if names} == {}


def test_composing_modules_exist():
    """A composing module that is gone must leave this list, or a new seam could hide here."""
    assert [name for name in COMPOSING if not (ROOT / name).exists()] == []


def _imports_of(app: str, module: str) -> set[str]:
    package = ROOT / app / module
    paths = sorted(package.rglob("*.py")) if package.is_dir() else [ROOT / app / f"{module}.py"]
    return set().union(*(_imported_modules(p) for p in paths if p.exists()))


def _names(imports: set[str], app: str, module: str) -> bool:
    return any(n == f"{app}.{module}" or n.startswith(f"{app}.{module}.") for n in imports)


def test_no_app_has_an_import_loop_between_services_and_tasks():
    """Even inside a function: tasks import services, services queue tasks by name."""
    loops = [
        app
        for app in APPS
        if _names(_imports_of(app, "services"), app, "tasks")
        and _names(_imports_of(app, "tasks"), app, "services")
    ]
    assert loops == []
