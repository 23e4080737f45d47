"""The strategy tree is a tree: programmes serve goals, and the page, the form, the API, the Excel
round trip and the frozen versions carry the link."""

from __future__ import annotations

import io
import json
import re
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from kotacerdas.accounts.actors import SYSTEM
from kotacerdas.planning.exchange.queries import export_programmes, preview_import
from kotacerdas.planning.exchange.services import ImportRefused, apply_import
from kotacerdas.planning.models import Goal, Masterplan, Mission, Programme
from kotacerdas.planning.programmes import services
from kotacerdas.planning.programmes.checks import Attachments
from kotacerdas.planning.review.snapshot import take_snapshot

from ...conftest import World
from .. import factories as f
from ..conftest import query_count


def tree(plan: Masterplan, missions: int = 2, goals: int = 2) -> list[list[Goal]]:
    """Missions "M1", "M2"… each with goals "M1 G1", "M1 G2"…"""
    made = []
    for m in range(1, missions + 1):
        mission = Mission.objects.create(masterplan=plan, text=f"M{m}", position=m)
        made.append(
            [
                Goal.objects.create(mission=mission, text=f"M{m} G{g}", position=g)
                for g in range(1, goals + 1)
            ]
        )
    return made


def strategy_page(client: Any, plan: Masterplan) -> str:
    response = client.get(reverse("planning:strategy_detail", kwargs={"pk": plan.pk}))
    assert response.status_code == 200
    return str(response.content.decode())


def test_the_page_shows_programmes_under_goals_and_flags_both_gaps(
    world: World, coordinator: Any
) -> None:
    plan = f.masterplan(world)
    goals = tree(plan)
    served = f.programme(plan, "P01", lead=world.agency_a, name="Satu Data")
    served.goals.set([goals[0][0], goals[1][1]])
    f.programme(plan, "P02", lead=world.agency_b, name="Orphan programme")
    page = strategy_page(coordinator, plan)
    # The programme appears under both goals it serves, with its goal numbers shown.
    assert page.count("Satu Data") == 2
    assert ">1.1</span> M1 G1" in page and ">2.2</span> M2 G2" in page
    assert "2 goals no programme serve" in page
    assert "1 programme serves no goal" in page
    gaps = page.split('data-testid="strategy-gaps"')[1]
    assert "1.2 M1 G2" in gaps and "2.1 M2 G1" in gaps
    assert "Orphan programme" in gaps and "Satu Data" not in gaps
    served.goals.set([g for mission in goals for g in mission])
    Programme.objects.filter(code="P02").delete()
    assert "Every goal is served by a programme" in strategy_page(coordinator, plan)


def test_the_page_costs_the_same_for_5_and_50_programmes(world: World, coordinator: Any) -> None:
    counts = []
    for n in (5, 50):
        plan = f.masterplan(world, title=f"MP {n}")
        goals = [g for mission in tree(plan, missions=3, goals=3) for g in mission]
        f.many_programmes(plan, world, n)
        for i, programme in enumerate(plan.programmes.all()):
            if i % 5:  # every fifth programme serves no goal
                programme.goals.set([goals[i % len(goals)], goals[(i + 1) % len(goals)]])
        url = reverse("planning:strategy_detail", kwargs={"pk": plan.pk})
        coordinator.get(url)
        counts.append(query_count(coordinator, url))
    assert counts[0] == counts[1] <= 20


def test_a_goal_of_another_masterplan_is_refused_and_nothing_saved(world: World) -> None:
    plan, other = f.masterplan(world), f.masterplan(world, title="Other")
    foreign = tree(other, missions=1, goals=1)[0][0]
    own = tree(plan, missions=1, goals=1)[0][0]
    fields = {
        "code": "G01",
        "name": "Goal-less",
        "dimension": f.dimension(),
        "horizon": "short",
        "start_year": 2025,
        "end_year": 2026,
        "lead_agency": world.agency_a,
    }
    with pytest.raises(ValidationError) as refused:
        services.create_programme(
            plan, actor=SYSTEM, fields=fields, parts=Attachments(goals=[own, foreign])
        )
    assert list(refused.value.message_dict) == ["goals"]
    assert not Programme.objects.filter(code="G01").exists()
    made = services.create_programme(
        plan, actor=SYSTEM, fields=fields, parts=Attachments(goals=[own])
    )
    assert list(made.goals.all()) == [own]


