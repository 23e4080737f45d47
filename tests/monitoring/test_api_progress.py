"""The API of programme progress, status thresholds and roll-up weights: the same services
and messages as the pages, and lists whose query count does not grow."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kotacerdas.monitoring.models import ProgrammeProgress, RollUpWeight, State, Thresholds
from kotacerdas.planning.models import Masterplan, Programme

from ..conftest import World
from ..planning.factories import fund, programme
from .factories import plan_with_programme

pytestmark = pytest.mark.django_db


def _client(w: World, persona: str, language: str = "en") -> Client:
    client = w.client(persona)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = language
    return client


def _post(client: Client, url: str, data: dict, method: str = "post") -> tuple[int, dict]:
    response = getattr(client, method)(url, data, content_type="application/json")
    return response.status_code, response.json()


def test_an_agency_reports_progress_and_the_coordinator_returns_then_verifies(
    world: World,
) -> None:
    _plan, prog = plan_with_programme(world)
    line = fund(prog, 2_000_000, year=2025)
    url = reverse("api:report_progress", kwargs={"programme_id": prog.pk})
    editor = _client(world, "editor_a", "id")
    status, body = _post(
        editor,
        url,
        {
            "year": 2025,
            "physical_progress": "45,5",
            "narrative": "Tahap 1",
            "spending": [{"funding_line_id": line.pk, "amount": "1.500.000"}],
        },
    )
    assert status == 201, body
    assert Decimal(body["physical_progress"]) == Decimal("45.5")
    assert [Decimal(s["amount"]) for s in body["spending"]] == [Decimal(1_500_000)]
    coordinator = _client(world, "coordinator")
    returned = reverse("api:return_progress", kwargs={"progress_id": body["id"]})
    status, body = _post(coordinator, returned, {"comment": "Lampirkan foto"})
    assert status == 200 and body["state"] == State.RETURNED
    status, body = _post(editor, url, {"year": 2025, "physical_progress": 50})
    assert status == 201
    verify = reverse("api:verify_progress", kwargs={"progress_id": body["id"]})
    status, body = _post(coordinator, verify, {})
    assert status == 200 and body["state"] == State.VERIFIED
    # Verified already: the state refuses (409, as for realisations), not the request's shape.
    for again, data in (
        (verify, {}),
        (reverse("api:return_progress", kwargs={"progress_id": body["id"]}), {"comment": "x"}),
    ):
        status, refused = _post(coordinator, again, data)
        assert status == 409 and refused["error"]["code"] == "invalid_state", refused
        assert ProgrammeProgress.objects.get(pk=body["id"]).state == State.VERIFIED
    # Another agency's editor may not report on a programme agency A leads.
    status, _body = _post(_client(world, "editor_b"), url, {"year": 2026, "physical_progress": 1})
    assert status == 403


def test_bad_progress_names_the_field_and_saves_nothing(world: World) -> None:
    _plan, prog = plan_with_programme(world)
    url = reverse("api:report_progress", kwargs={"programme_id": prog.pk})
    status, body = _post(_client(world, "editor_a"), url, {"year": 2025, "physical_progress": 120})
    assert status in (400, 422)
    fields = {d["field"] for d in body["error"]["details"]}
    assert "physical_progress" in " ".join(fields), body
    status, body = _post(
        _client(world, "editor_a"), url, {"year": 2025, "physical_progress": "banyak"}
    )
    assert status in (400, 422)
    assert not ProgrammeProgress.objects.exists()


def test_the_progress_list_costs_the_same_queries_for_more_years(world: World) -> None:
    _plan, prog = plan_with_programme(world)
    client = _client(world, "council")
    url = reverse("api:list_progress", kwargs={"programme_id": prog.pk})

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200
        return len(ctx.captured_queries)

    ProgrammeProgress.objects.create(programme=prog, year=2025, physical_progress=10)
    small = count()
    for year in range(2026, 2030):
        row = ProgrammeProgress.objects.create(programme=prog, year=year, physical_progress=20)
        line = fund(prog, 1000, year=year)
        row.spending.create(funding_line=line, amount=500)
    assert count() == small
    assert len(client.get(url).json()["items"]) == 5


def test_thresholds_are_read_and_set_with_clear_refusals(world: World) -> None:
    plan, _prog = plan_with_programme(world)
    url = reverse("api:get_thresholds", kwargs={"masterplan_id": plan.pk})
    read = _client(world, "council").get(url).json()
    assert {k: Decimal(v) for k, v in read.items()} == {"on_track": 90, "at_risk": 70}
    coordinator = _client(world, "coordinator")
    status, body = _post(coordinator, url, {"on_track": 60, "at_risk": 80}, "put")
    assert status in (400, 422) and "at-risk" in str(body)
    assert not Thresholds.objects.exists()
    status, body = _post(coordinator, url, {"on_track": "85", "at_risk": "60.5"}, "put")
    assert status == 200
    assert (Decimal(body["on_track"]), Decimal(body["at_risk"])) == (Decimal(85), Decimal("60.5"))
    status, _body = _post(_client(world, "editor_a"), url, {"on_track": 1, "at_risk": 0}, "put")
    assert status == 403


def _two_programmes(world: World) -> tuple[Masterplan, Programme, Programme]:
    plan, p01 = plan_with_programme(world)
    return plan, p01, programme(plan, "P02", end_year=2029)


def test_rollup_weights_are_read_and_set(world: World) -> None:
    plan, p01, p02 = _two_programmes(world)
    url = reverse("api:get_rollup_weights", kwargs={"masterplan_id": plan.pk})
    body = _client(world, "council").get(url).json()
    assert {p["code"]: Decimal(p["weight"]) for p in body["programmes"]} == {
        "P01": 1,
        "P02": 1,
    }
    assert all(Decimal(d["weight"]) == 1 for d in body["dimensions"])
    coordinator = _client(world, "coordinator")
    zero = {"programmes": [{"id": p01.pk, "weight": 0}, {"id": p02.pk, "weight": 0}]}
    status, body = _post(coordinator, url, zero, "put")
    assert status in (400, 422) and "needs a weight above 0" in str(body)
    assert not RollUpWeight.objects.exists()
    status, body = _post(coordinator, url, {"programmes": [{"id": p01.pk, "weight": 3}]}, "put")
    assert status == 200
    assert {p["code"]: Decimal(p["weight"]) for p in body["programmes"]} == {"P01": 3, "P02": 1}
