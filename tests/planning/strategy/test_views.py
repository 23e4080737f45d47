"""Strategy pages: the tree and its forms."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from kotacerdas.planning.models import (
    Goal,
    Mission,
    Vision,
)

from ...conftest import World
from .. import factories as f


def test_strategy_tree_page(world: World, en: Any) -> None:
    plan = f.masterplan(world)
    client = en("coordinator")
    client.post(reverse("planning:vision_edit", kwargs={"pk": plan.pk}), {"text": "Kota cerdas"})
    client.post(
        reverse("planning:mission_create", kwargs={"pk": plan.pk}), {"mission-text": "Digital"}
    )
    mission = plan.missions.get()
    client.post(
        reverse("planning:goal_create", kwargs={"pk": plan.pk, "mission": mission.pk}),
        {"text": "Layanan daring"},
    )
    client.post(
        reverse("planning:policy_edit", kwargs={"pk": plan.pk, "dimension": f.dimension().pk}),
        {"text": "SPBE terpadu"},
    )
    page = client.get(reverse("planning:strategy_detail", kwargs={"pk": plan.pk})).content.decode()
    for text in ("Kota cerdas", "Digital", "Layanan daring", "SPBE terpadu"):
        assert text in page
    assert Vision.objects.get(masterplan=plan).text == "Kota cerdas"
    council = en("council").get(reverse("planning:strategy_detail", kwargs={"pk": plan.pk}))
    assert reverse("planning:vision_edit", kwargs={"pk": plan.pk}) not in council.content.decode()


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


def test_a_control_character_is_refused_naming_the_field(world: World, coordinator: Any) -> None:
    plan = f.masterplan(world)
    url = reverse("planning:vision_edit", kwargs={"pk": plan.pk})
    response = coordinator.post(url, {"text": "Kota\x07cerdas"})
    assert response.status_code == 200
    assert 'class="invalid-feedback d-block"' in response.content.decode()
    assert not Vision.objects.filter(masterplan=plan).exists()
