"""Every portal service (consultation and library copy) checks its own permission.

The services are enumerated from the module, so a new one without a row here fails. An
outsider is refused and nothing is written. ``submit_aspiration`` is public by design: it
has no outsider (citizens send without an account) and its state checks are tested in
``test_consultation.py``.
"""

from __future__ import annotations

import datetime as dt
import inspect
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied
from django.db.models import Sum
from django.utils import timezone

from kotacerdas.accounts.models import User
from kotacerdas.planning.models import Programme
from kotacerdas.portal import services
from kotacerdas.portal.models import Aspiration, Consultation, ProgrammeCopy

from ..conftest import World
from .routes_consultation import aspiration, consultation, draft
from .routes_library import published_programme

Call = Callable[..., object]


@dataclass
class Setup:
    consultation: Consultation
    aspiration: Aspiration
    source: Programme


@pytest.fixture
def setup(world: World) -> Setup:
    found = consultation(world)
    return Setup(found, aspiration(found), published_programme(world))


@dataclass(frozen=True)
class Case:
    prepare: Callable[[World, Setup], Call]
    insider: str
    outsiders: tuple[str, ...]


READERS = ("editor_a", "editor_b", "two_regions", "council", "assessor", "province_viewer")
OTHERS = ("other_coordinator", "no_role", "superuser")


def _period() -> services.Period:
    now = timezone.now()
    return services.Period(now, now + dt.timedelta(days=14))


CASES: dict[str, Case] = {
    "open_consultation": Case(
        lambda w, s: partial(
            services.open_consultation, s.consultation.masterplan, title="Bab 2", period=_period()
        ),
        "coordinator",
        (*READERS, *OTHERS),
    ),
    "close_consultation": Case(
        lambda w, s: partial(services.close_consultation, s.consultation),
        "coordinator",
        (*READERS, *OTHERS),
    ),
    "submit_aspiration": Case(
        lambda w, s: partial(services.submit_aspiration, s.consultation, text="Usul baru"),
        "no_role",
        (),
    ),
    "moderate_aspiration": Case(
        lambda w, s: partial(services.moderate_aspiration, s.aspiration, state="published"),
        "coordinator",
        (*READERS, *OTHERS),
    ),
    "answer_aspiration": Case(
        lambda w, s: partial(services.answer_aspiration, s.aspiration, answer="Terima kasih"),
        "coordinator",
        (*READERS, *OTHERS),
    ),
    "link_aspiration": Case(
        lambda w, s: partial(services.link_aspiration, s.aspiration, programme=draft(w)[1]),
        "coordinator",
        (*READERS, *OTHERS),
    ),
    "copy_programme": Case(
        lambda w, s: partial(services.copy_programme, s.source, s.consultation.masterplan),
        "coordinator",
        (*READERS, *OTHERS),
    ),
}

MODELS = (Consultation, Aspiration, ProgrammeCopy, Programme)


def _public_services() -> dict[str, Callable[..., Any]]:
    return {
        name: function
        for name, function in inspect.getmembers(services, inspect.isfunction)
        if function.__module__ == services.__name__ and not name.startswith("_")
    }


def _actor(world: World, persona: str) -> User:
    user = world.users[persona]
    assert user is not None
    return user


def _written() -> tuple[object, ...]:
    rows = tuple(
        (model.objects.count(), model.objects.aggregate(v=Sum("version"))["v"]) for model in MODELS
    )
    return (*rows, LogEntry.objects.count())


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
    world: World, setup: Setup, name: str, persona: str
) -> None:
    call = CASES[name].prepare(world, setup)
    before = _written()
    with pytest.raises(PermissionDenied):
        call(actor=_actor(world, persona))
    assert _written() == before


@pytest.mark.parametrize("name", list(CASES))
def test_the_permitted_actor_gets_through(world: World, setup: Setup, name: str) -> None:
    call = CASES[name].prepare(world, setup)
    before = _written()
    call(actor=_actor(world, CASES[name].insider))
    assert _written() != before
