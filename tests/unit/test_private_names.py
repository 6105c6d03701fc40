"""No module imports another package's private name (`from coursehub.x import _name`): what a
package shares with the others it makes public, so a change inside one package cannot break
another by surprise."""

from __future__ import annotations

import ast
from pathlib import Path

import coursehub

ROOT = Path(coursehub.__file__).parent


def package_of(module: str) -> str:
    """`coursehub.printing` for coursehub.printing.week_calendar; modules straight under
    coursehub (coursehub.i18n) are each a package of their own."""
    parts = module.split(".")
    return ".".join(parts[:2])


def module_name(path: Path) -> str:
    relative = path.relative_to(ROOT.parent).with_suffix("")
    parts = relative.parts[:-1] if relative.name == "__init__" else relative.parts
    return ".".join(parts)


def is_private(name: str) -> bool:
    """`_name`, but not `__dunder__` and not gettext's `_` (public by convention)."""
    return name.startswith("_") and not name.startswith("__") and name != "_"


def private_imports_across_packages(source: str, importer: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.ImportFrom) or node.level or not node.module:
            continue
        if not node.module.startswith("coursehub") or package_of(node.module) == package_of(importer):
            continue
        private = [a.name for a in node.names if is_private(a.name)]
        private_module = any(is_private(part) for part in node.module.split("."))
        if private or private_module:
            found.append(
                f"{importer}:{node.lineno} from {node.module} import {', '.join(a.name for a in node.names)}"
            )
    return found


def test_the_check_finds_a_private_import_across_packages_and_allows_one_within():
    assert private_imports_across_packages("from coursehub.printing.x import _columns", "coursehub.ui.y")
    assert private_imports_across_packages("from coursehub.printing._x import columns", "coursehub.ui.y")
    assert not private_imports_across_packages(
        "from coursehub.printing.x import _columns", "coursehub.printing.z"
    )
    assert not private_imports_across_packages(
        "from coursehub.printing.x import __version__", "coursehub.ui.y"
    )
    assert not private_imports_across_packages("from coursehub.printing.x import columns", "coursehub.ui.y")
    assert not private_imports_across_packages("from coursehub.i18n import _", "coursehub.ui.y")


def test_no_module_imports_another_packages_private_name():
    found = [
        line
        for path in sorted(ROOT.rglob("*.py"))
        for line in private_imports_across_packages(path.read_text(encoding="utf-8"), module_name(path))
    ]
    assert found == []
