"""Every evaluation service checks its own permission, whoever calls it.

The services are enumerated from the module, so a new one without a row here fails. Each
row prepares the call (as the system, on Kota Bengkulu's evaluation) and names who may make
it and the natural outsiders; an outsider is refused and nothing is written.
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

from kotacerdas.accounts.actors import SYSTEM
from kotacerdas.accounts.models import User
from kotacerdas.evaluation import services
from kotacerdas.evaluation.models import (
    Assignment,
    Evaluation,
    EvaluationRound,
    FollowUpAction,
    ReportSection,
    Score,
)
from kotacerdas.evaluation.services import AdjustmentIn, ScoreIn

from ..conftest import World
from .factories import evaluation, instrument, open_round

Call = Callable[..., object]


@dataclass(frozen=True)
class Case:
    prepare: Callable[[World], Call]
    insider: str
    outsiders: tuple[str, ...]


REGION_OUT = ("editor_a", "council", "assessor", "province_viewer")
OTHERS = ("other_coordinator", "other_assessor", "no_role", "superuser")
NOT_NATIONAL = ("coordinator", "assessor", "province_viewer", "superuser", "no_role")
NOT_ASSIGNED = ("coordinator", "editor_a", "council", "province_viewer", "national_admin")


def _user(world: World, persona: str) -> User:
    user = world.users[persona]
    assert user is not None
    return user


def _followed_up(world: World) -> FollowUpAction:
    return services.add_follow_up(evaluation(world, "published"), actor=SYSTEM, text="Satu data")


CASES: dict[str, Case] = {
    "open_round": Case(
        lambda w: partial(
            services.open_round, year=2031, instrument=instrument(), regions=[w.region]
        ),
        "national_admin",
        NOT_NATIONAL,
    ),
    "set_deadlines": Case(
        lambda w: partial(
            services.set_deadlines, open_round(w), self_assessment_due=None, verification_due=None
        ),
        "national_admin",
        NOT_NATIONAL,
    ),
    "close_round": Case(
        lambda w: partial(services.close_round, open_round(w)),
        "national_admin",
        NOT_NATIONAL,
    ),
    "assign_assessor": Case(
        lambda w: partial(
            services.assign_assessor,
            open_round(w),
            w.other_region,
            _user(w, "other_assessor"),
        ),
        "national_admin",
        NOT_NATIONAL,
    ),
    "remove_assignment": Case(
        lambda w: partial(services.remove_assignment, open_round(w).assignments.get()),
        "national_admin",
        NOT_NATIONAL,
    ),
    "start_evaluation": Case(
        lambda w: (open_round(w), partial(services.start_evaluation, w.region, year=2025))[1],
        "coordinator",
        (*REGION_OUT, *OTHERS),
    ),
    "save_scores": Case(
        lambda w: partial(
            services.save_scores, evaluation(w), scores={("outcome", "living"): ScoreIn(3)}
        ),
        "coordinator",
        (*REGION_OUT, *OTHERS),
    ),
    "submit_evaluation": Case(
        lambda w: partial(services.submit_evaluation, _filled(w)),
        "coordinator",
        (*REGION_OUT, *OTHERS),
    ),
    "verify_scores": Case(
        lambda w: partial(
            services.verify_scores,
            evaluation(w, "submitted"),
            adjustments={("outcome", "living"): AdjustmentIn(2, "Bukti kurang")},
        ),
        "assessor",
        (*NOT_ASSIGNED, *OTHERS),
    ),
    "save_report_section": Case(
        lambda w: partial(
            services.save_report_section,
            evaluation(w, "submitted"),
            dimension="living",
            weaknesses="a",
            strengths="b",
            recommendations="c",
        ),
        "assessor",
        (*NOT_ASSIGNED, *OTHERS),
    ),
    "verify_evaluation": Case(
        lambda w: partial(services.verify_evaluation, _reported(w)),
        "assessor",
        (*NOT_ASSIGNED, *OTHERS),
    ),
    "publish_evaluation": Case(
        lambda w: partial(services.publish_evaluation, evaluation(w, "verified")),
        "national_admin",
        ("coordinator", "assessor", *OTHERS),
    ),
    "add_follow_up": Case(
        lambda w: partial(services.add_follow_up, evaluation(w, "published"), text="Satu data"),
        "coordinator",
        (*REGION_OUT, *OTHERS),
    ),
    "complete_follow_up": Case(
        lambda w: partial(services.complete_follow_up, _followed_up(w)),
        "coordinator",
        (*REGION_OUT, *OTHERS),
    ),
}


def _filled(world: World) -> Evaluation:
    from .factories import fill

    return fill(evaluation(world))


def _reported(world: World) -> Evaluation:
    found = evaluation(world, "submitted")
    for dimension in {c["dimension"] for c in found.round.instrument.criteria}:
        services.save_report_section(
            found,
            actor=SYSTEM,
            dimension=dimension,
            weaknesses="a",
            strengths="b",
            recommendations="c",
        )
    return found


def _public_services() -> dict[str, Callable[..., Any]]:
    return {
        name: function
        for name, function in inspect.getmembers(services, inspect.isfunction)
        if function.__module__ == services.__name__ and not name.startswith("_")
    }


MODELS = (EvaluationRound, Assignment, Evaluation, Score, ReportSection, FollowUpAction)


def _written() -> tuple[object, ...]:
    rows = tuple(
        (
            model.objects.count(),
            model.objects.aggregate(v=Sum("version"))["v"] if hasattr(model, "version") else 0,
        )
        for model in MODELS
    )
    scores = tuple(Score.objects.values_list("self_score", "verified_score", "reason"))
    return (*rows, scores, LogEntry.objects.count())


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
    world: World, name: str, persona: str
) -> None:
    call = CASES[name].prepare(world)
    before = _written()
    with pytest.raises(PermissionDenied):
        call(actor=_user(world, persona))
    assert _written() == before


@pytest.mark.parametrize("name", list(CASES))
def test_the_permitted_actor_gets_through(world: World, name: str) -> None:
    call = CASES[name].prepare(world)
    before = _written()
    call(actor=_user(world, CASES[name].insider))
    assert _written() != before
