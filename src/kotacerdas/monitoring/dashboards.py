"""Read side of the monitoring dashboards: the region dashboard, an agency's report card,
and the table of regions seen by a province or the nation.

Figures come from the summary rows (``summary_models``) that ``summaries.refresh_masterplan``
keeps current, and from SQL sums (budget); nothing here loads realisations across regions.
Every function costs a fixed number of queries whatever the number of regions, indicators or
realisations (tested). Never writes.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, NamedTuple, overload

from django.db.models import (
    Case,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kotacerdas.framework.models import Dimension
from kotacerdas.planning.models import FundingLine, Masterplan, Mission, Programme, TeamMember
from kotacerdas.regions.models import Agency, Region

from . import periods, queries, scoring, summaries
from .models import Indicator, ProgrammeProgress, ProgrammeSpending, Realisation, State, Target
from .scoring import Part
from .summary_models import (
    DimensionSummary,
    IndicatorSummary,
    MasterplanSummary,
    ProgrammeSummary,
    SummaryStatus,
)

DISTRICTS = (Region.Kind.KABUPATEN, Region.Kind.KOTA)
REMINDER_HORIZON_DAYS = 14


# --- which masterplan a region is monitored by -----------------------------------------------


def _published_first() -> Case:
    return Case(
        When(status=Masterplan.Status.PUBLISHED, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )


def monitored_masterplan(region: Region) -> Masterplan | None:
    """The masterplan a region is monitored by: its latest published one, else its latest
    one (which then says monitoring has not started). One query, with its summary."""
    return (
        Masterplan.objects.filter(region=region)
        .select_related("framework", "monitoring_summary", "monitoring_thresholds")
        .annotate(published_first=_published_first())
        .order_by("published_first", "-start_year", "-pk")
        .first()
    )


# --- the region dashboard --------------------------------------------------------------------


@dataclass(frozen=True)
class AgencyStatus:
    """The indicators one agency is responsible for, counted by status and rolled up (the
    mean of their scores, as a programme's)."""

    agency: Agency | None
    indicators: int
    counts: dict[str, int]
    score: Decimal | None
    status: str


@dataclass(frozen=True)
class BudgetRow:
    year: int
    source: str
    label: str
    planned: Decimal
    realised: Decimal

    @property
    def share(self) -> Decimal | None:
        if not self.planned:
            return None
        return (self.realised * 100 / self.planned).quantize(Decimal("0.1"))


@dataclass(frozen=True)
class ProgrammeRow:
    """A programme with its status and its latest progress report not returned."""

    programme: Programme
    summary: ProgrammeSummary | None
    progress: Decimal | None
    progress_year: int | None
    progress_state: str


@dataclass(frozen=True)
class TrendPoint:
    label: str
    target: Decimal | None
    value: Decimal | None
    quality: str
    state: str


@dataclass(frozen=True)
class Trend:
    indicator: Indicator
    points: list[TrendPoint]


@dataclass
class RegionDashboard:
    region: Region
    masterplan: Masterplan | None
    summary: MasterplanSummary | None = None
    dimensions: list[DimensionSummary] = field(default_factory=list)
    indicators: list[IndicatorRow] = field(default_factory=list)
    agencies: list[AgencyStatus] = field(default_factory=list)
    budget: list[BudgetRow] = field(default_factory=list)
    quick_wins: list[ProgrammeRow] = field(default_factory=list)
    trend: Trend | None = None

    @property
    def monitored(self) -> bool:
        return self.masterplan is not None and self.masterplan.is_published

    @property
    def off_track(self) -> list[IndicatorRow]:
        """Indicators off track, or not reported while due: the worst first."""
        rows = [i for i in self.indicators if i.needs_attention]
        return sorted(rows, key=lambda i: (_NEEDS_ATTENTION.index(i.status), i.indicator.code))


_NEEDS_ATTENTION = (SummaryStatus.OFF_TRACK, SummaryStatus.NOT_REPORTED)


@dataclass(frozen=True)
class IndicatorRow:
    """An indicator with its summary (``None`` until the next refresh counts it)."""

    indicator: Indicator
    summary: IndicatorSummary | None

    @property
    def status(self) -> str:
        return self.summary.status if self.summary is not None else ""

    @property
    def needs_attention(self) -> bool:
        if self.summary is None:
            return False
        if self.summary.status == SummaryStatus.NOT_REPORTED:
            return self.summary.due
        return self.summary.status == SummaryStatus.OFF_TRACK


def indicator_rows(masterplan: Masterplan, **filters: Any) -> list[IndicatorRow]:
    """The masterplan's indicators (those matching ``filters``) with their summary: one
    query."""
    rows = (
        Indicator.objects.filter(masterplan=masterplan, **filters)
        .select_related("summary", "responsible_agency", "programme", "dimension")
        .order_by("code")
    )
    return [IndicatorRow(row, getattr(row, "summary", None)) for row in rows]


def agency_statuses(
    indicators: Iterable[IndicatorRow], thresholds: scoring.Thresholds
) -> list[AgencyStatus]:
    """Per responsible agency (``None``: indicators without one)."""
    groups: dict[int | None, list[IndicatorRow]] = defaultdict(list)
    for row in indicators:
        groups[row.indicator.responsible_agency_id].append(row)
    rows = []
    for members in groups.values():
        summaries = [i.summary for i in members if i.summary is not None]
        score = scoring.roll_up(Part(s.score) for s in summaries)
        counts = {
            s: sum(1 for x in summaries if x.status == s and (x.due or s != "not_reported"))
            for s in SummaryStatus.values
        }
        rows.append(
            AgencyStatus(
                agency=members[0].indicator.responsible_agency,
                indicators=len(members),
                counts=counts,
                score=score,
                status=str(scoring.roll_up_status(score, thresholds)),
            )
        )
    return sorted(rows, key=lambda r: (r.agency is None, r.agency.name if r.agency else ""))


def _sums(queryset: QuerySet[Any], year: str, source: str, amount: str) -> dict[Any, Decimal]:
    rows = queryset.values(year, source).annotate(total=Sum(amount)).order_by()
    return {(r[year], r[source]): r["total"] or Decimal(0) for r in rows}


def budget_rows(masterplan: Masterplan) -> list[BudgetRow]:
    """Planned (funding lines) against realised (programme progress not returned) per year
    and source, summed in SQL: two queries."""
    planned = _sums(
        FundingLine.objects.filter(programme__masterplan=masterplan), "year", "source", "amount"
    )
    realised = _sums(
        ProgrammeSpending.objects.filter(progress__programme__masterplan=masterplan).exclude(
            progress__state=State.RETURNED
        ),
        "progress__year",
        "funding_line__source",
        "amount",
    )
    labels = dict(FundingLine.Source.choices)
    keys = sorted(set(planned) | set(realised), key=lambda k: (k[0], str(k[1])))
    return [
        BudgetRow(
            year,
            source,
            str(labels.get(source, source)),
            planned.get((year, source), Decimal(0)),
            realised.get((year, source), Decimal(0)),
        )
        for year, source in keys
    ]


def _latest_progress(field_name: str) -> Subquery:
    rows = ProgrammeProgress.objects.filter(programme=OuterRef("pk")).exclude(state=State.RETURNED)
    return Subquery(rows.order_by("-year").values(field_name)[:1])


def programme_rows(masterplan: Masterplan, **filters: Any) -> list[ProgrammeRow]:
    """The masterplan's programmes (those matching ``filters``) with their status and latest
    progress: one query."""
    rows = (
        Programme.objects.filter(masterplan=masterplan, **filters)
        .select_related("lead_agency", "dimension", "monitoring_summary")
        .annotate(
            latest_progress=_latest_progress("physical_progress"),
            latest_year=_latest_progress("year"),
            latest_state=_latest_progress("state"),
        )
        .order_by("code")
    )
    return [
        ProgrammeRow(
            p,
            getattr(p, "monitoring_summary", None),
            p.latest_progress,
            p.latest_year,
            p.latest_state or "",
        )
        for p in rows
    ]


def _target_of(targets: Sequence[Target], frequency: str, period: periods.Period) -> Any:
    by_key = {(t.year, t.quarter): t.value for t in targets}
    quarter = periods.quarter_of(frequency, period)
    if (period.year, quarter) in by_key:
        return by_key[(period.year, quarter)]
    return by_key.get((period.year, None))


def trend(indicator: Indicator, masterplan: Masterplan) -> Trend:
    """Targets against current realisations over the whole period: two queries."""
    targets = list(Target.objects.filter(indicator=indicator))
    values = {
        (r.year, r.sub_period): r
        for r in Realisation.objects.filter(indicator=indicator, is_current=True)
    }
    points = []
    for period in periods.schedule(indicator.frequency, masterplan.period):
        row = values.get((period.year, period.sub))
        points.append(
            TrendPoint(
                label=period.label(indicator.frequency),
                target=_target_of(targets, indicator.frequency, period),
                value=None if row is None else row.value,
                quality="" if row is None else row.quality,
                state="" if row is None else row.state,
            )
        )
    return Trend(indicator, points)


def thresholds_of(masterplan: Masterplan) -> scoring.Thresholds:
    row = getattr(masterplan, "monitoring_thresholds", None)
    if row is None:
        return scoring.Thresholds()
    return scoring.Thresholds(on_track=row.on_track, at_risk=row.at_risk)


def region_dashboard(
    region: Region, indicator_id: int | None = None, year: int | None = None
) -> RegionDashboard:
    """Everything the region dashboard shows; the trend is of ``indicator_id`` when it is
    one of the masterplan's indicators, else of the first one needing attention.

    The status is of the year the summary rows hold (this year) unless ``year`` (a year of
    the masterplan's period) names another: then it is computed for that year as the
    summary rows would be, in a fixed number of queries, and not saved."""
    masterplan = monitored_masterplan(region)
    board = RegionDashboard(region, masterplan)
    if masterplan is None or not masterplan.is_published:
        return board
    board.summary = getattr(masterplan, "monitoring_summary", None)
    if year is not None and year in masterplan.period and year != board_year(board):
        _status_of_year(board, masterplan, year)
    else:
        board.dimensions = list(
            DimensionSummary.objects.filter(masterplan=masterplan)
            .select_related("dimension")
            .order_by("dimension__position", "dimension_id")
        )
        board.indicators = indicator_rows(masterplan)
        board.quick_wins = programme_rows(masterplan, is_quick_win=True)
    board.agencies = agency_statuses(board.indicators, thresholds_of(masterplan))
    board.budget = budget_rows(masterplan)
    chosen = next((i for i in board.indicators if i.indicator.pk == indicator_id), None)
    chosen = chosen or next(iter(board.off_track), None) or next(iter(board.indicators), None)
    if chosen is not None:
        board.trend = trend(chosen.indicator, masterplan)
    return board


def board_year(board: RegionDashboard) -> int:
    """The year a monitored region's board shows."""
    if board.summary is not None:
        return board.summary.year
    if board.masterplan is None:
        return timezone.localdate().year
    return queries.default_year(board.masterplan)


def _status_of_year(board: RegionDashboard, masterplan: Masterplan, year: int) -> None:
    """The board's status figures for a year other than the summary rows' one."""
    rows = summaries.build_rows(queries.masterplan_status(masterplan, year), timezone.localdate())
    board.summary = rows.masterplan
    board.dimensions = rows.dimensions
    board.indicators = sorted(
        (IndicatorRow(row.indicator, row) for row in rows.indicators),
        key=lambda r: r.indicator.code,
    )
    by_programme = {row.programme.pk: row for row in rows.programmes}
    board.quick_wins = [
        ProgrammeRow(
            r.programme,
            by_programme.get(r.programme.pk),
            r.progress,
            r.progress_year,
            r.progress_state,
        )
        for r in programme_rows(masterplan, is_quick_win=True)
    ]


# --- an agency's report card ------------------------------------------------------------------


@dataclass(frozen=True)
class DueItem:
    """One of the agency's indicators with periods due and no current report: their labels
    (oldest first), the earliest due date, and whether that date has passed."""

    indicator: Indicator
    periods: list[str]
    due_date: dt.date
    overdue: bool


@dataclass
class AgencyCard:
    region: Region
    agency: Agency
    masterplan: Masterplan | None
    programmes: list[ProgrammeRow] = field(default_factory=list)
    indicators: list[IndicatorRow] = field(default_factory=list)
    due: list[DueItem] = field(default_factory=list)
    returned: list[Realisation] = field(default_factory=list)
    returned_progress: list[ProgrammeProgress] = field(default_factory=list)
    status: AgencyStatus | None = None

    @property
    def monitored(self) -> bool:
        return self.masterplan is not None and self.masterplan.is_published


def due_items(
    indicators: Sequence[Indicator], masterplan: Masterplan, today: dt.date
) -> list[DueItem]:
    """Per indicator, the periods due within ``REMINDER_HORIZON_DAYS`` or overdue without a
    current report (of any state: a returned one is listed as returned); one line per
    indicator, however many periods it misses: one query."""
    reported = set(
        Realisation.objects.filter(indicator__in=indicators, is_current=True)
        .values_list("indicator_id", "year", "sub_period")
        .order_by()  # a set: the default order would join every region's indicators to sort
    )
    horizon = today + dt.timedelta(days=REMINDER_HORIZON_DAYS)
    items = []
    for indicator in indicators:
        missing = [
            (periods.due_date(indicator.frequency, period), period)
            for period in periods.schedule(indicator.frequency, masterplan.period)
            if (indicator.pk, period.year, period.sub) not in reported
        ]
        missing = [(due, period) for due, period in missing if due <= horizon]
        if missing:
            labels = [period.label(indicator.frequency) for _due, period in missing]
            first = missing[0][0]
            items.append(DueItem(indicator, labels, first, first < today))
    return sorted(items, key=lambda d: (d.due_date, d.indicator.code))


def agency_card(region: Region, agency: Agency, today: dt.date | None = None) -> AgencyCard:
    """The programmes the agency leads, the indicators it answers for, what is due and what
    was returned, in the region's monitored masterplan: seven queries."""
    today = today or timezone.localdate()
    masterplan = monitored_masterplan(region)
    card = AgencyCard(region, agency, masterplan)
    if masterplan is None:
        return card
    card.programmes = programme_rows(masterplan, lead_agency=agency)
    card.indicators = indicator_rows(masterplan, responsible_agency=agency)
    if not masterplan.is_published:
        return card
    statuses = agency_statuses(card.indicators, thresholds_of(masterplan))
    card.status = statuses[0] if statuses else None
    card.due = due_items([i.indicator for i in card.indicators], masterplan, today)
    card.returned = list(
        Realisation.objects.filter(
            indicator__masterplan=masterplan,
            indicator__responsible_agency=agency,
            is_current=True,
            state=State.RETURNED,
        )
        .select_related("indicator", "verified_by")
        .order_by("-verified_at", "-pk")
    )
    card.returned_progress = list(
        ProgrammeProgress.objects.filter(
            programme__masterplan=masterplan,
            programme__lead_agency=agency,
            state=State.RETURNED,
        )
        .select_related("programme", "verified_by")
        .order_by("-verified_at", "-pk")
    )
    return card


# --- the regions of a province or of the nation --------------------------------------------------


class Stage:
    """Where a masterplan stands, as the table shows it."""

    NONE = "none"
    STAGES = (
        ("has_quick_wins", _("Drafting: quick wins")),
        ("has_programmes", _("Drafting: programmes")),
        ("has_missions", _("Drafting: strategy")),
        ("has_team", _("Drafting: team")),
    )


STATUS_ORDER = {
    Masterplan.Status.PUBLISHED: 0,
    Masterplan.Status.APPROVED: 1,
    Masterplan.Status.IN_REVIEW: 2,
    Masterplan.Status.DRAFT: 3,
}


class Cell(NamedTuple):
    """One dimension of one region in the heat table."""

    score: Decimal | None
    status: str


@dataclass
class RegionRow:
    """One kabupaten/kota: its monitored masterplan, where it stands, and its figures."""

    region: Region
    masterplan: Masterplan | None
    summary: MasterplanSummary | None
    dimensions: dict[str, Cell] = field(default_factory=dict)

    @property
    def stage(self) -> str:
        """The masterplan's status; for a draft, the furthest drafting step it reached."""
        if self.masterplan is None:
            return str(_("No masterplan"))
        if self.masterplan.status != Masterplan.Status.DRAFT:
            return str(self.masterplan.get_status_display())
        for flag, label in Stage.STAGES:
            if getattr(self.masterplan, flag, False):
                return str(label)
        return str(_("Drafting: started"))

    @property
    def reporting_rate(self) -> Decimal | None:
        return self.summary.reporting_rate if self.summary else None

    @property
    def score(self) -> Decimal | None:
        return self.summary.score if self.summary else None

    def cells(self, columns: Sequence[Dimension]) -> list[Cell | None]:
        return [self.dimensions.get(d.code) for d in columns]


@dataclass
class RegionTable:
    rows: list[RegionRow]
    columns: list[Dimension]  # the heat table's dimensions, one per code


def listed_regions(regions: QuerySet[Region]) -> QuerySet[Region]:
    """The kabupaten/kota of ``regions`` in the programme or with a masterplan."""
    has_masterplan = Exists(Masterplan.objects.filter(region=OuterRef("pk")))
    return (
        regions.filter(kind__in=DISTRICTS)
        .filter(Q(is_active=True) | has_masterplan)
        .select_related("province")
        .only("code", "name", "kind", "is_active", "province__code", "province__name")
    )


def _monitored_masterplans(regions: QuerySet[Region]) -> QuerySet[Masterplan]:
    latest = (
        Masterplan.objects.filter(region=OuterRef("region"))
        .annotate(published_first=_published_first())
        .order_by("published_first", "-start_year", "-pk")
        .values("pk")[:1]
    )
    return Masterplan.objects.filter(region__in=regions).filter(pk=Subquery(latest))


_SUMMARY_FIELDS = tuple(
    f"monitoring_summary__{name}"
    for name in ("score", "status", "year", "due_periods", "reported_periods", "verified_periods")
)


def _flagged(masterplans: QuerySet[Masterplan]) -> QuerySet[Masterplan]:
    mine = OuterRef("pk")
    fields = ("region_id", "title", "status", "start_year", "years")
    return (
        masterplans.select_related("monitoring_summary")
        .only(*fields, *_SUMMARY_FIELDS)
        .annotate(
            has_team=Exists(TeamMember.objects.filter(masterplan=mine)),
            has_missions=Exists(Mission.objects.filter(masterplan=mine)),
            has_programmes=Exists(Programme.objects.filter(masterplan=mine)),
            has_quick_wins=Exists(Programme.objects.filter(masterplan=mine, is_quick_win=True)),
        )
    )


SORTS = ("region", "province", "status", "rate", "score")


def _latest_of_region(published: bool = False) -> QuerySet[Masterplan]:
    """The region's masterplans (of the outer region query), the monitored one first; with
    ``published``, only published ones: their first is the monitored one when it is
    published, else there is none."""
    rows = Masterplan.objects.filter(region=OuterRef("pk"))
    if published:
        rows = rows.filter(status=Masterplan.Status.PUBLISHED)
    return rows.annotate(published_first=_published_first()).order_by(
        "published_first", "-start_year", "-pk"
    )


def _sort_key(name: str) -> Any:
    """The SQL expression a region is sorted by for the column ``name`` (a key of
    ``SORTS``), computed from the monitored masterplan and its summary row; ``NULL`` where
    the table shows no value (sorted last)."""
    if name == "province":
        return Coalesce(Lower("province__name"), Value(""))
    if name == "status":
        order = Case(
            *[When(status=s, then=Value(n)) for s, n in STATUS_ORDER.items()],
            default=Value(9),
            output_field=IntegerField(),
        )
        latest = _latest_of_region().annotate(order=order).values("order")[:1]
        return Coalesce(Subquery(latest), Value(10))
    if name == "score":
        return Subquery(_latest_of_region(True).values("monitoring_summary__score")[:1])
    if name == "rate":
        # The rate as shown (rounded to 0.1 %), in tenths of a per cent, in integers: the
        # same order and the same ties on every database.
        reported = F("monitoring_summary__reported_periods")
        due = F("monitoring_summary__due_periods")
        tenths = Case(
            When(monitoring_summary__due_periods__gt=0, then=(reported * 2000 + due) / (due * 2)),
            default=None,
            output_field=IntegerField(),
        )
        return Subquery(_latest_of_region(True).annotate(tenths=tenths).values("tenths")[:1])
    return Lower("name")


def sorted_regions(regions: QuerySet[Region], sort: str = "region") -> QuerySet[Region]:
    """The listed regions of ``regions`` sorted in SQL by ``sort`` (a key of ``SORTS``, ``-``
    first for descending): rows without a value always last, ties by region name."""
    descending = sort.startswith("-")
    name = sort.lstrip("-")
    key = _sort_key(name if name in SORTS else "region")
    order = key.desc(nulls_last=True) if descending else key.asc(nulls_last=True)
    return listed_regions(regions).order_by(order, Lower("name"), "name", "code")


def build_rows(regions: Sequence[Region]) -> list[RegionRow]:
    """``regions`` (in their order) with their monitored masterplan's stage and figures,
    without the dimension cells (``fill_cells``): one query."""
    masterplans = _monitored_masterplans(Region.objects.filter(pk__in=[r.pk for r in regions]))
    by_region = {m.region_id: m for m in _flagged(masterplans)} if regions else {}
    rows = [RegionRow(r, by_region.get(r.pk), None) for r in regions]
    for row in rows:
        if row.masterplan is not None and row.masterplan.is_published:
            row.summary = getattr(row.masterplan, "monitoring_summary", None)
    return rows


class RegionRows:
    """The sorted table of regions, read a slice at a time: its length is one ``COUNT``
    query, a slice (a page) two queries (its regions, then their masterplans and summary
    rows), so a page costs the same whatever the number of regions. With ``cells``, a slice
    also reads its rows' dimension cells (one more query). Paginators take it as a list
    (``len`` and slices)."""

    def __init__(self, regions: QuerySet[Region], sort: str = "region", cells: bool = False):
        self.regions = sorted_regions(regions, sort)
        self.cells = cells
        self._count: int | None = None

    def __len__(self) -> int:
        if self._count is None:
            self._count = self.regions.count()
        return self._count

    def __iter__(self) -> Iterator[RegionRow]:
        """Every row (reads them all, as ``region_rows``)."""
        return iter(self[:])

    @overload
    def __getitem__(self, index: int, /) -> RegionRow: ...

    @overload
    def __getitem__(self, index: slice, /) -> list[RegionRow]: ...

    def __getitem__(self, index: int | slice, /) -> RegionRow | list[RegionRow]:
        if isinstance(index, int):
            rows = self[index : index + 1]
            if not rows:
                raise IndexError(index)
            return rows[0]
        rows = build_rows(list(self.regions[index]))
        if self.cells:
            fill_cells(rows)
        return rows


def region_rows(regions: QuerySet[Region], sort: str = "region") -> list[RegionRow]:
    """Every listed region of ``regions`` with its masterplan's stage and figures, sorted,
    without the dimension cells: two queries, whatever the number of regions."""
    return build_rows(list(sorted_regions(regions, sort)))


def fill_cells(rows: Iterable[RegionRow]) -> None:
    """The heat table's cells of ``rows`` (those with a published masterplan): one query."""
    by_masterplan = {
        row.masterplan.pk: row
        for row in rows
        if row.masterplan is not None and row.masterplan.is_published
    }
    cells = DimensionSummary.objects.filter(masterplan_id__in=list(by_masterplan)).values_list(
        "masterplan_id", "dimension__code", "score", "status"
    )
    for masterplan_id, code, score, status in cells:
        by_masterplan[masterplan_id].dimensions.setdefault(code, Cell(score, status))


def heat_columns(regions: QuerySet[Region]) -> list[Dimension]:
    """The dimensions of the published masterplans of ``regions`` with summary rows, one
    per code, in order: one query."""
    masterplans = _monitored_masterplans(listed_regions(regions)).filter(
        status=Masterplan.Status.PUBLISHED
    )
    used = DimensionSummary.objects.filter(masterplan__in=masterplans.values("pk"))
    dimensions = Dimension.objects.filter(pk__in=used.values("dimension_id")).order_by(
        "position", "pk"
    )
    columns: dict[str, Dimension] = {}
    for dimension in dimensions:
        columns.setdefault(dimension.code, dimension)
    return list(columns.values())


def region_table(regions: QuerySet[Region], sort: str = "region") -> RegionTable:
    """Every listed region of ``regions`` with its masterplan's stage, figures and cells:
    four queries, whatever the number of regions. A page of the table reads the cells of
    its rows only (``region_rows``, ``fill_cells``)."""
    rows = region_rows(regions, sort)
    fill_cells(rows)
    return RegionTable(rows, heat_columns(regions))
