"""The planning slices depend one way: a slice imports only the slices below it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import kotacerdas.planning

PLANNING = Path(kotacerdas.planning.__file__).parent
# Lowest first; slices on the same level do not import each other.
LEVELS = {
    "masterplans": 0,
    "strategy": 1,
    "programmes": 2,
    "quickwins": 3,
    "roadmap": 3,
    "review": 4,
    "exchange": 5,
}


def _slices_imported(path: Path) -> set[str]:
    """The planning slices a module imports (relative or absolute imports)."""
    found: set[str] = set()
    own = path.relative_to(PLANNING).parts[0]
    for node in ast.walk(ast.parse(path.read_text())):
        if not isinstance(node, ast.ImportFrom):
            continue
        module = node.module or ""
        if node.level == 1:
            parts = [own]
        elif node.level == 2:
            parts = module.split(".")[:1] or [alias.name for alias in node.names]
        elif module.startswith("kotacerdas.planning."):
            parts = module.split(".")[2:3]
        else:
            continue
        found.update(part for part in parts if part in LEVELS)
    return found


@pytest.mark.parametrize("name", sorted(LEVELS))
def test_a_slice_imports_only_lower_slices(name: str) -> None:
    wrong = {
        f"{path.relative_to(PLANNING)} imports {other}"
        for path in (PLANNING / name).rglob("*.py")
        for other in _slices_imported(path)
        if other != name and LEVELS[other] >= LEVELS[name]
    }
    assert not wrong, sorted(wrong)


def test_every_slice_is_known() -> None:
    packages = {p.parent.name for p in PLANNING.glob("*/__init__.py")}
    assert packages - {"management", "migrations", "templatetags"} == set(LEVELS)
