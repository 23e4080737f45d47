"""Programme quarters and milestones: checked when saved, shown on the programme, the roadmap
(Gantt and table), the API and the version snapshot."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from kotacerdas.planning.models import Masterplan, Milestone, Programme
from kotacerdas.planning.programmes import services
from kotacerdas.planning.review.snapshot import take_snapshot
from kotacerdas.planning.roadmap.conflicts import (
    STARTS_BEFORE_DEPENDENCY,
    RoadmapItem,
    roadmap_conflicts,
)

from ...conftest import World
from .. import factories as f


def _programme(world: World, **fields: Any) -> Programme:
    plan = f.masterplan(world)  # 2025–2029
    return f.programme(plan, "P01", lead=world.agency_a, **fields)  # 2025–2026


def _errors(call: Any) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as exc:
        call()
    return exc.value.message_dict


def test_a_milestone_outside_the_programme_is_refused(world: World) -> None:
    p = _programme(world, start_quarter=2, end_quarter=3)  # Q2 2025 – Q3 2026
    actor = world.users["editor_a"]

    def add(**kw: Any) -> Any:
        return lambda: services.create_milestone(p, actor=actor, **{"name": "Pilot", **kw})

    assert "2027 di luar tahun program 2025–2026" in _errors(add(year=2027))["year"][0]
    assert "Triwulan 1 2025" in _errors(add(year=2025, quarter=1))["quarter"][0]
    assert "Triwulan 4 2026" in _errors(add(year=2026, quarter=4))["quarter"][0]
    assert _errors(add(year=2025, quarter=7))["quarter"]
    assert _errors(add(name="  ", year=2025))["name"]
    assert _errors(add(year=None))["year"]
    assert not Milestone.objects.exists()  # nothing half-saved

    made = services.create_milestone(p, actor=actor, name="Pilot live", year=2026, quarter=3)
    assert (made.year, made.quarter, str(made)) == (2026, 3, "Pilot live (2026 Q3)")


def test_only_who_edits_the_programme_adds_or_removes_milestones(world: World) -> None:
    p = _programme(world)
    with pytest.raises(PermissionDenied):
        services.create_milestone(p, actor=world.users["editor_b"], name="X", year=2025)
    made = f.milestone(p)
    with pytest.raises(PermissionDenied):
        services.delete_milestone(made, actor=world.users["council"])
    Masterplan.objects.filter(pk=p.masterplan_id).update(status="in_review")
    with pytest.raises(ValidationError):
        services.create_milestone(p, actor=world.users["coordinator"], name="X", year=2025)
    with pytest.raises(ValidationError):
        services.delete_milestone(made, actor=world.users["coordinator"])
    assert Milestone.objects.count() == 1


def test_programme_quarters_are_checked(world: World) -> None:
    p = _programme(world, end_year=2025)
    f.milestone(p, name="Launch", year=2025, quarter=2)
    actor = world.users["coordinator"]

    def update(**fields: Any) -> Any:
        return lambda: services.update_programme(p, actor=actor, opened_version=None, fields=fields)

    assert (
        "mendahului triwulan pertama"
        in _errors(update(start_quarter=3, end_quarter=2))["end_quarter"][0]
    )
    assert _errors(update(start_quarter=5))["start_quarter"]
    # The milestone in Q2 2025 would fall before the programme's new start.
    assert "Launch" in _errors(update(start_quarter=3))["start_year"][0]
    f.milestone(p, name="Review", year=2025)
    services.update_programme(p, actor=actor, opened_version=None, fields={"end_year": 2026})
    assert "Review" in " ".join(_errors(update(end_year=2026, start_year=2026))["start_year"])
    services.update_programme(
        p, actor=actor, opened_version=None, fields={"start_quarter": 1, "end_quarter": 4}
    )
    p.refresh_from_db()
    assert (p.start_quarter, p.end_quarter) == (1, 4)


def test_the_database_refuses_impossible_quarters(world: World) -> None:
    p = _programme(world, end_year=2025)
    rows = Programme.objects.filter(pk=p.pk)
    for bad in ({"start_quarter": 0}, {"end_quarter": 5}, {"start_quarter": 3, "end_quarter": 2}):
        with pytest.raises(IntegrityError), transaction.atomic():
            rows.update(**bad)
    rows.update(start_quarter=3, end_quarter=2, end_year=2026)  # another year: fine
    with pytest.raises(IntegrityError), transaction.atomic():
        Milestone.objects.create(programme=p, name="X", year=2025, quarter=9)


def test_the_programme_page_adds_shows_and_removes_milestones(
    world: World, coordinator: Any
) -> None:
    p = _programme(world)
    detail = reverse("planning:programme_detail", kwargs={"pk": p.pk})
    add = reverse("planning:milestone_create", kwargs={"pk": p.pk})
    bad = coordinator.post(add, {"name": "Pilot live", "year": "2031", "quarter": "2"})
    assert bad.status_code == 200
    assert "2031 is outside the programme years 2025–2026." in bad.content.decode()
    assert not Milestone.objects.exists()

    response = coordinator.post(
        add, {"name": "Pilot live", "year": "2026", "quarter": "2", "done": "on"}
    )
    assert response.status_code == 302 and response["Location"] == detail
    page = coordinator.get(detail).content.decode()
    assert "Pilot live" in page and "2026 Q2" in page and 'data-testid="milestone-form"' in page
    made = Milestone.objects.get()
    assert made.done

    reader = world.client("council").get(detail).content.decode()
    assert "Pilot live" in reader and 'data-testid="milestone-form"' not in reader

    remove = reverse("planning:milestone_delete", kwargs={"pk": p.pk, "milestone": made.pk})
    assert coordinator.post(remove).status_code == 302
    assert not Milestone.objects.exists()
    other = f.milestone(f.programme(p.masterplan, "P02"))
    wrong = reverse("planning:milestone_delete", kwargs={"pk": p.pk, "milestone": other.pk})
    assert coordinator.post(wrong).status_code == 404


def test_the_roadmap_shows_quarters_and_milestones(world: World, coordinator: Any) -> None:
    p = _programme(world, start_quarter=2, end_quarter=3)
    f.programme(p.masterplan, "P02", lead=world.agency_a)  # whole years 2025–2026
    f.milestone(p, name="Pilot live", year=2026, quarter=2)
    f.milestone(p, name="Evaluation", year=2026)
    response = coordinator.get(reverse("planning:roadmap_view", kwargs={"pk": p.masterplan_id}))
    body = response.content.decode()
    assert body.count('data-testid="roadmap-milestone"') == 2
    assert "P01: Pilot live (Q2)" in body
    tasks = response.context["tasks"]
    by_id = {t["id"]: t for t in tasks}
    assert (by_id[f"p{p.pk}"]["start"], by_id[f"p{p.pk}"]["end"]) == ("2025-04-01", "2026-09-30")
    whole = next(t for t in tasks if t["name"].startswith("P02"))
    assert (whole["start"], whole["end"]) == ("2025-01-01", "2026-12-31")
    milestones = [t for t in tasks if t["custom_class"] == "gantt-milestone"]
    assert [(t["start"], t["end"]) for t in milestones] == [
        ("2026-06-30", "2026-06-30"),
        ("2026-12-31", "2026-12-31"),
    ]
    ids = [t["id"] for t in tasks]
    assert ids.index(milestones[0]["id"]) == ids.index(f"p{p.pk}") + 1  # under its programme


def test_the_roadmap_api_gives_quarters_and_milestones(world: World) -> None:
    p = _programme(world, start_quarter=2)
    made = f.milestone(p, name="Pilot live", year=2025, quarter=4)
    client = world.client("council")
    url = reverse("api:get_roadmap", kwargs={"masterplan_id": p.masterplan_id})
    row = client.get(url).json()["programmes"][0]
    assert (row["start_quarter"], row["end_quarter"]) == (2, None)
    assert row["milestones"] == [
        {"id": made.pk, "name": "Pilot live", "year": 2025, "quarter": 4, "done": False}
    ]


def test_the_programme_api_reads_and_writes_quarters(world: World) -> None:
    p = _programme(world)
    url = reverse("api:update_programme", kwargs={"programme_id": p.pk})
    client = world.client("editor_a")
    ok = client.patch(
        url,
        json.dumps({"start_quarter": 3, "end_quarter": 1}),
        content_type="application/json",
    )
    assert ok.status_code == 200
    assert (ok.json()["start_quarter"], ok.json()["end_quarter"]) == (3, 1)  # 2025 Q3–2026 Q1
    bad = client.patch(url, json.dumps({"end_quarter": 5}), content_type="application/json")
    assert bad.status_code in (400, 422)
    same_year = client.patch(
        url,
        json.dumps({"end_year": 2025, "start_quarter": 3, "end_quarter": 1}),
        content_type="application/json",
    )
    assert same_year.status_code == 400
    assert same_year.json()["error"]["details"][0]["field"] == "end_quarter"


def test_a_programme_starting_a_quarter_before_its_dependency_is_flagged() -> None:
    first = RoadmapItem("A", 2026, 2027, funded_years=frozenset({2026, 2027}), start_quarter=3)
    early = RoadmapItem("B", 2026, 2027, ("A",), frozenset({2026, 2027}), start_quarter=2)
    later = RoadmapItem("C", 2026, 2027, ("A",), frozenset({2026, 2027}), start_quarter=4)
    whole = RoadmapItem("D", 2026, 2027, ("A",), frozenset({2026, 2027}))
    found = roadmap_conflicts([first, early, later, whole], 2025, 2029)
    assert [(c.code, c.key) for c in found] == [
        (STARTS_BEFORE_DEPENDENCY, "B"),
        (STARTS_BEFORE_DEPENDENCY, "D"),
    ]


def test_the_snapshot_holds_quarters_and_milestones(world: World) -> None:
    p = _programme(world, start_quarter=2)
    f.milestone(p, name="Review", year=2025)
    Milestone.objects.create(programme=p, name="Pilot", year=2025, quarter=3, done=True)
    snapshot = take_snapshot(p.masterplan)
    row = snapshot["roadmap"][str(p.pk)]
    assert (row["start_quarter"], row["end_quarter"]) == (2, None)
    assert [
        (m["year"], m["quarter"], m["name"], m["done"]) for m in snapshot["milestones"].values()
    ] == [
        (2025, 3, "Pilot", True),
        (2025, None, "Review", False),
    ]