def test_the_programme_form_offers_goals_by_mission_and_saves_them(
    world: World, coordinator: Any
) -> None:
    plan = f.masterplan(world)
    goals = tree(plan)
    programme = f.programme(plan, "P01", lead=world.agency_a)
    url = reverse("planning:programme_edit", kwargs={"pk": programme.pk})
    form = coordinator.get(url).content.decode()
    assert '<optgroup label="1. M1">' in form and '<optgroup label="2. M2">' in form
    assert ">1.2 M1 G2</option>" in form
    data = {
        "version": programme.version,
        "code": "P01",
        "name": "Programme P01",
        "dimension": programme.dimension_id,
        "lead_agency": world.agency_a.pk,
        "horizon": "short",
        "start_year": 2025,
        "end_year": 2026,
        "status": "planned",
        "goals": [goals[0][1].pk, goals[1][0].pk],
        "supports-TOTAL_FORMS": 0,
        "supports-INITIAL_FORMS": 0,
        "funding-TOTAL_FORMS": 0,
        "funding-INITIAL_FORMS": 0,
    }
    response = coordinator.post(url, data)
    assert response.status_code == 302, response.content.decode()
    assert set(programme.goals.all()) == {goals[0][1], goals[1][0]}
    again = coordinator.get(url).content.decode()
    selected = re.findall(
        r'<option value="(\d+)"[^>]*selected\s*>',
        again.split('name="goals"')[1].split("</select>")[0],
    )
    assert sorted(map(int, selected)) == sorted([goals[0][1].pk, goals[1][0].pk])
    detail = coordinator.get(programme.get_absolute_url()).content.decode()
    assert "M1 G2" in detail.split('data-testid="goals"')[1]


def _json(client: Any, method: str, url: str, body: dict[str, Any]) -> Any:
    return getattr(client, method)(
        url, json.dumps(body), content_type="application/json", HTTP_ACCEPT_LANGUAGE="en"
    )


def test_the_api_reads_and_writes_goal_ids(world: World) -> None:
    plan, other = f.masterplan(world), f.masterplan(world, title="Other")
    goals = tree(plan)
    foreign = tree(other, missions=1, goals=1)[0][0]
    client = world.client("coordinator")
    body = {
        "code": "A01",
        "name": "API programme",
        "dimension_id": f.dimension().pk,
        "horizon": "short",
        "start_year": 2025,
        "end_year": 2026,
        "goal_ids": [goals[1][1].pk, goals[0][0].pk],
    }
    url = reverse("api:create_programme", kwargs={"masterplan_id": plan.pk})
    bad = _json(client, "post", url, {**body, "goal_ids": [goals[0][0].pk, foreign.pk]})
    assert bad.status_code == 422
    assert bad.json()["error"]["details"][0]["field"] == "goal_ids"
    assert str(foreign.pk) in bad.json()["error"]["details"][0]["message"]
    assert not Programme.objects.filter(code="A01").exists()
    created = _json(client, "post", url, body)
    assert created.status_code == 201
    assert created.json()["goal_ids"] == sorted([goals[1][1].pk, goals[0][0].pk])
    one = reverse("api:get_programme", kwargs={"programme_id": created.json()["id"]})
    patched = _json(client, "patch", one, {"goal_ids": [goals[1][0].pk]})
    assert patched.status_code == 200 and patched.json()["goal_ids"] == [goals[1][0].pk]
    refused = _json(client, "patch", one, {"goal_ids": [foreign.pk]})
    assert refused.status_code == 422
    assert client.get(one).json()["goal_ids"] == [goals[1][0].pk]
    untouched = _json(client, "patch", one, {"name": "Renamed"})
    assert untouched.json()["goal_ids"] == [goals[1][0].pk]


def _cell(data: bytes, row: int, header: str) -> Any:
    sheet = load_workbook(io.BytesIO(data))["Programmes"]
    column = [cell.value for cell in sheet[1]].index(header) + 1
    return sheet.cell(row=row, column=column).value


