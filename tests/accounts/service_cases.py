"""A table of service cases: each public service refuses an outsider and writes nothing.

Each app's ``test_service_permissions.py`` holds one ``Case`` per public function of its
services module; ``public_functions`` finds those functions with ``inspect`` so that a new
service without a case fails the suite.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import ModuleType
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied

from ..conftest import World


@dataclass(frozen=True)
class Case:
    """How to call one service, and what it would change.

    ``prepare`` builds the object the call acts on; ``call`` calls the service with an
    actor; ``state`` re-reads from the database what the call would change.
    """

    prepare: Callable[[World], Any]
    call: Callable[[World, Any, Any], object]
    state: Callable[[World, Any], object]
    insider: str
    outsiders: tuple[str, ...]


def public_functions(module: ModuleType) -> set[str]:
    """Every public function defined in ``module`` (imports excluded)."""
    return {
        name
        for name, function in inspect.getmembers(module, inspect.isfunction)
        if function.__module__ == module.__name__ and not name.startswith("_")
    }


def outsider_params(cases: Mapping[str, Case]) -> list[Any]:
    return [
        pytest.param(name, persona, id=f"{name}-{persona}")
        for name, case in sorted(cases.items())
        for persona in case.outsiders
    ]


def _snapshot(world: World, case: Case, target: Any) -> tuple[object, int]:
    return case.state(world, target), LogEntry.objects.count()


def assert_refused(world: World, case: Case, persona: str) -> None:
    """The outsider gets ``PermissionDenied`` and the database is as it was."""
    target = case.prepare(world)
    before = _snapshot(world, case, target)
    with pytest.raises(PermissionDenied):
        case.call(world, target, world.users[persona])
    assert _snapshot(world, case, target) == before


def assert_allowed(world: World, case: Case) -> None:
    """The same call by the permitted persona changes what ``state`` reads (a control)."""
    target = case.prepare(world)
    before = case.state(world, target)
    case.call(world, target, world.users[case.insider])
    assert case.state(world, target) != before
