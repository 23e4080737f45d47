"""Read side of programmes: lists, detail, the agency matrix and the budget, each a fixed
number of queries whatever the number of programmes (aggregates computed in SQL)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
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
from django.urls import reverse

from kotacerdas.framework.models import Dimension
from kotacerdas.regions.models import Agency

from ..masterplans.models import Masterplan
from ..masterplans.queries import dimensions_of, visible_to
from ..rules import Who
from .models import FundingLine, Programme, ProgrammeDependency, ProgrammeSupport

ZERO = Value(Decimal(0), output_field=DecimalField(max_digits=18, decimal_places=2))


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
    if agency:  # a subquery, not a join: no duplicates, so no DISTINCT over every column
        supported = ProgrammeSupport.objects.filter(programme=OuterRef("pk"), agency=agency)
        programmes = programmes.filter(Q(lead_agency=agency) | Exists(supported))
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
    return programmes.annotate(
        total_funding=Coalesce(_funding_total(), ZERO), support_count=support_count
    ).order_by("dimension__position", "code")


def attach_supporting_agencies(programmes: Sequence[Programme]) -> None:
    """Sets ``supporting_agency_ids`` on each programme (one query for all of them), which the
    supporting-agency permission rule reads instead of ``supports.all()``: a page that checks
    the rule for hundreds of programmes needs no prefetched queryset per programme."""
    agencies: dict[int, set[int]] = defaultdict(set)
    for programme_id, agency_id in (
        ProgrammeSupport.objects.filter(programme__in=[p.pk for p in programmes])
        .order_by()
        .values_list("programme_id", "agency_id")
    ):
        agencies[programme_id].add(agency_id)
    for programme in programmes:
        programme.supporting_agency_ids = frozenset(agencies[programme.pk])  # type: ignore[attr-defined]


def programme_detail(queryset: QuerySet[Programme], *, full: bool = True) -> QuerySet[Programme]:
    """A programme with what hangs off it; ``full`` adds what only the detail page shows.
    Without it (the edit form) only the rows the form lists: the form reads which partners
    and dependencies are chosen with its choice lists, in the same queries."""
    queryset = queryset.select_related("masterplan__framework").prefetch_related(
        Prefetch("supports", queryset=ProgrammeSupport.objects.select_related("agency")),
        "funding",
    )
    if full:
        queryset = queryset.prefetch_related(
            "partners",
            Prefetch(
                "dependencies", queryset=ProgrammeDependency.objects.select_related("depends_on")
            ),
            Prefetch(
                "dependents", queryset=ProgrammeDependency.objects.select_related("programme")
            ),
            "goals",
        )
    return queryset


# Agency matrix -------------------------------------------------------------------------


@dataclass(frozen=True)
class MatrixProgramme:
    pk: int
    code: str
    name: str
    lead_agency_id: int | None
    funded: bool

    @cached_property
    def url(self) -> str:
        """The programme's page, worked out once although the matrix links it up to three
        times (lead, supports, gaps)."""
        return reverse("planning:programme_detail", kwargs={"pk": self.pk})


@dataclass(frozen=True)
class AgencyRow:
    """What one agency leads and supports, and the funding of what it leads per year."""

    agency: Agency
    lead: list[MatrixProgramme]
    support: list[MatrixProgramme]
    budget: list[Decimal | None]
    total: Decimal

    @property
    def workload(self) -> int:
        return len(self.lead) + len(self.support)


@dataclass(frozen=True)
class AgencyMatrix:
    years: list[int]
    rows: list[AgencyRow]
    without_lead: list[MatrixProgramme]
    without_funding: list[MatrixProgramme]


def _matrix_programmes(masterplan: Masterplan) -> list[MatrixProgramme]:
    funded = Exists(FundingLine.objects.filter(programme=OuterRef("pk"), amount__gt=0))
    rows = (
        masterplan.programmes.annotate(funded=funded)
        .order_by("code")
        .values_list("pk", "code", "name", "lead_agency_id", "funded")
    )
    return [MatrixProgramme(*row) for row in rows]


def _lead_budget(masterplan: Masterplan) -> dict[int, dict[int, Decimal]]:
    """Funding per lead agency and year."""
    per_year: dict[int, dict[int, Decimal]] = defaultdict(dict)
    for agency_id, year, total in (
        FundingLine.objects.filter(
            programme__masterplan=masterplan, programme__lead_agency__isnull=False
        )
        .values("programme__lead_agency_id", "year")
        .annotate(total=Sum("amount"))
        .values_list("programme__lead_agency_id", "year", "total")
    ):
        per_year[agency_id][year] = total
    return per_year


def agency_matrix(masterplan: Masterplan) -> AgencyMatrix:
    """Agencies × programmes (lead or support), workload, budget per year, gaps."""
    programmes = _matrix_programmes(masterplan)
    by_pk = {p.pk: p for p in programmes}
    lead: dict[int, list[MatrixProgramme]] = defaultdict(list)
    for p in programmes:
        if p.lead_agency_id:
            lead[p.lead_agency_id].append(p)
    support: dict[int, list[MatrixProgramme]] = defaultdict(list)
    for agency_id, programme_id in ProgrammeSupport.objects.filter(
        programme__masterplan=masterplan
    ).values_list("agency_id", "programme_id"):
        support[agency_id].append(by_pk[programme_id])
    per_year = _lead_budget(masterplan)
    agencies = Agency.objects.filter(
        Q(region_id=masterplan.region_id, retired_at__isnull=True)
        | Q(pk__in=set(lead) | set(support))
    ).order_by("name")
    years = list(masterplan.period)
    rows = [
        AgencyRow(
            agency=agency,
            lead=lead.get(agency.pk, []),
            support=support.get(agency.pk, []),
            budget=[per_year[agency.pk].get(year) for year in years],
            total=sum(per_year[agency.pk].values(), Decimal(0)),
        )
        for agency in agencies
    ]
    return AgencyMatrix(
        years=years,
        rows=rows,
        without_lead=[p for p in programmes if not p.lead_agency_id],
        without_funding=[p for p in programmes if not p.funded],
    )


# Budget --------------------------------------------------------------------------------


@dataclass(frozen=True)
class DimensionTotal:
    dimension: Dimension | None
    total: Decimal


@dataclass(frozen=True)
class SourceTotal:
    source: str  # the label, in the active language
    code: str
    total: Decimal


@dataclass(frozen=True)
class YearTotal:
    year: int
    total: Decimal
    ceiling: Decimal | None

    @property
    def over(self) -> bool:
        return self.ceiling is not None and self.total > self.ceiling


@dataclass(frozen=True)
class AgencyTotal:
    """Funding of the programmes an agency leads (no agency: programmes without a lead)."""

    name: str | None
    acronym: str | None
    total: Decimal


@dataclass(frozen=True)
class Budget:
    dimensions: list[DimensionTotal]
    sources: list[SourceTotal]
    years: list[YearTotal]
    agencies: list[AgencyTotal]
    total: Decimal
    apbd: Decimal

    @property
    def non_apbd(self) -> Decimal:
        return self.total - self.apbd

    @property
    def apbd_share(self) -> Decimal | None:
        return self.apbd / self.total * 100 if self.total else None

    @property
    def non_apbd_share(self) -> Decimal | None:
        share = self.apbd_share
        return None if share is None else 100 - share

    @property
    def over_ceiling(self) -> list[YearTotal]:
        return [row for row in self.years if row.over]


def _totals(lines: QuerySet[FundingLine], key: str) -> list[tuple[Any, Decimal]]:
    return list(
        lines.values(key).annotate(total=Sum("amount")).order_by(key).values_list(key, "total")
    )


def budget_summary(masterplan: Masterplan) -> Budget:
    """Totals per dimension, source, year and lead agency; the APBD share; years over the
    ceiling."""
    lines = FundingLine.objects.filter(programme__masterplan=masterplan)
    dimensions = {d.pk: d for d in dimensions_of(masterplan)}
    labels = dict(FundingLine.Source.choices)
    sources = [
        SourceTotal(str(labels.get(code, code)), code, total)
        for code, total in _totals(lines, "source")
    ]
    per_year = dict(_totals(lines, "year"))
    ceilings = {c.year: c.amount for c in masterplan.ceilings.all()}
    agencies = (
        lines.values("programme__lead_agency__name", "programme__lead_agency__acronym")
        .annotate(total=Sum("amount"))
        .order_by("-total")
        .values_list("programme__lead_agency__name", "programme__lead_agency__acronym", "total")
    )
    apbd = next((s.total for s in sources if s.code == FundingLine.Source.APBD), Decimal(0))
    return Budget(
        dimensions=[
            DimensionTotal(dimensions.get(pk), total)
            for pk, total in _totals(lines, "programme__dimension_id")
        ],
        sources=sources,
        years=[
            YearTotal(year, per_year.get(year, Decimal(0)), ceilings.get(year))
            for year in masterplan.period
        ],
        agencies=[AgencyTotal(*row) for row in agencies],
        total=sum(per_year.values(), Decimal(0)),
        apbd=Decimal(apbd),
    )


def published_programmes(masterplan: Masterplan, *, partners: bool = True) -> QuerySet[Programme]:
    """The programmes of a published masterplan with their agencies, partners and funding as
    lists (``public_supports``, ``public_funding``, ``public_partners``: five queries for
    any number; four without ``partners``, for a caller that reads them with the
    stakeholders); none for a masterplan that is not published."""
    if not masterplan.is_published:
        return Programme.objects.none()
    parts: list[Any] = [
        Prefetch(
            "supports",
            queryset=ProgrammeSupport.objects.select_related("agency").order_by("agency__name"),
            to_attr="public_supports",
        ),
        Prefetch(
            "funding",
            queryset=FundingLine.objects.order_by("year", "source"),
            to_attr="public_funding",
        ),
    ]
    if partners:
        parts.append(Prefetch("partners", to_attr="public_partners"))
    return (
        Programme.objects.filter(masterplan=masterplan)
        .select_related("lead_agency", "dimension", "element")
        .prefetch_related(*parts)
        .order_by("dimension__position", "code")
    )


def programme_ids_of(masterplans: QuerySet[Masterplan]) -> list[tuple[int, int]]:
    """(masterplan id, programme id) of every programme of ``masterplans``, in one query."""
    return list(
        Programme.objects.filter(masterplan__in=masterplans)
        .order_by("masterplan", "code")
        .values_list("masterplan", "pk")
    )


# --- read by the public portal (consultation and the programme library) ----------------


def funding_total() -> Subquery:
    """A programme's total funding (``OuterRef("pk")`` is the programme), for annotating."""
    return _funding_total()


