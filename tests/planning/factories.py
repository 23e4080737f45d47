"""Masterplans and programmes for the planning tests, built straight in the database."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from kotacerdas.framework.models import Dimension, FrameworkVersion, Instrument
from kotacerdas.planning.models import (
    FundingLine,
    Masterplan,
    Milestone,
    Programme,
    ProgrammeSupport,
)
from kotacerdas.readiness.models import Assessment, SwotEntry

from ..conftest import World


def framework() -> FrameworkVersion:
    return FrameworkVersion.objects.filter(profile="kominfo").order_by("-number").first()  # type: ignore[return-value]


def dimension(code: str = "governance") -> Dimension:
    return framework().dimensions.get(code=code)


def masterplan(w: World, status: str = "draft", region: Any = None, **fields: Any) -> Masterplan:
    values = {"title": "Masterplan Smart City", "start_year": 2025, "years": 5, **fields}
    return Masterplan.objects.create(
        region=region or w.region, framework=framework(), status=status, **values
    )


def programme(
    plan: Masterplan, code: str = "P01", lead: Any = None, dim: str = "governance", **fields: Any
) -> Programme:
    d = dimension(dim)
    values = {
        "name": f"Programme {code}",
        "horizon": Programme.Horizon.SHORT,
        "start_year": plan.start_year,
        "end_year": plan.start_year + 1,
        "element": d.elements.first(),
        **fields,
    }
    return Programme.objects.create(
        masterplan=plan, code=code, dimension=d, lead_agency=lead, **values
    )


def fund(p: Programme, amount: int = 1_000_000, year: int | None = None, source: str = "apbd"):
    return FundingLine.objects.create(
        programme=p, source=source, year=year or p.start_year, amount=Decimal(amount)
    )


def milestone(
    p: Programme, name: str = "Pilot live", year: int | None = None, quarter: int | None = None
) -> Milestone:
    return Milestone.objects.create(
        programme=p, name=name, year=year or p.start_year, quarter=quarter
    )


def support(p: Programme, agency: Any, role: str = "ICT") -> ProgrammeSupport:
    return ProgrammeSupport.objects.create(programme=p, agency=agency, role=role)


def many_programmes(plan: Masterplan, w: World, n: int, *, prefix: str = "X") -> None:
    """``n`` programmes with a lead, a supporting agency and funding, in bulk (codes
    ``<prefix>0000``…)."""
    dims = list(framework().dimensions.order_by("position"))
    rows = [
        Programme(
            masterplan=plan,
            code=f"{prefix}{i:04d}",
            name=f"Bulk {i}",
            dimension=dims[i % len(dims)],
            horizon=Programme.Horizon.MEDIUM,
            start_year=plan.start_year,
            end_year=plan.end_year,
            lead_agency=w.agency_a if i % 2 else w.agency_b,
        )
        for i in range(n)
    ]
    made = Programme.objects.bulk_create(rows)
    ProgrammeSupport.objects.bulk_create(
        ProgrammeSupport(programme=p, agency=w.agency_b if i % 2 else w.agency_a)
        for i, p in enumerate(made)
    )
    FundingLine.objects.bulk_create(
        FundingLine(programme=p, source="apbd", year=plan.start_year, amount=Decimal(1000))
        for p in made
    )


def swot(
    region: Any, label: str = "W3", year: int = 2026, text: str = "Data tersebar di OPD"
) -> SwotEntry:
    """A SWOT entry ``label`` (e.g. "W3") of the region's ``year`` readiness assessment."""
    instrument = Instrument.objects.filter(published_at__isnull=False).latest("published_at")
    assessment, _new = Assessment.objects.get_or_create(
        region=region, year=year, defaults={"instrument": instrument}
    )
    kinds = {k.value[0].upper(): k.value for k in SwotEntry.Kind}
    return SwotEntry.objects.create(
        assessment=assessment, kind=kinds[label[0]], number=int(label[1:]), text=text
    )