def _set(data: bytes, row: int, header: str, value: Any) -> bytes:
    workbook = load_workbook(io.BytesIO(data))
    sheet = workbook["Programmes"]
    column = [cell.value for cell in sheet[1]].index(header) + 1
    sheet.cell(row=row, column=column).value = value
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


GOALS = "Goals served (numbers, e.g. 1.2; 2.1)"


def test_the_excel_file_carries_goal_numbers_both_ways(world: World) -> None:
    plan = f.masterplan(world)
    goals = tree(plan)
    p01 = f.programme(plan, "P01", lead=world.agency_a)
    f.programme(plan, "P02", lead=world.agency_b)
    p01.goals.set([goals[1][0], goals[0][1]])
    with translation.override("en"):
        data = export_programmes(plan)
        assert _cell(data, 2, GOALS) == "1.2; 2.1"
        assert preview_import(plan, data).has_work is False
        changed = _set(_set(data, 2, GOALS, "2.2"), 3, GOALS, "1.1, 1.2")
        preview = preview_import(plan, changed)
        assert [(i.code, i.changed_fields) for i in preview.changed] == [
            ("P01", ["goals"]),
            ("P02", ["goals"]),
        ]
        apply_import(plan, changed, actor=world.users["coordinator"])
    assert list(p01.goals.all()) == [goals[1][1]]
    assert set(Programme.objects.get(code="P02").goals.all()) == {goals[0][0], goals[0][1]}


def test_an_unknown_goal_number_is_a_row_error_and_imports_nothing(world: World) -> None:
    plan = f.masterplan(world)
    goals = tree(plan)
    p01 = f.programme(plan, "P01", lead=world.agency_a)
    f.programme(plan, "P02", lead=world.agency_b)
    p01.goals.set([goals[0][0]])
    with translation.override("en"):
        data = _set(_set(export_programmes(plan), 2, GOALS, "2.1"), 3, GOALS, "1.1; 9.9")
        with pytest.raises(ImportRefused) as refused:
            apply_import(plan, data, actor=world.users["coordinator"])
    [error] = refused.value.errors
    assert (error.sheet, error.row, error.column) == ("Programmes", 3, GOALS)
    assert "9.9" in error.message and "1.1, 1.2, 2.1, 2.2" in error.message
    assert list(p01.goals.all()) == [goals[0][0]]  # all or nothing


def test_a_frozen_version_keeps_the_goals_each_programme_serves(world: World) -> None:
    plan = f.masterplan(world)
    goals = tree(plan)
    p01 = f.programme(plan, "P01", lead=world.agency_a)
    f.programme(plan, "P02", lead=world.agency_b)
    p01.goals.set([goals[1][1], goals[0][0]])
    snapshot = take_snapshot(plan)
    assert snapshot["programmes"][str(p01.pk)]["goals"] == ["1.1 M1 G1", "2.2 M2 G2"]
    programmes = snapshot["programmes"].values()
    assert [p["goals"] for p in programmes if p["code"] == "P02"] == [[]]


def test_goal_numbers_follow_the_tree_even_with_gaps_and_empty_missions(world: World) -> None:
    from kotacerdas.planning.strategy.queries import number_goals, numbered_goals, strategy_of

    plan = f.masterplan(world)
    first = Mission.objects.create(masterplan=plan, text="A", position=3)
    Mission.objects.create(masterplan=plan, text="B (no goals)", position=5)
    third = Mission.objects.create(masterplan=plan, text="C", position=5)  # same position
    a2 = Goal.objects.create(mission=first, text="a2", position=7)
    a1 = Goal.objects.create(mission=first, text="a1", position=2)
    c1 = Goal.objects.create(mission=third, text="c1", position=1)
    numbers = [(number, goal.text) for number, goal in numbered_goals(plan)]
    assert numbers == [("1.1", "a1"), ("1.2", "a2"), ("3.1", "c1")]
    assert number_goals(strategy_of(plan).missions) == {a1.pk: "1.1", a2.pk: "1.2", c1.pk: "3.1"}
