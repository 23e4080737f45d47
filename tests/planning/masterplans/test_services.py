"""State changes of masterplans, their team and stakeholders."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from kotacerdas.accounts.actors import SYSTEM
from kotacerdas.lib.concurrency import ConcurrentEditError
from kotacerdas.planning.masterplans import services as masterplans
from kotacerdas.planning.models import Masterplan

from ...conftest import World
from .. import factories as f


@pytest.fixture(autouse=True)
def _english() -> Any:
    with translation.override("en"):
        yield


def _messages(exc: ValidationError) -> str:
    return " ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())


def test_a_masterplan_runs_five_to_ten_years(world: World) -> None:
    with pytest.raises(ValidationError) as err:
        masterplans.create_masterplan(
            world.region,
            actor=world.users["coordinator"],
            title="MP",
            start_year=2025,
            years=4,
            framework=f.framework(),
        )
    assert "years" in err.value.message_dict
    with pytest.raises(ValidationError):
        masterplans.create_masterplan(
            world.province,
            actor=SYSTEM,
            title="MP",
            start_year=2025,
            years=5,
            framework=f.framework(),
        )
    plan = masterplans.create_masterplan(
        world.region,
        actor=world.users["coordinator"],
        title="MP",
        start_year=2025,
        years=10,
        framework=f.framework(),
    )
    assert plan.end_year == 2034 and plan.status == "draft"


def test_update_masterplan_detects_a_concurrent_edit(world: World) -> None:
    plan = f.masterplan(world)
    opened = plan.version
    masterplans.update_masterplan(plan, actor=SYSTEM, opened_version=opened, title="First")
    with pytest.raises(ConcurrentEditError) as err:
        masterplans.update_masterplan(plan, actor=SYSTEM, opened_version=opened, title="Second")
    assert err.value.current.title == "First"  # type: ignore[attr-defined]
    assert Masterplan.objects.get(pk=plan.pk).title == "First"


def test_the_period_cannot_shrink_below_a_programme(world: World) -> None:
    plan = f.masterplan(world)
    f.programme(plan, "G01", end_year=2029)
    with pytest.raises(ValidationError) as err:
        masterplans.update_masterplan(plan, actor=SYSTEM, opened_version=None, start_year=2027)
    assert "G01" in _messages(err.value)
    assert Masterplan.objects.get(pk=plan.pk).start_year == 2025


def test_team_and_stakeholders(world: World) -> None:
    plan = f.masterplan(world)
    member = masterplans.save_team_member(
        plan, actor=SYSTEM, body="council", name="Wali Kota", agency=world.agency_a
    )
    with pytest.raises(ValidationError):
        masterplans.save_team_member(
            plan, actor=SYSTEM, body="council", name="X", agency=world.other_region.agencies.first()
        )
    with pytest.raises(ConcurrentEditError):
        masterplans.save_team_member(plan, actor=SYSTEM, member=member, opened_version=99, name="Y")
    masterplans.delete_team_member(member, actor=SYSTEM)
    s = masterplans.save_stakeholder(plan, actor=SYSTEM, group="media", name="RRI")
    with pytest.raises(ValidationError):
        masterplans.save_stakeholder(plan, actor=SYSTEM, group="media", name="RRI")
    with pytest.raises(ValidationError):
        masterplans.save_stakeholder(plan, actor=SYSTEM, group="nobody", name="Z")
    masterplans.save_stakeholder(
        plan, actor=SYSTEM, stakeholder=s, opened_version=s.version, phone="1"
    )
    masterplans.delete_stakeholder(s, actor=SYSTEM)
    assert not plan.team.exists() and not plan.stakeholders.exists()
