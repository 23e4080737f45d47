"""Consultation and the programme library read planning and monitoring through those apps'
public read functions, never their tables (docs/architecture.md, portal)."""

from __future__ import annotations

import ast
import inspect
from types import ModuleType

import pytest
from django.apps import apps

from kotacerdas.portal import consultation_queries, forms, library

READS = {"all", "filter", "exclude", "order_by", "values", "values_list", "get", "count"}


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


def _accessors() -> set[str]:
    """Names through which an object reaches rows of a planning or monitoring table (the
    reverse and many-to-many accessors whose rows are planning's or monitoring's)."""
    names = set()
    for label in ("planning", "monitoring"):
        for model in apps.get_app_config(label).get_models():
            names |= {field.name for field in model._meta.many_to_many}
            for relation in model._meta.related_objects:
                if relation.related_model._meta.app_label in {"planning", "monitoring"}:
                    names.add(relation.get_accessor_name())
    return names


def _related_reads(module: ModuleType) -> set[str]:
    """Accessors of planning or monitoring rows the module reads (``plan.programmes.all()``)."""
    tree = ast.parse(inspect.getsource(module))
    accessors = _accessors()
    return {
        node.value.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and node.attr in READS
        and isinstance(node.value, ast.Attribute)
        and node.value.attr in accessors
    }


def _model_imports(module: ModuleType) -> set[str]:
    """Planning or monitoring models the module imports."""
    tree = ast.parse(inspect.getsource(module))
    return {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
        and _absolute(module, node).startswith(("kotacerdas.planning", "kotacerdas.monitoring"))
        and "models" in _absolute(module, node)
        for alias in node.names
    }


MODULES = [consultation_queries, library, forms]


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__)
def test_portal_reads_planning_and_monitoring_through_their_queries(module: ModuleType) -> None:
    assert _table_reads(module) == set()


def test_the_forms_get_their_choices_from_planning_queries() -> None:
    """The consultation's, link's and copy's choices come from planning's read functions:
    the forms import no planning or monitoring model and read no planning row through an
    object (``masterplan.programmes.order_by(...)``)."""
    assert _model_imports(forms) == set()
    assert _related_reads(forms) == set()


def test_the_check_finds_a_direct_read() -> None:
    from kotacerdas.planning.programmes import queries

    assert "Programme" in _table_reads(queries)


def test_the_check_finds_a_read_through_a_related_manager() -> None:
    from kotacerdas.planning.masterplans import queries

    assert "team" in _related_reads(queries)  # masterplan.team.order_by(...)
    assert "Masterplan" in _model_imports(queries)
