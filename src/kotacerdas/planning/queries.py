"""Read side of the planning module: scoped querysets and the aggregates pages show.

Aggregates are computed in SQL; every function here costs a fixed number of queries
whatever the number of programmes.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db.models import (
    Count,
    DecimalField,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce

from kotacerdas.accounts.scope import scope_of
from kotacerdas.framework.models import Dimension
from kotacerdas.readiness.models import SwotEntry
from kotacerdas.regions.models import Agency, Region

from .models import (
    FundingLine,
    Masterplan,
    Milestone,
    Programme,
    ProgrammeDependency,
    ProgrammeSupport,
)
from .rules import Who

ZERO = Value(Decimal(0), output_field=DecimalField(max_digits=18, decimal_places=2))


def visible_to(user: Who) -> QuerySet[Masterplan]:
    """Masterplans the user may read: their regions' ones, and every published one."""
    scope = scope_of(user)
    if not scope.authenticated:
        return Masterplan.objects.none()
    return Masterplan.objects.filter(
        scope.region_filter("region__") | Q(status=Masterplan.Status.PUBLISHED)
    ).select_related("region", "region__province", "framework")


def masterplans_of(user: Who, region: Region) -> QuerySet[Masterplan]:
    return (
        visible_to(user)
        .filter(region=region)
        .annotate(programme_count=Count("programmes"))
        .order_by("-start_year", "-pk")
    )


def current_masterplan(user: Who, region: Region) -> Masterplan | None:
    """The masterplan a region is working on: the latest one the user may read."""
    return visible_to(user).filter(region=region).order_by("-start_year", "-pk").first()


def programmes_visible_to(user: Who) -> QuerySet[Programme]:
    return Programme.objects.filter(masterplan__in=visible_to(user)).select_related(
        "masterplan__region", "dimension", "element", "lead_agency"
    )


def _funding_total() -> Subquery:
    return Subquery(
        FundingLine.objects.filter(programme=OuterRef("pk"))
        .values("programme")
        .annotate(total=Sum("amount"))
        .values("total"),
        output_field=DecimalField(max_digits=18, decimal_places=2),
    )


def programme_list(
    masterplan: Masterplan,
    *,
    dimension: Any = None,
    agency: Any = None,
    horizon: str = "",
    search: str = "",
) -> QuerySet[Programme]:
    """Programmes of a masterplan with their total funding and number of supporting agencies."""
    programmes = masterplan.programmes.select_related("dimension", "element", "lead_agency")
    if dimension:
        programmes = programmes.filter(dimension=dimension)
    if agency:
        programmes = programmes.filter(Q(lead_agency=agency) | Q(supports__agency=agency))
    if horizon:
        programmes = programmes.filter(horizon=horizon)
    if search:
        programmes = programmes.filter(Q(code__icontains=search) | Q(name__icontains=search))
    support_count = Subquery(
        ProgrammeSupport.objects.filter(programme=OuterRef("pk"))
        .values("programme")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        programmes.annotate(
            total_funding=Coalesce(_funding_total(), ZERO), support_count=support_count
        )
        .distinct()
        .order_by("dimension__position", "code")
    )


def programme_detail(queryset: QuerySet[Programme], *, full: bool = True) -> QuerySet[Programme]:
    """A programme with what hangs off it; ``full`` adds what only the detail page shows."""
    dependencies = ProgrammeDependency.objects.select_related("depends_on")
    queryset = queryset.select_related("masterplan__framework").prefetch_related(
        Prefetch("supports", queryset=ProgrammeSupport.objects.select_related("agency")),
        "partners",
        "funding",
        Prefetch(
            "dependencies", queryset=dependencies if full else ProgrammeDependency.objects.all()
        ),
    )
    if full:
        queryset = queryset.prefetch_related(
            Prefetch("dependents", queryset=ProgrammeDependency.objects.select_related("programme"))
        )
    return queryset


