"""The guidance API: lists with equal query counts, bad input answered with the one error
shape and nothing saved, the expert's calendar for the expert only."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kotacerdas.accounts.actors import SYSTEM
from kotacerdas.guidance import services
from kotacerdas.guidance.models import Attendance, Session

from ..conftest import World
from .factories import expert, member, session


def _sessions(world: World, n: int) -> None:
    ta = expert()
    for i in range(n):
        start = date(2023, 1, 1) + timedelta(days=3 * i)
        services.schedule_session(
            member(world),
            actor=SYSTEM,
            data=services.SessionIn(
                title=f"Sesi {i}", stage="1", starts_on=start, ends_on=start, expert_ids=[ta.pk]
            ),
        )


def test_region_sessions_cost_the_same_for_5_and_50(world: World) -> None:
    client = world.client("coordinator")
    url = reverse("api:list_region_sessions", kwargs={"code": world.region.code})
    counts = []
    for n in (5, 45):
        _sessions(world, n)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, {"limit": 100})
        assert response.status_code == 200
        counts.append(len(queries))
    assert response.json()["count"] == 50
    assert counts[0] == counts[1]


def test_a_session_ending_before_it_starts_is_a_400_naming_the_field(world: World) -> None:
    member(world)
    response = world.client("coordinator").post(
        reverse("api:create_region_session", kwargs={"code": world.region.code}),
        {"title": "Bimtek", "stage": "1", "starts_on": "2023-07-06", "ends_on": "2023-07-05"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["error"]["details"][0]["field"] == "ends_on"
    assert not Session.objects.exists()


def test_bulk_attendance_with_an_agency_of_another_region_saves_nothing(world: World) -> None:
    s = session(world)
    foreign = world.other_region.agencies.first()
    assert foreign is not None
    rows = [
        {
            "day": "2023-07-05",
            "group": "agency",
            "agency_id": world.agency_a.pk,
            "participant": "A",
        },
        {"day": "2023-07-05", "group": "agency", "agency_id": foreign.pk, "participant": "B"},
    ]
    response = world.client("coordinator").post(
        reverse("api:record_session_attendance", kwargs={"session_id": s.pk}),
        {"rows": rows},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert [d["field"] for d in response.json()["error"]["details"]] == ["rows[1].agency"]
    assert not Attendance.objects.exists()


def test_the_pipeline_is_the_programme_office_s(world: World) -> None:
    s = session(world)
    url = reverse("api:cohort_pipeline", kwargs={"cohort_id": s.member.cohort_id})
    assert world.client("coordinator").get(url).status_code == 403
    body = world.client("national_admin").get(url).json()
    assert body["items"][0]["region_code"] == "17.71"
    assert [c["sessions"] for c in body["items"][0]["stages"]] == [1, 0, 0, 0]
