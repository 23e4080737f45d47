"""Programme services: every bad input gets a clear message, nothing half-saved."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from kotacerdas.accounts.actors import SYSTEM
from kotacerdas.lib.concurrency import ConcurrentEditError
from kotacerdas.planning.masterplans import services as masterplans
from kotacerdas.planning.models import (
    FundingLine,
    Programme,
    ProgrammeSupport,
)
from kotacerdas.planning.programmes import services as programmes
from kotacerdas.planning.programmes.checks import Attachments, Funding, Support
from kotacerdas.planning.programmes.services import (
    create_programme,
    delete_programme,
    update_programme,
)
from kotacerdas.regions.models import Agency

from ...conftest import World
from .. import factories as f


@pytest.fixture(autouse=True)
def _english() -> Any:
    with translation.override("en"):
        yield


def _fields(w: World, **extra: Any) -> dict[str, Any]:
    d = f.dimension("living")
    return {
        "code": "L01",
        "name": "Telemedicine",
        "dimension": d,
        "element": d.elements.first(),
        "horizon": "short",
        "start_year": 2025,
        "end_year": 2026,
        "lead_agency": w.agency_b,
        **extra,
    }


def _messages(exc: ValidationError) -> str:
    return " ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())


def test_programme_with_everything_is_saved_together(world: World) -> None:
    plan = f.masterplan(world)
    stakeholder = masterplans.save_stakeholder(plan, actor=SYSTEM, group="academia", name="UNIB")
    other = f.programme(plan, "G01", lead=world.agency_a)
    kominfo = (
        Agency.objects.get(region=world.region, code="dinas-pupr")
        if Agency.objects.filter(region=world.region, code="dinas-pupr").exists()
        else world.region.agencies.exclude(pk__in=[world.agency_a.pk, world.agency_b.pk]).first()
    )
    p = create_programme(
        plan,
        actor=world.users["editor_b"],
        fields=_fields(world),
        parts=Attachments(
            supports=[Support(world.agency_a, "ICT"), Support(kominfo, "Buildings")],
            funding=[Funding("apbd", 2025, Decimal(500)), Funding("csr", 2026, Decimal(300))],
            partners=[stakeholder],
            depends_on=[other],
        ),
    )
    assert p.supports.count() == 2 and p.funding.count() == 2
    assert list(p.partners.all()) == [stakeholder]
    assert [d.depends_on for d in p.dependencies.all()] == [other]


@pytest.mark.parametrize(
    ("extra", "parts", "field", "words"),
    [
        ({"start_year": 2024}, {}, "start_year", "outside the masterplan period 2025–2029"),
        ({"end_year": 2031}, {}, "end_year", "2031"),
        ({"element_id": None, "element": "governance"}, {}, "element", "another dimension"),
        ({}, {"funding": [Funding("apbd", 2025, Decimal(-5))]}, "funding", "cannot be negative"),
        ({}, {"funding": [Funding("apbd", 2028, Decimal(5))]}, "funding", "outside the programme"),
        ({}, {"supports": "lead"}, "supports", "already the lead agency"),
        ({}, {"supports": "other_region"}, "supports", "choose an agency of Kota Bengkulu"),
    ],
)
def test_bad_programme_input_names_the_field_and_saves_nothing(
    world: World, extra: dict[str, Any], parts: dict[str, Any], field: str, words: str
) -> None:
    plan = f.masterplan(world)
    if extra.get("element") == "governance":
        extra = {"element": f.dimension("governance").elements.first()}
    if parts.get("supports") == "lead":
        parts = {"supports": [Support(world.agency_b, "")]}
    if parts.get("supports") == "other_region":
        parts = {"supports": [Support(world.other_region.agencies.first(), "")]}
    with pytest.raises(ValidationError) as err:
        create_programme(
            plan,
            actor=world.users["coordinator"],
            fields=_fields(world, **extra),
            parts=Attachments(**parts),
        )
    assert field in err.value.message_dict
    assert words.lower() in _messages(err.value).lower()
    assert not Programme.objects.filter(masterplan=plan).exists()
    assert not FundingLine.objects.filter(programme__masterplan=plan).exists()


def test_duplicate_code_is_refused(world: World) -> None:
    plan = f.masterplan(world)
    f.programme(plan, "L01")
    with pytest.raises(ValidationError) as err:
        create_programme(plan, actor=SYSTEM, fields=_fields(world))
    assert "already used" in _messages(err.value)


def test_a_dependency_cycle_is_refused_naming_the_programmes(world: World) -> None:
    plan = f.masterplan(world)
    a = f.programme(plan, "A01")
    b = f.programme(plan, "B01")
    c = f.programme(plan, "C01")
    update_programme(
        b, actor=SYSTEM, opened_version=None, fields={}, parts=Attachments(depends_on=[a])
    )
    update_programme(
        c, actor=SYSTEM, opened_version=None, fields={}, parts=Attachments(depends_on=[b])
    )
    with pytest.raises(ValidationError) as err:
        update_programme(
            a,
            actor=SYSTEM,
            opened_version=None,
            fields={"name": "Changed"},
            parts=Attachments(depends_on=[c]),
        )
    text = _messages(err.value)
    assert "cycle" in text and "A01" in text and "B01" in text and "C01" in text
    a.refresh_from_db()
    assert a.name != "Changed" and not a.dependencies.exists()


def test_an_editor_creates_only_what_their_agency_leads(world: World) -> None:
    plan = f.masterplan(world)
    with pytest.raises(PermissionDenied):
        create_programme(plan, actor=world.users["editor_a"], fields=_fields(world))
    with pytest.raises(PermissionDenied):
        create_programme(plan, actor=world.users["council"], fields=_fields(world))
    assert create_programme(plan, actor=world.users["editor_b"], fields=_fields(world)).pk


def test_an_editor_cannot_change_or_hand_over_another_agencys_programme(world: World) -> None:
    plan = f.masterplan(world)
    p = f.programme(plan, "G01", lead=world.agency_a)
    with pytest.raises(PermissionDenied):
        update_programme(
            p, actor=world.users["editor_b"], opened_version=None, fields={"name": "x"}
        )
    with pytest.raises(PermissionDenied):
        update_programme(
            p,
            actor=world.users["editor_a"],
            opened_version=None,
            fields={"lead_agency": world.agency_b},
        )
    with pytest.raises(PermissionDenied):
        delete_programme(p, actor=world.users["editor_b"])
    assert Programme.objects.get(pk=p.pk).lead_agency == world.agency_a
    delete_programme(p, actor=world.users["editor_a"])
    assert not Programme.objects.filter(pk=p.pk).exists()


def test_a_concurrent_programme_edit_is_told_not_overwritten(world: World) -> None:
    plan = f.masterplan(world)
    p = f.programme(plan, "G01", lead=world.agency_a)
    opened = p.version
    update_programme(
        p, actor=world.users["coordinator"], opened_version=opened, fields={"name": "One"}
    )
    with pytest.raises(ConcurrentEditError) as err:
        update_programme(
            p, actor=world.users["editor_a"], opened_version=opened, fields={"name": "Two"}
        )
    assert err.value.current.name == "One"  # type: ignore[attr-defined]
    assert Programme.objects.get(pk=p.pk).name == "One"


def test_attachments_are_replaced_not_duplicated(world: World) -> None:
    plan = f.masterplan(world)
    p = f.programme(plan, "G01", lead=world.agency_a)
    f.support(p, world.agency_b, "old role")
    f.fund(p, 100)
    f.fund(p, 200)
    update_programme(
        p,
        actor=SYSTEM,
        opened_version=None,
        fields={},
        parts=Attachments(
            supports=[Support(world.agency_b, "new role")],
            funding=[Funding("apbn", 2025, Decimal(7))],
        ),
    )
    assert list(ProgrammeSupport.objects.filter(programme=p).values_list("role", flat=True)) == [
        "new role"
    ]
    assert list(p.funding.values_list("source", "amount")) == [("apbn", Decimal(7))]


def test_ceilings(world: World) -> None:
    plan = f.masterplan(world)
    with pytest.raises(ValidationError) as err:
        programmes.save_ceilings(plan, actor=SYSTEM, ceilings={2025: Decimal(-1), 2040: Decimal(1)})
    assert set(err.value.message_dict) == {"year_2025", "year_2040"}
    programmes.save_ceilings(plan, actor=SYSTEM, ceilings={2025: Decimal(10), 2026: Decimal(5)})
    programmes.save_ceilings(plan, actor=SYSTEM, ceilings={2025: Decimal(11), 2026: None})
    assert dict(plan.ceilings.values_list("year", "amount")) == {2025: Decimal(11)}