def overview_counts(masterplan: Masterplan) -> dict[str, Any]:
    """What the masterplan holds, in one query."""
    counts = Masterplan.objects.filter(pk=masterplan.pk).aggregate(
        programme_count=Count("programmes", distinct=True),
        quick_win_count=Count("programmes", filter=Q(programmes__is_quick_win=True), distinct=True),
        team_count=Count("team", distinct=True),
        stakeholder_count=Count("stakeholders", distinct=True),
        mission_count=Count("missions", distinct=True),
        open_comment_count=Count(
            "comments", filter=Q(comments__resolved_at__isnull=True), distinct=True
        ),
    )
    return {key.removesuffix("_count"): value for key, value in counts.items()}


def dimensions_of(masterplan: Masterplan) -> list[Dimension]:
    return list(masterplan.framework.dimensions.order_by("position"))


# Agency matrix -------------------------------------------------------------------------


def agency_matrix(masterplan: Masterplan) -> dict[str, Any]:
    """Agencies × programmes (lead or support), counts, budget per year, gaps."""
    programmes: list[dict[str, Any]] = [
        dict(row)
        for row in masterplan.programmes.annotate(
            funded=Exists(FundingLine.objects.filter(programme=OuterRef("pk"), amount__gt=0))
        )
        .order_by("code")
        .values("pk", "code", "name", "lead_agency_id", "funded")
    ]
    supports = ProgrammeSupport.objects.filter(programme__masterplan=masterplan).values_list(
        "agency_id", "programme_id"
    )
    budget = (
        FundingLine.objects.filter(
            programme__masterplan=masterplan, programme__lead_agency__isnull=False
        )
        .values("programme__lead_agency_id", "year")
        .annotate(total=Sum("amount"))
    )
    by_pk = {p["pk"]: p for p in programmes}
    lead: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for p in programmes:
        if p["lead_agency_id"]:
            lead[p["lead_agency_id"]].append(p)
    support: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for agency_id, programme_id in supports:
        support[agency_id].append(by_pk[programme_id])
    per_year: dict[int, dict[int, Decimal]] = defaultdict(dict)
    for row in budget:
        per_year[row["programme__lead_agency_id"]][row["year"]] = row["total"]
    involved = set(lead) | set(support)
    agencies = Agency.objects.filter(
        Q(region_id=masterplan.region_id, retired_at__isnull=True) | Q(pk__in=involved)
    ).order_by("name")
    years = list(masterplan.period)
    rows = [
        {
            "agency": agency,
            "lead": lead.get(agency.pk, []),
            "support": support.get(agency.pk, []),
            "workload": len(lead.get(agency.pk, [])) + len(support.get(agency.pk, [])),
            "budget": [per_year[agency.pk].get(year) for year in years],
            "total": sum(per_year[agency.pk].values(), Decimal(0)),
        }
        for agency in agencies
    ]
    return {
        "years": years,
        "rows": rows,
        "without_lead": [p for p in programmes if not p["lead_agency_id"]],
        "without_funding": [p for p in programmes if not p["funded"]],
    }


# Budget --------------------------------------------------------------------------------


def _totals(lines: QuerySet[FundingLine], key: str) -> list[dict[str, Any]]:
    return list(lines.values(key).annotate(total=Sum("amount")).order_by(key))


