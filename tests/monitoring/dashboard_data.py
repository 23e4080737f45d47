"""Published masterplans with indicators and computed summaries, for the dashboard tests."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from kotacerdas.framework.models import Dimension
from kotacerdas.monitoring import summaries
from kotacerdas.monitoring.models import Indicator, Realisation, Target
from kotacerdas.monitoring.summary_models import DimensionSummary, MasterplanSummary
from kotacerdas.planning.models import Masterplan, Programme
from kotacerdas.regions.models import Region

from ..conftest import World
from ..planning.factories import fund, masterplan, programme
from .factories import indicator, realisation, target

# The day the summaries are computed for: 2025 is over and reported, 2026 is the year looked at.
TODAY = dt.date(2026, 6, 15)


def published_with_summary(w: World, name: str = "Persentase layanan daring") -> Masterplan:
    """Kota Bengkulu's published 2025–2029 masterplan: programme P01 (agency A, quick win)
    with a quarterly indicator of agency A (Q1 2026 verified, off track), computed."""
    plan = masterplan(w, status="published")
    prog = programme(plan, "P01", lead=w.agency_a, end_year=2029, is_quick_win=True)
    fund(prog, 2_000_000, year=2026)
    ind = indicator(plan, prog, "IK01", w.agency_a, name=name, frequency="quarterly")
    target(ind, 2026, 80)
    realisation(ind, 2026, 45, sub=1, state="verified")
    summaries.refresh_masterplan(plan, TODAY)
    return plan


def many_indicators(plan: Masterplan, prog: Programme, agency: object, n: int) -> None:
    """``n`` more quarterly indicators of ``prog`` with a 2026 target and a Q1 value, in bulk."""
    start = plan.indicators.count()
    made = Indicator.objects.bulk_create(
        Indicator(
            masterplan=plan,
            programme=prog,
            level=Indicator.Level.OUTPUT,
            code=f"B{start + i:03d}",
            name=f"Bulk {i}",
            unit="%",
            frequency="quarterly",
            responsible_agency=agency,  # type: ignore[misc]
        )
        for i in range(n)
    )
    Target.objects.bulk_create(Target(indicator=i, year=2026, value=Decimal(100)) for i in made)
    Realisation.objects.bulk_create(
        Realisation(indicator=i, year=2026, sub_period=1, value=Decimal(i.pk % 100)) for i in made
    )


def many_regions(w: World, n: int) -> list[Masterplan]:
    """Published masterplans of ``n`` more kabupaten/kota, with summary rows (bulk)."""
    regions = list(
        Region.objects.filter(kind__in=["kabupaten", "kota"])
        .exclude(pk__in=[w.region.pk, w.other_region.pk])
        .order_by("code")[:n]
    )
    framework = masterplan(w).framework
    plans = Masterplan.objects.bulk_create(
        Masterplan(
            region=r, title=f"MP {r.code}", start_year=2025, framework=framework, status="published"
        )
        for r in regions
    )
    dims = list(Dimension.objects.filter(framework=framework).order_by("position"))
    MasterplanSummary.objects.bulk_create(
        MasterplanSummary(
            masterplan=p,
            year=2026,
            is_current=True,
            score=Decimal(i % 100),
            status="off_track",
            due_periods=10,
            reported_periods=i % 10,
            refreshed_at=w.region.created,
        )
        for i, p in enumerate(plans)
    )
    DimensionSummary.objects.bulk_create(
        DimensionSummary(
            masterplan=p,
            dimension=d,
            year=2026,
            is_current=True,
            score=Decimal(50),
            status="off_track",
        )
        for p in plans
        for d in dims
    )
    return plans
