"""State changes of the strategy: vision, missions, goals, policy directions."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from kotacerdas.accounts.actors import SYSTEM
from kotacerdas.framework.models import FrameworkVersion
from kotacerdas.planning.models import Vision
from kotacerdas.planning.strategy import services as strategy

from ...conftest import World
from .. import factories as f


@pytest.fixture(autouse=True)
def _english() -> Any:
    with translation.override("en"):
        yield


def test_only_a_draft_can_be_edited(world: World) -> None:
    plan = f.masterplan(world, status="approved")
    with pytest.raises(ValidationError, match="draft"):
        strategy.save_vision(plan, actor=SYSTEM, text="Kota cerdas")


def test_strategy_tree(world: World) -> None:
    plan = f.masterplan(world)
    strategy.save_vision(plan, actor=SYSTEM, text="Bengkulu cerdas", rpjmd_reference="Misi 1")
    strategy.save_vision(plan, actor=SYSTEM, text="Bengkulu cerdas dan hijau")
    mission = strategy.save_mission(plan, actor=SYSTEM, text="Layanan publik digital")
    second = strategy.save_mission(plan, actor=SYSTEM, text="Ekonomi")
    assert (mission.position, second.position) == (1, 2)
    goal = strategy.save_goal(mission, actor=SYSTEM, text="Semua layanan daring")
    strategy.save_goal(mission, actor=SYSTEM, goal=goal, text="Semua layanan daring 2027")
    strategy.save_policy_direction(plan, actor=SYSTEM, dimension=f.dimension(), text="SPBE")
    other = FrameworkVersion.objects.exclude(pk=plan.framework_id).first()
    if other is not None:
        with pytest.raises(ValidationError):
            strategy.save_policy_direction(
                plan, actor=SYSTEM, dimension=other.dimensions.first(), text="x"
            )
    assert (
        strategy.save_policy_direction(plan, actor=SYSTEM, dimension=f.dimension(), text="") is None
    )
    assert Vision.objects.get(masterplan=plan).text == "Bengkulu cerdas dan hijau"
    strategy.delete_mission(mission, actor=SYSTEM)
    assert plan.missions.count() == 1 and not plan.policy_directions.exists()
    strategy.delete_goal(strategy.save_goal(second, actor=SYSTEM, text="g"), actor=SYSTEM)
