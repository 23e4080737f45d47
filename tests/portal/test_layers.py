"""Consultation and the programme library read planning and monitoring through those apps'
public read functions, never their tables (docs/architecture.md, portal)."""

from __future__ import annotations

import ast
import inspect
from types import ModuleType

import pytest

from kotacerdas.portal import consultation_queries, library


def _absolute(module: ModuleType, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    package = (module.__package__ or "").split(".")
    base = package[: len(package) - node.level + 1]
    return ".".join([*base, node.module] if node.module else base)


def _table_reads(module: ModuleType) -> set[str]:
    """Names of planning or monitoring models whose manager the module uses."""
    tree = ast.parse(inspect.getsource(module))
    models = {
        alias.asname or alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
        and _absolute(module, node).startswith(("kotacerdas.planning", "kotacerdas.monitoring"))
        and "models" in _absolute(module, node)
        for alias in node.names
    }
    managers = {
        node.value.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and node.attr in {"objects", "_default_manager"}
        and isinstance(node.value, ast.Name)
    }
    return models & managers


@pytest.mark.parametrize("module", [consultation_queries, library], ids=lambda m: m.__name__)
def test_portal_reads_planning_and_monitoring_through_their_queries(module: ModuleType) -> None:
    assert _table_reads(module) == set()


def test_the_check_finds_a_direct_read() -> None:
    from kotacerdas.planning.programmes import queries

    assert "Programme" in _table_reads(queries)
