"""The strategy cites the region's SWOT entries: chosen in the forms, checked, shown, frozen."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kotacerdas.planning.models import Goal, Masterplan, Mission, PolicyDirection, Vision
from kotacerdas.planning.review.compare import compare_snapshots
from kotacerdas.planning.review.snapshot import take_snapshot
from kotacerdas.planning.strategy import services as strategy

from ...conftest import World
from .. import factories as f


def test_citing_an_entry_of_another_region_is_refused(world: World) -> None:
    plan = f.masterplan(world)
    foreign = f.swot(world.other_region, "W1", text="Bukittinggi's own weakness")
    own = f.swot(world.region, "S2")
    with pytest.raises(ValidationError) as exc:
        strategy.save_mission(
            plan,
            actor=world.users["coordinator"],
            text="Pelayanan publik digital",
            swot_entries=[own.pk, foreign.pk],
        )
    assert list(exc.value.message_dict) == ["swot_entries"]
    assert str(foreign.pk) in exc.value.message_dict["swot_entries"][0]
    assert not Mission.objects.filter(masterplan=plan).exists()  # nothing half-saved


def test_an_unknown_or_removed_entry_is_refused_but_an_old_citation_stays(world: World) -> None:
    plan = f.masterplan(world)
    actor = world.users["coordinator"]
    entry = f.swot(world.region, "W3")
    vision = strategy.save_vision(plan, actor=actor, text="Kota cerdas", swot_entries=[entry])
    with pytest.raises(ValidationError):
        strategy.save_vision(plan, actor=actor, text="Kota cerdas", swot_entries=[999_999])
    entry.removed_at = timezone.now()
    entry.save()
    # Already cited: keeps its label after removal; a new piece cannot cite it any more.
    strategy.save_vision(plan, actor=actor, text="Kota cerdas baru", swot_entries=[entry])
    assert list(vision.swot_entries.all()) == [entry]
    with pytest.raises(ValidationError) as exc:
        strategy.save_mission(plan, actor=actor, text="Misi", swot_entries=[entry])
    assert "W3" in exc.value.message_dict["swot_entries"][0]


def test_leaving_citations_out_keeps_them(world: World) -> None:
    plan = f.masterplan(world)
    actor = world.users["coordinator"]
    entry = f.swot(world.region, "O1")
    mission = strategy.save_mission(plan, actor=actor, text="Misi", swot_entries=[entry])
    strategy.save_mission(plan, actor=actor, mission=mission, text="Misi diubah")
    assert list(mission.swot_entries.all()) == [entry]
    strategy.save_mission(plan, actor=actor, mission=mission, text="Misi", swot_entries=[])
    assert not mission.swot_entries.exists()


def test_forms_offer_only_the_regions_entries_and_the_tree_shows_the_labels(
    world: World, coordinator: Any
) -> None:
    plan = f.masterplan(world)
    mission = Mission.objects.create(masterplan=plan, text="Tata kelola terbuka")
    own = f.swot(world.region, "W3", text="Data tersebar di OPD")
    older = f.swot(world.region, "S1", year=2024, text="Jaringan fiber luas")
    foreign = f.swot(world.other_region, "T2", text="Ancaman dari kota lain")
    edit = reverse("planning:mission_edit", kwargs={"pk": plan.pk, "mission": mission.pk})
    page = coordinator.get(edit).content.decode()
    assert "2026 · W3 — Data tersebar di OPD" in page
    assert page.index("2026 · W3") < page.index("2024 · S1")  # the latest assessment first
    assert "Ancaman dari kota lain" not in page

    refused = coordinator.post(edit, {"text": "Tata kelola", "swot_entries": [foreign.pk]})
    assert refused.status_code == 200
    assert refused.context["form"].errors["swot_entries"]
    assert not mission.swot_entries.exists()

    saved = coordinator.post(edit, {"text": "Tata kelola", "swot_entries": [own.pk, older.pk]})
    assert saved.status_code == 302
    goal_new = reverse("planning:goal_create", kwargs={"pk": plan.pk, "mission": mission.pk})
    coordinator.post(goal_new, {"text": "Satu data", "swot_entries": [own.pk]})
    policy = reverse("planning:policy_edit", kwargs={"pk": plan.pk, "dimension": f.dimension().pk})
    coordinator.post(policy, {"text": "Interoperabilitas", "swot_entries": [older.pk]})
    coordinator.post(
        reverse("planning:vision_edit", kwargs={"pk": plan.pk}),
        {"text": "Bengkulu cerdas", "swot_entries": [own.pk]},
    )
    assert list(Goal.objects.get(mission=mission).swot_entries.all()) == [own]
    assert list(PolicyDirection.objects.get(masterplan=plan).swot_entries.all()) == [older]
    assert list(Vision.objects.get(masterplan=plan).swot_entries.all()) == [own]

    tree = coordinator.get(reverse("planning:strategy_detail", kwargs={"pk": plan.pk}))
    body = tree.content.decode()
    assert body.count('title="Data tersebar di OPD">2026/W3</span>') == 3  # vision, mission, goal
    assert body.count('title="Jaringan fiber luas">2024/S1</span>') == 2  # mission, policy
    reopened = coordinator.get(edit).context["form"]
    assert set(reopened.initial["swot_entries"]) == {own.pk, older.pk}


def _strategy_queries(client: Any, plan: Any) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("planning:strategy_detail", kwargs={"pk": plan.pk}))
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_the_strategy_page_costs_the_same_for_1_and_10_citations(
    world: World, coordinator: Any
) -> None:
    counts = []
    for n in (1, 10):
        plan = f.masterplan(world, title=f"Plan {n}")
        entries = [f.swot(world.region, f"W{n * 10 + i}") for i in range(n)]
        vision = Vision.objects.create(masterplan=plan, text="Visi")
        vision.swot_entries.set(entries)
        for m in range(n):
            mission = Mission.objects.create(masterplan=plan, text=f"Misi {m}", position=m)
            mission.swot_entries.set(entries)
            Goal.objects.create(mission=mission, text="Sasaran").swot_entries.set(entries)
        policy = PolicyDirection.objects.create(
            masterplan=plan, dimension=f.dimension(), text="Arah"
        )
        policy.swot_entries.set(entries)
        counts.append(_strategy_queries(coordinator, plan))
    assert counts[0] == counts[1]


def test_the_snapshot_holds_the_citations_so_versions_show_them_changed(world: World) -> None:
    plan = f.masterplan(world)
    actor = world.users["coordinator"]
    w3, s1 = f.swot(world.region, "W3"), f.swot(world.region, "S1", year=2024)
    strategy.save_vision(plan, actor=actor, text="Visi", swot_entries=[w3, s1])
    mission = strategy.save_mission(plan, actor=actor, text="Misi", swot_entries=[w3])
    goal = strategy.save_goal(mission, actor=actor, text="Sasaran", swot_entries=[s1])
    strategy.save_policy_direction(
        plan, actor=actor, dimension=f.dimension(), text="Arah", swot_entries=[w3]
    )
    before = take_snapshot(Masterplan.objects.select_related("vision").get(pk=plan.pk))
    section = before["strategy"]
    assert section["vision"]["swot"] == ["2024/S1", "2026/W3"]
    assert section[f"mission-{mission.pk}"]["swot"] == ["2026/W3"]
    assert section[f"goal-{goal.pk}"]["swot"] == ["2024/S1"]
    assert section["policy-governance"]["swot"] == ["2026/W3"]

    strategy.save_mission(plan, actor=actor, mission=mission, text="Misi", swot_entries=[s1])
    after = take_snapshot(Masterplan.objects.get(pk=plan.pk))
    diff = {d.section: d for d in compare_snapshots(before, after)}["strategy"]
    assert [(c.id, c.field, c.old, c.new) for c in diff.changed] == [
        (f"mission-{mission.pk}", "swot", ["2026/W3"], ["2024/S1"])
    ]
