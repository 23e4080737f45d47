"""The regulation (Perwal/Perbup) that adopts an approved masterplan becomes its legal basis;
the approved version stays the snapshot that was approved."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from kotacerdas.planning.masterplans import services
from kotacerdas.planning.models import Masterplan
from kotacerdas.planning.review import services as review
from kotacerdas.planning.review.models import MasterplanVersion

from ...conftest import World
from .. import factories as f


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


def _approved(world: World) -> Masterplan:
    plan = f.masterplan(world)
    f.programme(plan, lead=world.agency_a)
    review.submit_for_review(plan, actor=world.users["coordinator"], confirm_incomplete=True)
    review.approve_masterplan(plan, actor=world.users["council"])
    plan.refresh_from_db()
    return plan


def _adopt(world: World, persona: str = "coordinator", **fields: object) -> Masterplan:
    values: dict[str, object] = {
        "regulation_type": "perwal",
        "regulation_number": "12 Tahun 2024",
        "regulation_date": date(2024, 3, 1),
        **fields,
    }
    return services.record_adoption(world.region, actor=world.users[persona], **values)  # type: ignore[arg-type]


def test_adoption_fills_the_legal_basis_and_keeps_the_approved_snapshot(world: World) -> None:
    plan = _approved(world)
    version = MasterplanVersion.objects.get(masterplan=plan)
    snapshot = version.snapshot
    audited = LogEntry.objects.count()
    adopted = _adopt(world)
    assert (adopted.regulation_type, adopted.regulation_number, adopted.regulation_date) == (
        "perwal",
        "12 Tahun 2024",
        date(2024, 3, 1),
    )
    assert adopted.status == Masterplan.Status.APPROVED
    version.refresh_from_db()
    assert version.snapshot == snapshot
    assert MasterplanVersion.objects.filter(masterplan=plan).count() == 1
    assert LogEntry.objects.count() > audited

    client = world.client("coordinator")
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    page = client.get(reverse("planning:masterplan_detail", kwargs={"pk": plan.pk}))
    assert "Adopted by Perwal No. 12 Tahun 2024 of 1 March 2024" in page.content.decode()
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "id"
    page = client.get(reverse("planning:masterplan_detail", kwargs={"pk": plan.pk}))
    assert "Ditetapkan dengan Perwal No. 12 Tahun 2024 tanggal 1 Maret 2024" in (
        page.content.decode()
    )


def test_a_published_masterplan_can_be_adopted_too(world: World) -> None:
    plan = _approved(world)
    review.publish_masterplan(plan, actor=world.users["coordinator"])
    assert _adopt(world, "national_admin", regulation_type="perbup").regulation_type == "perbup"


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"regulation_number": "  "}, "regulation_number", "Give the regulation's number."),
        (
            {"regulation_date": timezone.localdate() + timedelta(days=1)},
            "regulation_date",
            "The regulation's date cannot be in the future.",
        ),
        ({"regulation_date": None}, "regulation_date", "Give the date the regulation was"),
        ({"regulation_type": "sk"}, "regulation_type", "Choose Perwal, Perbup or Perda."),
    ],
)
def test_bad_regulation_is_refused_and_nothing_changes(
    world: World, fields: dict[str, object], field: str, message: str
) -> None:
    plan = _approved(world)
    with pytest.raises(ValidationError) as refused:
        _adopt(world, **fields)
    assert message in " ".join(refused.value.message_dict[field])
    plan.refresh_from_db()
    assert plan.regulation_number == "" and plan.regulation_date is None


def test_a_draft_is_not_adopted(world: World) -> None:
    plan = f.masterplan(world)
    with pytest.raises(ValidationError) as refused:
        _adopt(world)
    assert "only an approved masterplan can be adopted" in refused.value.messages[0]
    plan.refresh_from_db()
    assert plan.regulation_number == ""


def test_a_region_without_masterplan_is_told_so(world: World) -> None:
    with pytest.raises(ValidationError) as refused:
        _adopt(world)
    assert "The region has no approved or published masterplan" in refused.value.messages[0]


def test_a_newer_draft_does_not_hide_the_approved_masterplan(world: World) -> None:
    approved = _approved(world)
    draft = f.masterplan(world, title="Masterplan 2030", start_year=2030)
    assert _adopt(world).pk == approved.pk
    approved.refresh_from_db()
    draft.refresh_from_db()
    assert approved.regulation_number == "12 Tahun 2024"
    assert draft.regulation_number == "" and draft.status == Masterplan.Status.DRAFT


def test_the_latest_approved_or_published_masterplan_is_adopted(world: World) -> None:
    older = f.masterplan(world, status="published", title="Masterplan 2020", start_year=2020)
    newer = f.masterplan(world, status="approved", title="Masterplan 2025", start_year=2025)
    f.masterplan(world, status="in_review", title="Masterplan 2030", start_year=2030)
    assert _adopt(world).pk == newer.pk
    older.refresh_from_db()
    assert older.regulation_number == ""


def test_only_drafts_and_reviews_are_refused_with_a_message(world: World) -> None:
    f.masterplan(world, status="in_review")
    f.masterplan(world, title="Masterplan 2030", start_year=2030)
    with translation.override("id"), pytest.raises(ValidationError) as refused:
        _adopt(world)
    assert "Daerah belum memiliki masterplan yang disetujui" in refused.value.messages[0]
    assert not Masterplan.objects.exclude(regulation_number="").exists()