def budget_summary(masterplan: Masterplan) -> dict[str, Any]:
    """Totals per dimension, source, year and lead agency; APBD share; years over ceiling."""
    lines = FundingLine.objects.filter(programme__masterplan=masterplan)
    per_dimension = list(
        lines.values("programme__dimension_id")
        .annotate(total=Sum("amount"))
        .order_by("programme__dimension_id")
    )
    names = {d.pk: d for d in dimensions_of(masterplan)}
    dimension_rows = [
        {"dimension": names.get(r["programme__dimension_id"]), "total": r["total"]}
        for r in per_dimension
    ]
    source_labels = dict(FundingLine.Source.choices)
    source_rows = [
        {
            "source": source_labels.get(r["source"], r["source"]),
            "code": r["source"],
            "total": r["total"],
        }
        for r in _totals(lines, "source")
    ]
    year_totals = {r["year"]: r["total"] for r in _totals(lines, "year")}
    ceilings = {c.year: c.amount for c in masterplan.ceilings.all()}
    year_rows = [
        {
            "year": year,
            "total": year_totals.get(year, Decimal(0)),
            "ceiling": ceilings.get(year),
            "over": ceilings.get(year) is not None
            and year_totals.get(year, Decimal(0)) > ceilings[year],
        }
        for year in masterplan.period
    ]
    agency_rows = list(
        lines.values("programme__lead_agency__name", "programme__lead_agency__acronym")
        .annotate(total=Sum("amount"))
        .order_by("-total")
    )
    total = sum(year_totals.values(), Decimal(0))
    apbd = next((r["total"] for r in source_rows if r["code"] == FundingLine.Source.APBD), 0)
    apbd_share = (Decimal(apbd) / total * 100) if total else None
    return {
        "dimensions": dimension_rows,
        "sources": source_rows,
        "years": year_rows,
        "agencies": agency_rows,
        "total": total,
        "apbd": apbd,
        "non_apbd": total - Decimal(apbd),
        "apbd_share": apbd_share,
        "non_apbd_share": (100 - apbd_share) if apbd_share is not None else None,
        "over_ceiling": [r for r in year_rows if r["over"]],
    }


# Strategy ------------------------------------------------------------------------------


def swot_label(entry: SwotEntry) -> str:
    """How a citation reads everywhere: the assessment year and the entry label, "2026/W3"."""
    return f"{entry.assessment.year}/{entry.label}"


def swot_entries(queryset: QuerySet[SwotEntry] | None = None) -> QuerySet[SwotEntry]:
    """SWOT entries with the assessment their label needs, in SWOT order (for prefetching)."""
    rows = SwotEntry.objects.all() if queryset is None else queryset
    return rows.select_related("assessment").order_by("-assessment__year", "kind", "number")


def swot_choices(masterplan: Masterplan, cited: Any = ()) -> list[tuple[int, str]]:
    """The SWOT entries a piece of the strategy can cite, in one query: entries of the
    region's assessments that are not removed (plus those ``cited`` already), latest first."""
    rows = swot_entries(
        SwotEntry.objects.filter(assessment__region=masterplan.region_id).filter(
            Q(removed_at__isnull=True) | Q(pk__in=list(cited))
        )
    )
    return [(e.pk, f"{e.assessment.year} · {e.label} — {_short(e.text)}") for e in rows]


def _short(text: str, length: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1] + "…"


# Roadmap -------------------------------------------------------------------------------


QUARTER_START = {1: "01-01", 2: "04-01", 3: "07-01", 4: "10-01"}
QUARTER_END = {1: "03-31", 2: "06-30", 3: "09-30", 4: "12-31"}


def quarter_start(year: int, quarter: int | None) -> str:
    """The first day of a quarter (of the year when ``quarter`` is empty), ISO formatted."""
    return f"{year}-{QUARTER_START[quarter or 1]}"


def quarter_end(year: int, quarter: int | None) -> str:
    """The last day of a quarter (of the year when ``quarter`` is empty), ISO formatted."""
    return f"{year}-{QUARTER_END[quarter or 4]}"


