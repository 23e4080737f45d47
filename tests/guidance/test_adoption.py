"""Recording the adoption of the masterplan as a regional regulation (Perwal/Perbup) fills the
masterplan's legal basis, in the same transaction as the event; a refused regulation saves
neither."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from kotacerdas.guidance.models import Session
from kotacerdas.planning.models import Masterplan

from ..conftest import World
from ..planning import factories as pf
from .factories import member


def _event(**fields: Any) -> dict[str, Any]:
    return {
        "kind": "adoption",
        "title": "Penetapan masterplan",
        "starts_on": "2024-03-01",
        "ends_on": "2024-03-01",
        "format": "in_person",
        "regulation_type": "perwal",
        "regulation_number": "12 Tahun 2024",
        "regulation_date": "2024-03-01",
        **fields,
    }


def _post(world: World, data: dict[str, Any]) -> Any:
    member(world)
    client = world.client("coordinator")
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client.post(reverse("guidance:session_create", kwargs={"code": world.region.code}), data)


def test_the_adoption_event_fills_the_masterplans_legal_basis(world: World) -> None:
    plan = pf.masterplan(world, status="approved")
    response = _post(world, _event())
    assert response.status_code == 302
    assert Session.objects.get().kind == Session.Kind.ADOPTION
    plan.refresh_from_db()
    assert (plan.regulation_type, plan.regulation_number, plan.regulation_date) == (
        "perwal",
        "12 Tahun 2024",
        date(2024, 3, 1),
    )
    page = world.client("coordinator")
    page.defaults["HTTP_ACCEPT_LANGUAGE"] = "id"
    shown = page.get(reverse("planning:masterplan_detail", kwargs={"pk": plan.pk}))
    assert "Ditetapkan dengan Perwal No. 12 Tahun 2024 tanggal 1 Maret 2024" in (
        shown.content.decode()
    )


def test_an_adoption_event_without_regulation_leaves_the_masterplan_alone(world: World) -> None:
    plan = pf.masterplan(world, status="draft")
    fields = {"regulation_type": "", "regulation_number": "", "regulation_date": ""}
    assert _post(world, _event(**fields)).status_code == 302
    plan.refresh_from_db()
    assert plan.regulation_number == "" and Session.objects.count() == 1


@pytest.mark.parametrize(
    ("status", "fields", "message"),
    [
        ("approved", {"regulation_number": ""}, "Give the regulation&#x27;s number."),
        (
            "approved",
            {"regulation_date": (timezone.localdate() + timedelta(days=2)).isoformat()},
            "The regulation&#x27;s date cannot be in the future.",
        ),
        ("in_review", {}, "only an approved masterplan can be adopted as a regulation"),
        ("approved", {"kind": "final_review"}, "Only the adoption event names a regulation."),
    ],
)
def test_a_refused_regulation_saves_nothing(
    world: World, status: str, fields: dict[str, Any], message: str
) -> None:
    plan = pf.masterplan(world, status=status)
    response = _post(world, _event(**fields))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Session.objects.exists()
    plan.refresh_from_db()
    assert plan.regulation_number == ""
    assert Masterplan.objects.get().version == plan.version
