"""Indicators, targets and realisations for the monitoring tests, built straight in the
database (services are tested on their own)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils import timezone

from kotacerdas.monitoring.models import Indicator, Realisation, Target
from kotacerdas.planning.models import Masterplan, Programme

from ..conftest import World
from ..planning.factories import masterplan, programme


def plan_with_programme(w: World, status: str = "published") -> tuple[Masterplan, Programme]:
    """A 2025–2029 masterplan with programme P01 led by agency A (Diskominfo)."""
    plan = masterplan(w, status=status)
    return plan, programme(plan, "P01", lead=w.agency_a, end_year=2029)


def indicator(
    plan: Masterplan,
    prog: Programme | None,
    code: str = "IK01",
    agency: Any = None,
    **fields: Any,
) -> Indicator:
    values: dict[str, Any] = {
        "name": f"Indicator {code}",
        "unit": "%",
        "level": Indicator.Level.OUTCOME if prog is not None else Indicator.Level.IMPACT,
        "baseline_value": Decimal(40),
        "baseline_year": 2024,
        "frequency": "yearly",
        **fields,
    }
    if prog is None and "dimension" not in values:
        values["dimension"] = plan.framework.dimensions.order_by("position")[0]
    return Indicator.objects.create(
        masterplan=plan, programme=prog, code=code, responsible_agency=agency, **values
    )


def target(ind: Indicator, year: int, value: int | str, quarter: int | None = None) -> Target:
    return Target.objects.create(indicator=ind, year=year, quarter=quarter, value=Decimal(value))


def realisation(
    ind: Indicator, year: int, value: int | str, sub: int = 0, state: str = "reported"
) -> Realisation:
    return Realisation.objects.create(
        indicator=ind,
        year=year,
        sub_period=sub,
        value=Decimal(value),
        state=state,
        reported_at=timezone.now(),
    )
