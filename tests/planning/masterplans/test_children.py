"""The shared edit and delete views of a masterplan's small records: every delete asks first
(GET shows what goes with it), then POST deletes; no JavaScript needed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.db.models import Model
from django.urls import reverse
from django.utils import translation

from kotacerdas.planning.models import (
    Goal,
    Masterplan,
    Milestone,
    Mission,
    Programme,
    ProgrammeDependency,
    Stakeholder,
    TeamMember,
)

from ...conftest import World
from .. import factories as f


@dataclass(frozen=True)
class Delete:
    """``make`` builds the record in a draft masterplan and returns it with its URL kwargs."""

    name: str
    make: Callable[[Masterplan, World], tuple[Model, dict[str, int]]]
    shows: tuple[str, ...]  # on the confirmation page
    back: str  # where the POST lands


def _member(plan: Masterplan, w: World) -> tuple[Model, dict[str, int]]:
    member = TeamMember.objects.create(masterplan=plan, body="forum", name="Ana Lestari")
    return member, {"pk": plan.pk, "member": member.pk}


def _stakeholder(plan: Masterplan, w: World) -> tuple[Model, dict[str, int]]:
    partner = Stakeholder.objects.create(masterplan=plan, group="academia", name="UNIB")
    f.programme(plan, "G07").partners.add(partner)
    return partner, {"pk": plan.pk, "stakeholder": partner.pk}


def _mission(plan: Masterplan, w: World) -> tuple[Model, dict[str, int]]:
    mission = Mission.objects.create(masterplan=plan, text="Layanan digital")
    Goal.objects.create(mission=mission, text="Perizinan daring").swot_entries.add(
        f.swot(w.region, "W3")
    )
    return mission, {"pk": plan.pk, "mission": mission.pk}


def _goal(plan: Masterplan, w: World) -> tuple[Model, dict[str, int]]:
    mission = Mission.objects.create(masterplan=plan, text="Layanan digital")
    goal = Goal.objects.create(mission=mission, text="Perizinan daring")
    goal.swot_entries.add(f.swot(w.region, "S1", year=2025))
    return goal, {"pk": plan.pk, "mission": mission.pk, "goal": goal.pk}


def _programme(plan: Masterplan, w: World) -> tuple[Model, dict[str, int]]:
    programme = f.programme(plan, "G01", lead=w.agency_a)
    f.fund(programme, 750_000)
    f.milestone(programme, "Pilot live")
    ProgrammeDependency.objects.create(programme=programme, depends_on=f.programme(plan, "G02"))
    return programme, {"pk": programme.pk}


def _milestone(plan: Masterplan, w: World) -> tuple[Model, dict[str, int]]:
    programme = f.programme(plan, "G01", lead=w.agency_a)
    milestone = f.milestone(programme, "Pilot live")
    return milestone, {"pk": programme.pk, "milestone": milestone.pk}


DELETES = [
    Delete("team_delete", _member, ("Ana Lestari",), "team_list"),
    Delete("stakeholder_delete", _stakeholder, ("UNIB", "G07"), "stakeholder_list"),
    Delete("mission_delete", _mission, ("Perizinan daring", "2026/W3"), "strategy_detail"),
    Delete("goal_delete", _goal, ("Perizinan daring", "2025/S1"), "strategy_detail"),
    Delete("programme_delete", _programme, ("750.000", "Pilot live", "G02"), "programme_list"),
    Delete("milestone_delete", _milestone, ("Pilot live",), "programme_detail"),
]


@pytest.mark.parametrize("case", DELETES, ids=lambda c: c.name)
def test_a_delete_asks_first_then_removes(world: World, coordinator: Any, case: Delete) -> None:
    plan = f.masterplan(world)
    obj, kwargs = case.make(plan, world)
    url = reverse(f"planning:{case.name}", kwargs=kwargs)
    page = coordinator.get(url)
    body = page.content.decode()
    assert page.status_code == 200 and 'data-testid="confirm-delete"' in body
    assert all(text in body for text in case.shows), body
    assert '<form method="post"' in body  # a plain form: no script needed
    assert type(obj).objects.filter(pk=obj.pk).exists()  # asking removes nothing
    response = coordinator.post(url)
    assert response.status_code == 302
    assert not type(obj).objects.filter(pk=obj.pk).exists()
    back_kwargs = {"pk": kwargs["pk"] if case.back == "programme_detail" else plan.pk}
    assert response["Location"] == reverse(f"planning:{case.back}", kwargs=back_kwargs)


@pytest.mark.parametrize("case", DELETES, ids=lambda c: c.name)
def test_only_who_may_change_it_sees_the_question(world: World, case: Delete) -> None:
    plan = f.masterplan(world)
    obj, kwargs = case.make(plan, world)
    url = reverse(f"planning:{case.name}", kwargs=kwargs)
    assert world.client("council").get(url).status_code == 403
    assert world.client("other_coordinator").get(url).status_code == 404
    assert world.client("council").post(url).status_code == 403
    assert type(obj).objects.filter(pk=obj.pk).exists()


def test_the_list_pages_link_to_the_question(world: World, coordinator: Any) -> None:
    plan = f.masterplan(world)
    member, kwargs = _member(plan, world)
    page = coordinator.get(reverse("planning:team_list", kwargs={"pk": plan.pk}))
    url = reverse("planning:team_delete", kwargs=kwargs)
    assert f'href="{url}"' in page.content.decode()


def test_a_record_of_another_masterplan_is_not_found(world: World, coordinator: Any) -> None:
    plan, other = f.masterplan(world), f.masterplan(world, title="Other")
    member, _kwargs = _member(other, world)
    url = reverse("planning:team_edit", kwargs={"pk": plan.pk, "member": member.pk})
    assert coordinator.get(url).status_code == 404
    url = reverse("planning:team_delete", kwargs={"pk": plan.pk, "member": member.pk})
    assert coordinator.post(url).status_code == 404
    assert TeamMember.objects.filter(pk=member.pk).exists()


def test_a_milestone_goes_back_to_its_programme_with_the_message(
    world: World, coordinator: Any
) -> None:
    plan = f.masterplan(world)
    milestone, kwargs = _milestone(plan, world)
    url = reverse("planning:milestone_delete", kwargs=kwargs)
    with translation.override("en"):
        page = coordinator.post(url, follow=True).content.decode()
    assert "Milestone removed." in page
    assert not Milestone.objects.filter(pk=milestone.pk).exists()
    assert Programme.objects.filter(masterplan=plan).exists()
