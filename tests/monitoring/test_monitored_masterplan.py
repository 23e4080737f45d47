"""Which masterplan a region is monitored by, read the same way by the region dashboard
(``monitored_masterplan``), the regions table's rows and its heat columns (``heat_columns``):
the latest published one, else the latest one."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import timezone

from kotacerdas.framework.models import Dimension, FrameworkVersion
from kotacerdas.monitoring import dashboards
from kotacerdas.monitoring.summary_models import DimensionSummary, MasterplanSummary
from kotacerdas.planning.models import Masterplan
from kotacerdas.regions.models import Region

from ..conftest import World
from ..planning.factories import masterplan
from .dashboard_data import published_with_summary

pytestmark = pytest.mark.django_db


def _older_plan_of_another_framework(w: World, start_year: int) -> Masterplan:
    """A published masterplan of the region under a framework of one dimension, ``legacy``,
    with a current summary and a dimension row scored 12."""
    old = FrameworkVersion.objects.create(
        profile="legacy", number="1", name_id="Lama", name_en="Old", checksum="0" * 64
    )
    legacy = Dimension.objects.create(
        framework=old, code="legacy", position=1, name_id="Lama", name_en="Legacy"
    )
    plan = masterplan(w, status="published", start_year=start_year)
    Masterplan.objects.filter(pk=plan.pk).update(framework=old)
    MasterplanSummary.objects.create(
        masterplan=plan, year=2026, is_current=True, refreshed_at=timezone.now()
    )
    DimensionSummary.objects.create(
        masterplan=plan, dimension=legacy, year=2026, is_current=True, score=Decimal(12)
    )
    return plan


def _region(w: World) -> list[Region]:
    return list(Region.objects.filter(pk=w.region.pk))


def test_of_two_published_masterplans_the_later_one_gives_the_heat_columns(world: World) -> None:
    w = world
    _older_plan_of_another_framework(w, start_year=2015)
    latest = published_with_summary(w)  # starts 2025
    regions = Region.objects.filter(pk=w.region.pk)

    assert dashboards.monitored_masterplan(w.region) == latest
    codes = [d.code for d in dashboards.heat_columns(regions)]
    assert "legacy" not in codes
    assert codes == [d.code for d in latest.framework.dimensions.order_by("position")]
    (row,) = dashboards.build_rows(_region(w))
    dashboards.fill_cells([row])
    assert row.masterplan is not None and row.masterplan.pk == latest.pk
    assert "legacy" not in row.dimensions and "governance" in row.dimensions


def test_the_later_start_wins_even_when_made_first(world: World) -> None:
    w = world
    latest = published_with_summary(w)  # starts 2025, made first
    _older_plan_of_another_framework(w, start_year=2030)  # made later, starts later
    regions = Region.objects.filter(pk=w.region.pk)

    monitored = dashboards.monitored_masterplan(w.region)
    assert monitored is not None and monitored.pk != latest.pk
    assert [d.code for d in dashboards.heat_columns(regions)] == ["legacy"]
    (row,) = dashboards.build_rows(_region(w))
    dashboards.fill_cells([row])
    assert row.masterplan is not None and row.masterplan.pk == monitored.pk
    assert row.dimensions == {"legacy": dashboards.Cell(Decimal(12), "not_reported")}
