"""Every SPBE service checks its own permission, whoever calls it.

The services are enumerated from the module, so a new one without a row here fails. Each
row prepares the call (as the system) and names who may make it and the natural
outsiders; an outsider is refused and nothing is written.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Sum

from kotacerdas.accounts.actors import SYSTEM
from kotacerdas.accounts.models import User
from kotacerdas.evaluation import spbe_services as services
from kotacerdas.evaluation.spbe_models import (
    SpbeAssessment,
    SpbeEvidence,
    SpbeIndicator,
    SpbeProgrammeTag,
    SpbeScore,
)
from kotacerdas.planning.models import Programme

from ..conftest import World
from ..monitoring.factories import plan_with_programme
from .spbe_factories import assessment

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@dataclass
class Setup:
    draft: SpbeAssessment
    submitted: SpbeAssessment
    programme: Programme

    @property
    def score(self) -> SpbeScore:  # indicator 11, responsible: agency A (Diskominfo)
        return self.draft.scores.get(indicator__number=11)

    @property
    def evidence(self) -> SpbeEvidence:
        return services.add_spbe_evidence(
            self.score, actor=SYSTEM, title="Perwal", file=SimpleUploadedFile("p.pdf", PDF)
        )


@pytest.fixture
def setup(world: World, settings: Any, tmp_path: Path) -> Setup:
    settings.MEDIA_ROOT = settings.SENDFILE_ROOT = str(tmp_path)
    submitted = services.submit_spbe(assessment(world.region, 2024), actor=SYSTEM)
    return Setup(assessment(world.region, 2025), submitted, plan_with_programme(world, "draft")[1])


@dataclass(frozen=True)
class Case:
    prepare: Callable[[World, Setup], Callable[..., object]]
    insider: str
    outsiders: tuple[str, ...]


EDITORS_OUT = ("editor_b", "two_regions", "council", "assessor", "province_viewer")
OTHERS = ("other_coordinator", "no_role", "superuser")

CASES: dict[str, Case] = {
    "start_spbe": Case(
        lambda w, s: partial(services.start_spbe, w.region, year=2026),
        "coordinator",
        ("editor_a", *EDITORS_OUT, *OTHERS),
    ),
    "assign_spbe_agency": Case(
        lambda w, s: partial(services.assign_spbe_agency, s.score, agency=w.agency_b),
        "coordinator",
        ("editor_a", *EDITORS_OUT, *OTHERS),
    ),
    "save_spbe_score": Case(
        lambda w, s: partial(services.save_spbe_score, s.score, level=4, explanation="Perwal"),
        "editor_a",
        (*EDITORS_OUT, *OTHERS),
    ),
    "add_spbe_evidence": Case(
        lambda w, s: partial(
            services.add_spbe_evidence,
            s.score,
            title="Scan",
            file=SimpleUploadedFile("scan.pdf", PDF),
        ),
        "editor_a",
        (*EDITORS_OUT, *OTHERS),
    ),
    "remove_spbe_evidence": Case(
        lambda w, s: partial(services.remove_spbe_evidence, s.evidence),
        "editor_a",
        (*EDITORS_OUT, *OTHERS),
    ),
    "submit_spbe": Case(
        lambda w, s: partial(services.submit_spbe, s.draft),
        "coordinator",
        ("editor_a", *EDITORS_OUT, *OTHERS),
    ),
    "publish_spbe": Case(
        lambda w, s: partial(services.publish_spbe, s.submitted),
        "coordinator",
        ("editor_a", *EDITORS_OUT, *OTHERS),
    ),
    "return_spbe_to_draft": Case(
        lambda w, s: partial(services.return_spbe_to_draft, s.submitted, reason="Bukti kurang"),
        "coordinator",
        ("editor_a", *EDITORS_OUT, *OTHERS),
    ),
    "set_programme_spbe_tags": Case(
        lambda w, s: partial(
            services.set_programme_spbe_tags,
            s.programme,
            indicators=list(SpbeIndicator.objects.filter(number__in=[11, 12])),
        ),
        "coordinator",
        ("editor_a", *EDITORS_OUT, *OTHERS),
    ),
}


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


MODELS = (SpbeAssessment, SpbeScore, SpbeEvidence, SpbeProgrammeTag)


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
