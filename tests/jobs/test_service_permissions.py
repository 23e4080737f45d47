"""Every jobs service checks its own permission, whoever calls it.

The services are enumerated from the module, so a new one without a row here fails. An
outsider is refused and nothing is written (jobs, queued tasks, audit entries).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied
from django.db.models import Sum
from django_tasks_db.models import DBTaskResult

from kotacerdas.accounts.models import User
from kotacerdas.jobs import services
from kotacerdas.jobs.models import Job, Status

from ..conftest import World
from .kinds import ECHO

pytestmark = pytest.mark.django_db

Call = Callable[..., object]


@dataclass(frozen=True)
class Case:
    prepare: Callable[[World], Call]
    insider: str
    outsiders: tuple[str, ...]


def _failed_job(w: World) -> Job:
    return Job.objects.create(
        kind=ECHO, owner=w.users["coordinator"], region=w.region, status=Status.FAILED
    )


CASES: dict[str, Case] = {
    "enqueue_job": Case(
        lambda w: partial(services.enqueue_job, kind=ECHO, region=w.region, params={}),
        "coordinator",
        ("other_coordinator", "other_province_viewer", "no_role", "superuser"),
    ),
    "retry_job": Case(
        lambda w: partial(services.retry_job, job=_failed_job(w)),
        "coordinator",
        ("national_admin", "editor_a", "council", "other_coordinator", "superuser"),
    ),
}


def _public_services() -> dict[str, Callable[..., Any]]:
    return {
        name: function
        for name, function in inspect.getmembers(services, inspect.isfunction)
        if function.__module__ == services.__name__ and not name.startswith("_")
    }


def _written() -> tuple[object, ...]:
    return (
        Job.objects.count(),
        Job.objects.aggregate(a=Sum("attempts"))["a"],
        sorted(Job.objects.values_list("status", flat=True)),
        DBTaskResult.objects.count(),
        LogEntry.objects.count(),
    )


def _actor(world: World, persona: str) -> User:
    user = world.users[persona]
    assert user is not None
    return user


def test_every_service_has_a_case_and_takes_a_required_actor() -> None:
    found = _public_services()
    assert set(found) == set(CASES), "add a row to CASES for each new service"
    for name, function in found.items():
        actor = inspect.signature(function).parameters.get("actor")
        assert actor is not None, name
        assert actor.kind is inspect.Parameter.KEYWORD_ONLY, name
        assert actor.default is inspect.Parameter.empty, name
        assert actor.annotation == "Actor", name


@pytest.mark.parametrize(
    ("name", "persona"), [(name, p) for name, case in CASES.items() for p in case.outsiders]
)
def test_an_outsider_is_refused_and_nothing_is_written(
    world: World, name: str, persona: str, django_capture_on_commit_callbacks: Any
) -> None:
    call = CASES[name].prepare(world)
    before = _written()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(PermissionDenied):
        call(actor=_actor(world, persona))
    assert _written() == before


@pytest.mark.parametrize("name", list(CASES))
def test_the_permitted_actor_gets_through(
    world: World, name: str, django_capture_on_commit_callbacks: Any
) -> None:
    call = CASES[name].prepare(world)
    before = _written()
    with django_capture_on_commit_callbacks(execute=True):
        call(actor=_actor(world, CASES[name].insider))
    assert _written() != before
    assert Job.objects.filter(status=Status.QUEUED).exclude(task_id="").count() == 1
