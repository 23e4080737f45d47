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


def test_the_event_keeps_its_regulation_shows_it_and_prefills_the_edit(world: World) -> None:
    pf.masterplan(world, status="approved")
    assert _post(world, _event()).status_code == 302
    event = Session.objects.get()
    assert (event.regulation_type, event.regulation_number, event.regulation_date) == (
        "perwal",
        "12 Tahun 2024",
        date(2024, 3, 1),
    )
    client = world.client("coordinator")
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "id"
    page = client.get(reverse("guidance:session_detail", kwargs={"pk": event.pk}))
    shown = page.content.decode()
    assert "Peraturan penetapan" in shown
    assert "No. 12 Tahun 2024 tanggal 1 Maret 2024" in shown
    form = client.get(reverse("guidance:session_edit", kwargs={"pk": event.pk})).context["form"]
    assert form["regulation_type"].value() == "perwal"
    assert form["regulation_number"].value() == "12 Tahun 2024"
    assert form["regulation_date"].value() == date(2024, 3, 1)


def _edit(world: World, event: Session, **fields: Any) -> Any:
    client = world.client("coordinator")
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    data = {**_event(), "version": event.version, **fields}
    return client.post(reverse("guidance:session_edit", kwargs={"pk": event.pk}), data)


def test_editing_the_regulation_updates_the_legal_basis_again(world: World) -> None:
    plan = pf.masterplan(world, status="approved")
    assert _post(world, _event()).status_code == 302
    event = Session.objects.get()
    response = _edit(
        world,
        event,
        regulation_type="perda",
        regulation_number="3 Tahun 2024",
        regulation_date="2024-04-02",
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.regulation_type, plan.regulation_number, plan.regulation_date) == (
        "perda",
        "3 Tahun 2024",
        date(2024, 4, 2),
    )
    event.refresh_from_db()
    assert (event.regulation_type, event.regulation_number) == ("perda", "3 Tahun 2024")


def test_a_refused_edit_changes_neither_the_event_nor_the_masterplan(world: World) -> None:
    plan = pf.masterplan(world, status="approved")
    assert _post(world, _event()).status_code == 302
    event = Session.objects.get()
    future = (timezone.localdate() + timedelta(days=5)).isoformat()
    response = _edit(world, event, title="Penetapan (ubah)", regulation_date=future)
    assert response.status_code == 200
    assert "The regulation&#x27;s date cannot be in the future." in response.content.decode()
    event.refresh_from_db()
    plan.refresh_from_db()
    assert event.title == "Penetapan masterplan" and event.regulation_date == date(2024, 3, 1)
    assert plan.regulation_date == date(2024, 3, 1)


def test_the_event_adopts_the_approved_masterplan_not_a_newer_draft(world: World) -> None:
    approved = pf.masterplan(world, status="published")
    draft = pf.masterplan(world, title="Masterplan 2030", start_year=2030)
    assert _post(world, _event()).status_code == 302
    approved.refresh_from_db()
    draft.refresh_from_db()
    assert approved.regulation_number == "12 Tahun 2024"
    assert draft.regulation_number == ""


def test_the_api_reads_and_changes_the_events_regulation(world: World) -> None:
    plan = pf.masterplan(world, status="approved")
    assert _post(world, _event()).status_code == 302
    event = Session.objects.get()
    client = world.client("coordinator")
    url = reverse("api:update_session", kwargs={"session_id": event.pk})
    body = client.get(reverse("api:get_session", kwargs={"session_id": event.pk})).json()
    assert (body["regulation_type"], body["regulation_number"], body["regulation_date"]) == (
        "perwal",
        "12 Tahun 2024",
        "2024-03-01",
    )
    # Changing the minutes only leaves the legal basis as it is.
    changed = client.patch(url, {"minutes": "Ditandatangani"}, content_type="application/json")
    assert changed.status_code == 200 and changed.json()["regulation_number"] == "12 Tahun 2024"
    changed = client.patch(
        url, {"regulation_number": "13 Tahun 2024"}, content_type="application/json"
    )
    assert changed.status_code == 200
    plan.refresh_from_db()
    assert plan.regulation_number == "13 Tahun 2024"


def test_the_api_turns_the_adoption_event_into_another_kind_once_cleared(world: World) -> None:
    plan = pf.masterplan(world, status="approved")
    assert _post(world, _event()).status_code == 302
    event = Session.objects.get()
    client = world.client("coordinator")
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    url = reverse("api:update_session", kwargs={"session_id": event.pk})
    refused = client.patch(url, {"kind": "final_review"}, content_type="application/json")
    assert refused.status_code == 400
    assert "Only the adoption event names a regulation." in refused.content.decode()
    cleared = {"regulation_type": "", "regulation_number": "", "regulation_date": None}
    changed = client.patch(
        url, {"kind": "final_review", **cleared}, content_type="application/json"
    )
    assert changed.status_code == 200
    assert changed.json()["regulation_date"] is None
    # The masterplan keeps the legal basis it was given.
    plan.refresh_from_db()
    assert plan.regulation_number == "12 Tahun 2024"