def programmes_of_masterplans(masterplans: Any) -> QuerySet[Programme]:
    """The programmes of ``masterplans`` (a queryset or a list of masterplans or ids), by
    masterplan then code: the choices of the consultation's and the link's forms."""
    return Programme.objects.filter(masterplan__in=masterplans).order_by("masterplan", "code")


def programmes_of_published() -> QuerySet[Programme]:
    """Every programme of a published masterplan, across the country (the library)."""
    return Programme.objects.filter(masterplan__status=Masterplan.Status.PUBLISHED)


@dataclass(frozen=True)
class PublicParts:
    """A published programme's supporting agencies (by name) and funding lines."""

    supports: list[str]
    funding: list[FundingLine]


def public_parts(programme: Programme) -> PublicParts:
    """Supporting agencies and funding lines of a programme of a published masterplan (two
    queries); nothing for a programme of a masterplan that is not published."""
    if programme.masterplan.status != Masterplan.Status.PUBLISHED:
        return PublicParts([], [])
    return PublicParts(
        supports=[
            str(s.agency)
            for s in ProgrammeSupport.objects.filter(programme=programme).select_related("agency")
        ],
        funding=list(FundingLine.objects.filter(programme=programme).order_by("year", "source")),
    )


def consultation_programmes(
    masterplan_id: int, *, every: bool = False, quick_wins: bool = False, chosen: Any = ()
) -> QuerySet[Programme]:
    """The programmes of a draft that a consultation opens to the public: all of them
    (``every``), the quick wins and the ``chosen`` ones (``quick_wins``), or only the chosen
    ones (ids or a queryset of ids); ordered by dimension then code, one query."""
    programmes = Programme.objects.filter(masterplan_id=masterplan_id)
    if not every:
        wanted = Q(pk__in=chosen)
        if quick_wins:
            wanted |= Q(is_quick_win=True)
        programmes = programmes.filter(wanted)
    return programmes.select_related("dimension", "element", "lead_agency").order_by(
        "dimension__position", "code"
    )
