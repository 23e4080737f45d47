"""Every monitoring service checks its own permission, whoever calls it.

The services are enumerated from the module, so a new one without a row here fails. Each
row prepares the call (as the system, on the fixture's masterplans) and names who may make
it and the natural outsiders; an outsider is refused and nothing is written.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
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
from kotacerdas.monitoring import services, services_progress
from kotacerdas.monitoring.models import (
    Indicator,
    ProgrammeProgress,
    Realisation,
    RealisationEvidence,
    ReminderSent,
    Target,
    Thresholds,
)
from kotacerdas.notifications.models import Notification

from ..conftest import World
from .factories import indicator, plan_with_programme

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"

Call = Callable[..., object]


@dataclass
class Setup:
    draft: Indicator  # on programme P01 of a draft masterplan, led by agency A
    published: Indicator  # responsible: agency A, on a published masterplan

    @property
    def realisation(self) -> Realisation:
        return Realisation.objects.filter(indicator=self.published).first() or (
            services.report_realisation(
                self.published, actor=SYSTEM, year=2025, sub_period=0, value=Decimal(5)
            )
        )

    @property
    def progress(self) -> ProgrammeProgress:
        programme = self.published.programme
        assert programme is not None
        return services_progress.report_progress(
            programme, actor=SYSTEM, year=2025, physical_progress=Decimal(30)
        )


@pytest.fixture
def setup(world: World, settings: Any, tmp_path: Path) -> Setup:
    settings.MEDIA_ROOT = settings.SENDFILE_ROOT = str(tmp_path)
    draft_plan, draft_programme = plan_with_programme(world, status="draft")
    plan, programme = plan_with_programme(world, status="published")
    return Setup(
        indicator(draft_plan, draft_programme, agency=world.agency_a),
        indicator(plan, programme, agency=world.agency_a),
    )


def _evidence(s: Setup) -> RealisationEvidence:
    return services.add_evidence(
        s.realisation, actor=SYSTEM, title="Data", url="https://data.example.go.id/x"
    )


def _fields(s: Setup) -> dict[str, Any]:
    return {
        "programme": s.draft.programme,
        "level": "output",
        "code": "IK50",
        "name": "Baru",
        "unit": "unit",
    }


@dataclass(frozen=True)
class Case:
    prepare: Callable[[World, Setup], Call]
    insider: str
    outsiders: tuple[str, ...]


EDITORS_OUT = ("editor_b", "two_regions", "council", "assessor", "province_viewer")
OTHERS = ("other_coordinator", "no_role", "superuser")

CASES: dict[str, Case] = {
    "create_indicator": Case(
        lambda w, s: partial(services.create_indicator, s.draft.masterplan, fields=_fields(s)),
        "editor_a",
        (*EDITORS_OUT, *OTHERS),
    ),
    "update_indicator": Case(
        lambda w, s: partial(services.update_indicator, s.draft, fields={"name": "Ubah"}),
        "editor_a",
        (*EDITORS_OUT, *OTHERS),
    ),
    "delete_indicator": Case(
        lambda w, s: partial(services.delete_indicator, s.draft),
        "coordinator",
        (*EDITORS_OUT, *OTHERS),
    ),
    "set_targets": Case(
        lambda w, s: partial(services.set_targets, s.draft, {(2025, None): Decimal(9)}),
        "editor_a",
        (*EDITORS_OUT, *OTHERS),
    ),
    "report_realisation": Case(
        lambda w, s: partial(
            services.report_realisation, s.published, year=2025, sub_period=0, value=Decimal(1)
        ),
        "editor_a",
        (*EDITORS_OUT, *OTHERS),
    ),
    "correct_realisation": Case(
        lambda w, s: partial(
            services.correct_realisation, s.realisation, value=Decimal(2), reason="Salah"
        ),
        "editor_a",
        (*EDITORS_OUT, *OTHERS),
    ),
    "verify_realisation": Case(
        lambda w, s: partial(services.verify_realisation, s.realisation),
        "coordinator",
        ("editor_a", *EDITORS_OUT, *OTHERS),
    ),
    "return_realisation": Case(
        lambda w, s: partial(services.return_realisation, s.realisation, comment="Kurang"),
        "coordinator",
        ("editor_a", *EDITORS_OUT, *OTHERS),
    ),
    "add_evidence": Case(
        lambda w, s: partial(
            services.add_evidence,
            s.realisation,
            title="Scan",
            file=SimpleUploadedFile("scan.pdf", PDF),
        ),
        "editor_a",
        (*EDITORS_OUT, *OTHERS),
    ),
    "remove_evidence": Case(
        lambda w, s: partial(services.remove_evidence, _evidence(s)),
        "editor_a",
        (*EDITORS_OUT, *OTHERS),
    ),
    "report_progress": Case(
        lambda w, s: partial(
            services_progress.report_progress,
            s.published.programme,
            year=2025,
            physical_progress=10,
        ),
        "editor_a",
        (*EDITORS_OUT, *OTHERS),
    ),
    "verify_progress": Case(
        lambda w, s: partial(services_progress.verify_progress, s.progress),
        "coordinator",
        ("editor_a", *EDITORS_OUT, *OTHERS),
    ),
    "return_progress": Case(
        lambda w, s: partial(services_progress.return_progress, s.progress, comment="Kurang"),
        "coordinator",
        ("editor_a", *EDITORS_OUT, *OTHERS),
    ),
    "set_thresholds": Case(
        lambda w, s: partial(
            services.set_thresholds, s.published.masterplan, on_track=80, at_risk=50
        ),
        "coordinator",
        ("editor_a", *EDITORS_OUT, *OTHERS),
    ),
    "send_reminders": Case(
        lambda w, s: partial(services.send_reminders),
        "national_admin",
        ("coordinator", "editor_a", "province_viewer", "superuser"),
    ),
}


def _public_services() -> dict[str, Callable[..., Any]]:
    """Every public function of the monitoring service modules."""
    return {
        name: function
        for module in (services, services_progress)
        for name, function in inspect.getmembers(module, inspect.isfunction)
        if function.__module__ == module.__name__ and not name.startswith("_")
    }


def _actor(world: World, persona: str) -> User:
    user = world.users[persona]
    assert user is not None
    return user


MODELS = (Indicator, Target, Realisation, RealisationEvidence, ProgrammeProgress, Thresholds)


def _written() -> tuple[object, ...]:
    rows = tuple(
        (model.objects.count(), model.objects.aggregate(v=Sum("version"))["v"]) for model in MODELS
    )
    return (*rows, LogEntry.objects.count(), Notification.objects.count())


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
    if name == "send_reminders":
        # An overdue report of agency A is what there is to remind of.
        before = ReminderSent.objects.count()
        call(actor=_actor(world, "national_admin"))
        assert ReminderSent.objects.count() > before
        return
    before = _written()
    call(actor=_actor(world, CASES[name].insider))
    assert _written() != before
