"""Every selection service checks its own permission, whoever calls it.

The table below has one case per public function of ``selection.services``; a new service
without a case fails ``test_every_service_has_a_case``. Each case is called by the natural
outsiders (people who see the campaign but may not do this), who must get
``PermissionDenied`` with nothing written, and by the persona allowed to do it, who must not
be refused.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Model

from kotacerdas.accounts.models import Membership, User
from kotacerdas.selection import models, services

from ..conftest import World
from . import factories as f

Call = Callable[[World, f.Setup, User], Any]


@dataclass(frozen=True)
class Case:
    call: Call
    outsiders: tuple[str, ...]
    allowed: str


def _campaign_fields(s: f.Setup) -> dict[str, Any]:
    c = s.campaign
    fields = {name: getattr(c, name) for name in services.CAMPAIGN_FIELDS}
    return {**fields, "name": "Diubah"}


def _verify(w: World, s: f.Setup, actor: User, other: bool) -> Any:
    application = s.other if other else s.application
    item = application.assessment.instrument.items.order_by("position").first()
    assert item is not None
    adjustment = {item.pk: services.Adjustment(0, "Tidak ada bukti")}
    return services.verify_application(
        application, adjustment, actor=actor, notes="Catatan", complete=True
    )


def _apply(w: World, s: f.Setup, actor: User) -> Any:
    assessment = f.submitted_assessment(w.region, year=2024)
    return services.submit_application(
        s.campaign, w.region, assessment, actor=actor, documents={s.criterion.pk: f.pdf()}
    )


def _import(s: f.Setup, actor: User) -> Any:
    upload = SimpleUploadedFile("nilai.csv", b"region,fiscal\n17.71,5\n")
    return services.import_values(s.campaign, upload, actor=actor)


# Who sees the campaign but does not manage it: the region's coordinator and the assessor.
VIEWERS = ("coordinator", "assessor", "other_coordinator")
ADMIN = "national_admin"

CASES: dict[str, Case] = {
    "create_campaign": Case(
        lambda w, s, a: services.create_campaign(actor=a, **_campaign_fields(s)), VIEWERS, ADMIN
    ),
    "update_campaign": Case(
        lambda w, s, a: services.update_campaign(
            s.campaign, actor=a, opened_version=None, **_campaign_fields(s)
        ),
        VIEWERS,
        ADMIN,
    ),
    "open_campaign": Case(
        lambda w, s, a: services.open_campaign(s.campaign, actor=a), VIEWERS, ADMIN
    ),
    "save_criterion": Case(
        lambda w, s, a: services.save_criterion(
            s.campaign, actor=a, criterion=s.criterion, weight=Decimal(99)
        ),
        VIEWERS,
        ADMIN,
    ),
    "delete_criterion": Case(
        lambda w, s, a: services.delete_criterion(s.criterion, actor=a), VIEWERS, ADMIN
    ),
    "set_values": Case(
        lambda w, s, a: services.set_values(
            s.campaign, {(s.application.pk, s.criterion.pk): Decimal(5)}, actor=a
        ),
        VIEWERS,
        ADMIN,
    ),
    "import_values": Case(lambda w, s, a: _import(s, a), VIEWERS, ADMIN),
    # Only the region's coordinator applies for it: not its agency editor, not another
    # region's coordinator, not the assessor.
    "submit_application": Case(
        _apply, ("editor_a", "council", "other_coordinator", "assessor"), "coordinator"
    ),
    "assign_assessor": Case(
        lambda w, s, a: services.assign_assessor(s.other, w.users["assessor"], actor=a),
        VIEWERS,
        ADMIN,
    ),
    "remove_assignment": Case(
        lambda w, s, a: services.remove_assignment(s.application.assignments.get(), actor=a),
        VIEWERS,
        ADMIN,
    ),
    # The assessor verifies only the application assigned to them; the region does not
    # verify its own.
    "verify_application": Case(
        lambda w, s, a: _verify(w, s, a, other=a.username == "assessor"),
        ("assessor", "coordinator", "other_coordinator"),
        ADMIN,
    ),
    "close_campaign": Case(
        lambda w, s, a: services.close_campaign(s.campaign, actor=a), VIEWERS, ADMIN
    ),
}

STORED = (
    models.Campaign,
    models.CampaignCriterion,
    models.Application,
    models.Assignment,
    models.CriterionValue,
    models.Verification,
    models.VerifiedLevel,
    models.RankingEntry,
    Membership,
)


def _stored() -> dict[str, Any]:
    """Every row of every table a selection service writes, and the uploaded files."""
    rows: dict[str, Any] = {}
    model: type[Model]
    for model in STORED:
        rows[model.__name__] = sorted(model._default_manager.values_list(), key=repr)
    media = Path(settings.MEDIA_ROOT)
    rows["files"] = sorted(str(p) for p in media.rglob("*")) if media.exists() else []
    return rows


def test_every_service_has_a_case() -> None:
    public = {
        name
        for name, function in inspect.getmembers(services, inspect.isfunction)
        if not name.startswith("_") and function.__module__ == services.__name__
    }
    assert public == set(CASES)


OUTSIDER_CASES = [(name, persona) for name, case in CASES.items() for persona in case.outsiders]


@pytest.mark.parametrize(("name", "persona"), OUTSIDER_CASES)
def test_an_outsider_is_refused_and_nothing_is_written(
    world: World, name: str, persona: str
) -> None:
    setup = f.setup(world)
    before = _stored()
    actor = world.users[persona]
    assert actor is not None
    with pytest.raises(PermissionDenied):
        CASES[name].call(world, setup, actor)
    assert _stored() == before


@pytest.mark.parametrize("name", list(CASES))
def test_the_allowed_persona_may(world: World, name: str) -> None:
    setup = f.setup(world)
    actor = world.users[CASES[name].allowed]
    assert actor is not None
    CASES[name].call(world, setup, actor)  # no PermissionDenied
