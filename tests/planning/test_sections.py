"""Team, stakeholder and strategy pages: add, change, remove, and what bad input shows."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from kotacerdas.planning.models import Goal, Mission, Stakeholder, TeamMember

from ..conftest import World
from . import factories as f


@pytest.fixture
def coordinator(world: World) -> Any:
    client = world.client("coordinator")
    client.post(reverse("set_language"), {"language": "en"})
    return client


def test_team_pages(world: World, coordinator: Any) -> None:
    plan = f.masterplan(world)
    url = reverse("planning:team_create", kwargs={"pk": plan.pk})
    response = coordinator.post(
        url,
        {
            "body": "council",
            "name": "Helmi Hasan",
            "position": "Wali Kota",
            "agency": world.agency_a.pk,
            "role_in_body": "Pembina",
        },
    )
    assert response.status_code == 302
    member = TeamMember.objects.get(masterplan=plan)
    page = coordinator.get(reverse("planning:team_list", kwargs={"pk": plan.pk})).content.decode()
    assert "Helmi Hasan" in page and "Pembina" in page
    edit = reverse("planning:team_edit", kwargs={"pk": plan.pk, "member": member.pk})
    assert coordinator.get(edit).status_code == 200
    stale = coordinator.post(
        edit, {"body": "council", "name": "Other", "version": member.version + 5}
    )
    assert 'data-testid="conflict"' in stale.content.decode()
    assert (
        coordinator.post(
            edit, {"body": "forum", "name": "Helmi", "version": member.version}
        ).status_code
        == 302
    )
    missing = reverse("planning:team_edit", kwargs={"pk": plan.pk, "member": 999999})
    assert coordinator.get(missing).status_code == 404
    coordinator.post(reverse("planning:team_delete", kwargs={"pk": plan.pk, "member": member.pk}))
    assert not TeamMember.objects.filter(masterplan=plan).exists()
    assert "body" in coordinator.post(url, {"name": "No body"}).content.decode()


def test_stakeholder_pages(world: World, coordinator: Any) -> None:
    plan = f.masterplan(world)
    url = reverse("planning:stakeholder_create", kwargs={"pk": plan.pk})
    data = {"group": "academia", "name": "Universitas Bengkulu", "email": "lppm@unib.ac.id"}
    assert coordinator.post(url, data).status_code == 302
    duplicate = coordinator.post(url, data)
    assert duplicate.status_code == 200
    s = Stakeholder.objects.get(masterplan=plan)
    p = f.programme(plan, "G01")
    p.partners.add(s)
    page = coordinator.get(
        reverse("planning:stakeholder_list", kwargs={"pk": plan.pk})
    ).content.decode()
    assert "Universitas Bengkulu" in page and "G01" in page
    edit = reverse("planning:stakeholder_edit", kwargs={"pk": plan.pk, "stakeholder": s.pk})
    assert coordinator.get(edit).status_code == 200
    assert (
        'data-testid="conflict"'
        in coordinator.post(edit, {**data, "version": s.version + 1}).content.decode()
    )
    assert (
        coordinator.post(edit, {**data, "phone": "0736", "version": s.version}).status_code == 302
    )
    coordinator.post(
        reverse("planning:stakeholder_delete", kwargs={"pk": plan.pk, "stakeholder": s.pk})
    )
    assert not Stakeholder.objects.filter(masterplan=plan).exists()


def test_mission_and_goal_edit_pages(world: World, coordinator: Any) -> None:
    plan = f.masterplan(world)
    mission = Mission.objects.create(masterplan=plan, text="Old mission")
    goal = Goal.objects.create(mission=mission, text="Old goal")
    kw = {"pk": plan.pk, "mission": mission.pk}
    assert coordinator.get(reverse("planning:mission_edit", kwargs=kw)).status_code == 200
    coordinator.post(reverse("planning:mission_edit", kwargs=kw), {"text": "New mission"})
    goal_kw = {**kw, "goal": goal.pk}
    assert coordinator.get(reverse("planning:goal_edit", kwargs=goal_kw)).status_code == 200
    coordinator.post(reverse("planning:goal_edit", kwargs=goal_kw), {"text": "New goal"})
    mission.refresh_from_db()
    goal.refresh_from_db()
    assert (mission.text, goal.text) == ("New mission", "New goal")
    bad = {**kw, "goal": 999999}
    assert coordinator.get(reverse("planning:goal_edit", kwargs=bad)).status_code == 404
    assert (
        coordinator.get(reverse("planning:vision_edit", kwargs={"pk": plan.pk})).status_code == 200
    )
    empty = coordinator.post(reverse("planning:vision_edit", kwargs={"pk": plan.pk}), {"text": ""})
    assert empty.status_code == 200
    policy = reverse("planning:policy_edit", kwargs={"pk": plan.pk, "dimension": 999999})
    assert coordinator.get(policy).status_code == 404
    coordinator.post(reverse("planning:goal_delete", kwargs=goal_kw))
    coordinator.post(reverse("planning:mission_delete", kwargs=kw))
    assert not Mission.objects.filter(masterplan=plan).exists()


def test_editing_a_masterplan_in_review_is_refused(world: World, coordinator: Any) -> None:
    plan = f.masterplan(world, status="in_review")
    assert (
        coordinator.get(reverse("planning:vision_edit", kwargs={"pk": plan.pk})).status_code == 403
    )
    page = coordinator.get(reverse("planning:masterplan_detail", kwargs={"pk": plan.pk}))
    assert reverse("planning:masterplan_return", kwargs={"pk": plan.pk}) in page.content.decode()
    response = coordinator.post(
        reverse("planning:masterplan_return", kwargs={"pk": plan.pk}), {"reason": "Lengkapi tim"}
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == "draft" and plan.return_reason == "Lengkapi tim"
    detail = coordinator.get(reverse("planning:masterplan_detail", kwargs={"pk": plan.pk}))
    assert "Lengkapi tim" in detail.content.decode()
    submit = coordinator.post(reverse("planning:masterplan_submit", kwargs={"pk": plan.pk}))
    assert submit.status_code == 302
    plan.refresh_from_db()
    assert plan.status == "draft"  # no programme yet: refused with a message


def test_ceiling_form_rejects_negative(world: World, coordinator: Any) -> None:
    plan = f.masterplan(world)
    url = reverse("planning:ceiling_edit", kwargs={"pk": plan.pk})
    response = coordinator.post(url, {"year_2025": "-10"})
    assert response.status_code == 200 and "cannot be negative" in response.content.decode()
    assert not plan.ceilings.exists()


def test_programme_delete_and_edit_page(world: World, coordinator: Any) -> None:
    plan = f.masterplan(world)
    p = f.programme(plan, "G01", lead=world.agency_a)
    f.support(p, world.agency_b)
    f.fund(p)
    page = coordinator.get(reverse("planning:programme_edit", kwargs={"pk": p.pk}))
    assert page.status_code == 200 and 'value="G01"' in page.content.decode()
    coordinator.post(reverse("planning:programme_delete", kwargs={"pk": p.pk}))
    assert not plan.programmes.exists()


def test_comments_on_a_section_show_on_its_page(world: World) -> None:
    plan = f.masterplan(world)
    council = world.client("council")
    url = reverse("planning:comment_create", kwargs={"pk": plan.pk})
    assert (
        council.post(url, {"section": "strategy", "text": "Visi terlalu umum"}).status_code == 302
    )
    strategy = council.get(reverse("planning:strategy_detail", kwargs={"pk": plan.pk}))
    assert "Visi terlalu umum" in strategy.content.decode()
    team = council.get(reverse("planning:team_list", kwargs={"pk": plan.pk}))
    assert "Visi terlalu umum" not in team.content.decode()
    editor = world.client("editor_a").get(
        reverse("planning:strategy_detail", kwargs={"pk": plan.pk})
    )
    assert url not in editor.content.decode()  # agency editors comment on programmes only