def roadmap(masterplan: Masterplan) -> dict[str, Any]:
    """Programmes over the period by dimension with their milestones, the Gantt tasks and the
    conflicts, in 5 queries."""
    from .roadmap import Conflict, RoadmapItem, conflict_message, roadmap_conflicts

    dimensions = dimensions_of(masterplan)
    programmes: list[dict[str, Any]] = [
        dict(row)
        for row in masterplan.programmes.order_by("start_year", "code").values(
            "pk",
            "code",
            "name",
            "dimension_id",
            "start_year",
            "end_year",
            "start_quarter",
            "end_quarter",
            "is_quick_win",
        )
    ]
    milestones: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for m in Milestone.objects.filter(programme__masterplan=masterplan).values(
        "pk", "programme_id", "name", "year", "quarter", "done"
    ):
        milestones[m["programme_id"]].append(dict(m))
    depends: dict[int, list[int]] = defaultdict(list)
    for src, dst in ProgrammeDependency.objects.filter(
        programme__masterplan=masterplan
    ).values_list("programme_id", "depends_on_id"):
        depends[src].append(dst)
    funded: dict[int, set[int]] = defaultdict(set)
    for pk, year in (
        FundingLine.objects.filter(programme__masterplan=masterplan, amount__gt=0)
        .values_list("programme_id", "year")
        .distinct()
    ):
        funded[pk].add(year)
    items = [
        RoadmapItem(
            key=p["pk"],
            start_year=p["start_year"],
            end_year=p["end_year"],
            start_quarter=p["start_quarter"],
            depends_on=tuple(depends[p["pk"]]),
            funded_years=frozenset(funded[p["pk"]]),
        )
        for p in programmes
    ]
    by_pk = {p["pk"]: p for p in programmes}

    def label(pk: Any) -> str:
        return by_pk[pk]["code"] if pk in by_pk else str(pk)

    def describe(c: Conflict[int]) -> dict[str, Any]:
        other = label(c.other) if c.other is not None else None
        return {
            "code": c.code,
            "programme": by_pk[c.key],
            "year": c.year,
            "message": conflict_message(c, label(c.key), other),
        }

    conflicts = [
        describe(c) for c in roadmap_conflicts(items, masterplan.start_year, masterplan.end_year)
    ]
    years = list(masterplan.period)
    by_dimension: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for p in programmes:
        p["milestones"] = milestones[p["pk"]]
        by_dimension[p["dimension_id"]].append(p)
    table = [
        {"dimension": d, "cells": [_year_cell(by_dimension[d.pk], y) for y in years]}
        for d in dimensions
    ]
    position = {d.pk: n for n, d in enumerate(dimensions)}
    tasks: list[dict[str, Any]] = []
    for p in sorted(programmes, key=lambda p: (position.get(p["dimension_id"], 0), p["code"])):
        tasks.append(
            {
                "id": f"p{p['pk']}",
                "name": f"{p['code']} {p['name']}",
                "start": quarter_start(p["start_year"], p["start_quarter"]),
                "end": quarter_end(p["end_year"], p["end_quarter"]),
                "progress": 0,
                "dependencies": ", ".join(f"p{d}" for d in depends[p["pk"]] if d in by_pk),
                "custom_class": f"roadmap-dim-{position.get(p['dimension_id'], 0)}",
            }
        )
        # frappe-gantt has no milestone type: a one-day task right under its programme,
        # on the last day of its quarter (or year) — the date it is due.
        tasks.extend(
            {
                "id": f"m{m['pk']}",
                "name": f"◆ {p['code']}: {m['name']}",
                "start": quarter_end(m["year"], m["quarter"]),
                "end": quarter_end(m["year"], m["quarter"]),
                "progress": 100 if m["done"] else 0,
                "dependencies": "",
                "custom_class": "gantt-milestone",
            }
            for m in p["milestones"]
        )
    return {
        "years": years,
        "programmes": programmes,
        "table": table,
        "conflicts": conflicts,
        "tasks": tasks,
    }


def _year_cell(programmes: list[dict[str, Any]], year: int) -> dict[str, Any]:
    """The programmes of one dimension running in ``year``, and the milestones due in it."""
    running = [p for p in programmes if p["start_year"] <= year <= p["end_year"]]
    return {
        "programmes": running,
        "milestones": [
            {**m, "code": p["code"]} for p in running for m in p["milestones"] if m["year"] == year
        ],
    }
