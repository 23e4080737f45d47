"""Read side of the monitoring dashboards: the region dashboard, an agency's report card,
and the table of regions seen by a province or the nation.

Figures come from the summary rows (``summary_models``) that ``summaries.refresh_masterplan``
keeps current, and from SQL sums (budget); nothing here loads realisations across regions.
Every function costs a fixed number of queries whatever the number of regions, indicators or
realisations (tested). Writes nothing but the summary rows of a published masterplan that
has none yet (after an upgrade emptied them: ``summaries.ensure_current``), so its first
visitor sees its figures.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal, NamedTuple, overload

from django.db.models import (
    Case,
    Exists,
    F,
    FilteredRelation,
    IntegerField,
    Max,
    Min,
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


# --- which masterplan a region is monitored by -----------------------------------------------


def _published_first() -> Case:
    return Case(
        When(status=Masterplan.Status.PUBLISHED, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )


def summary_of_year(year: int | None) -> FilteredRelation:
    """A masterplan's summary row of ``year`` (``None``: of the year it is looked at now),
    to annotate masterplans with (as ``summary``)."""
    if year is None:
        return FilteredRelation(
            "monitoring_summaries", condition=Q(monitoring_summaries__is_current=True)
        )
    return FilteredRelation("monitoring_summaries", condition=Q(monitoring_summaries__year=year))


def _dimension_year(year: int | None) -> Q:
    return Q(is_current=True) if year is None else Q(year=year)


def monitored_masterplan(region: Region) -> Masterplan | None:
    """The masterplan a region is monitored by: its latest published one, else its latest
    one (which then says monitoring has not started). One query, with its current summary
    (``summary``)."""
    return (
        Masterplan.objects.filter(region=region)
        .annotate(summary=summary_of_year(None))
        .select_related("framework", "summary", "monitoring_thresholds")  # type: ignore[misc]
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


def current_summary(masterplan: Masterplan) -> MasterplanSummary | None:
    """The current summary row of a masterplan read by ``monitored_masterplan``."""
    return getattr(masterplan, "summary", None)


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


class IndicatorChoice(NamedTuple):
    """An indicator as the trend's list offers it."""

    pk: int
    code: str
    name: str


class Scored(NamedTuple):
    """What the per-agency table counts of one indicator: its responsible agency and its
    summary row's status, due flag and score (``status`` ``None``: no summary row yet)."""

    agency_id: int | None
    status: str | None
    due: bool
    score: Decimal | None


@dataclass
class RegionDashboard:
    region: Region
    masterplan: Masterplan | None
    summary: MasterplanSummary | None = None
    dimensions: list[DimensionSummary] = field(default_factory=list)
    choices: list[IndicatorChoice] = field(default_factory=list)  # every indicator, by code
    attention: list[IndicatorRow] = field(default_factory=list)
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
        return self.attention


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


# Columns of the indicators, programmes and agencies no dashboard row shows: dates, texts
# and decimals, the costliest to read, left unread (read from the database if ever used).
_UNSHOWN = ("created", "updated", "created_by", "version")
_UNSHOWN_INDICATOR = (
    *_UNSHOWN,
    "definition",
    "range_min",
    "range_max",
    "baseline_value",
    "baseline_year",
    "data_source",
    "tags",
)
_UNSHOWN_PROGRAMME = (*_UNSHOWN, "problem", "description", "innovation")
_UNSHOWN_AGENCY = (*_UNSHOWN, "retired_at", "merged_into")


def indicator_rows(masterplan: Masterplan, **filters: Any) -> list[IndicatorRow]:
    """The masterplan's indicators (those matching ``filters``) with their summary and
    responsible agency, without the columns no dashboard shows: one query."""
    rows = (
        Indicator.objects.filter(masterplan=masterplan, **filters)
        .select_related("summary", "responsible_agency")
        .defer(*_UNSHOWN_INDICATOR, *(f"responsible_agency__{f}" for f in _UNSHOWN_AGENCY))
        .order_by("code")
    )
    return [IndicatorRow(row, getattr(row, "summary", None)) for row in rows]


def agency_statuses(
    indicators: Iterable[IndicatorRow], thresholds: scoring.Thresholds
) -> list[AgencyStatus]:
    """Per responsible agency (``None``: indicators without one)."""
    agencies: dict[int, Agency] = {}
    scored = []
    for row in indicators:
        agency_id = row.indicator.responsible_agency_id
        if agency_id is not None and agency_id not in agencies:
            agencies[agency_id] = row.indicator.responsible_agency  # type: ignore[assignment]
        summary = row.summary
        if summary is None:
            scored.append(Scored(agency_id, None, False, None))
        else:
            scored.append(Scored(agency_id, summary.status, summary.due, summary.score))
    return roll_up_agencies(scored, agencies, thresholds)


def roll_up_agencies(
    indicators: Iterable[Scored], agencies: Mapping[int, Agency], thresholds: scoring.Thresholds
) -> list[AgencyStatus]:
    """Per responsible agency (``None``: indicators without one; ``agencies`` holds the
    others), in the order of the agencies' names."""
    groups: dict[int | None, list[Scored]] = defaultdict(list)
    for row in indicators:
        groups[row.agency_id].append(row)
    rows = []
    for agency_id, members in groups.items():
        counted = [m for m in members if m.status is not None]
        score = scoring.roll_up(Part(m.score) for m in counted)
        counts = {
            s: sum(1 for m in counted if m.status == s and (m.due or s != "not_reported"))
            for s in SummaryStatus.values
        }
        rows.append(
            AgencyStatus(
                agency=None if agency_id is None else agencies[agency_id],
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


def budget_rows(masterplan: Masterplan, year: int | None = None) -> list[BudgetRow]:
    """Planned (funding lines) against realised (programme progress not returned) per year
    (only ``year`` when given) and source, summed in SQL: two queries."""
    lines = FundingLine.objects.filter(programme__masterplan=masterplan)
    spent = ProgrammeSpending.objects.filter(progress__programme__masterplan=masterplan)
    if year is not None:
        lines = lines.filter(year=year)
        spent = spent.filter(progress__year=year)
    planned = _sums(lines, "year", "source", "amount")
    realised = _sums(
        spent.exclude(progress__state=State.RETURNED),
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
    progress, without the columns no dashboard shows: one query."""
    rows = (
        Programme.objects.filter(masterplan=masterplan, **filters)
        .select_related("lead_agency", "dimension", "monitoring_summary")
        .defer(*_UNSHOWN_PROGRAMME, *(f"lead_agency__{f}" for f in _UNSHOWN_AGENCY))
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


def _target_of(
    by_key: dict[tuple[int, int | None], Any], frequency: str, period: periods.Period
) -> Any:
    """The target of ``period`` among the indicator's targets (by year and quarter)."""
    quarter = periods.quarter_of(frequency, period)
    if (period.year, quarter) in by_key:
        return by_key[(period.year, quarter)]
    return by_key.get((period.year, None))


def trend(indicator: Indicator, masterplan: Masterplan) -> Trend:
    """Targets against current realisations over the whole period: two queries (of the
    columns shown only)."""
    targets = Target.objects.filter(indicator=indicator).values_list("year", "quarter", "value")
    by_key = {(year, quarter): value for year, quarter, value in targets}
    current = Realisation.objects.filter(indicator=indicator, is_current=True)
    values = {
        (year, sub): (value, quality, state)
        for year, sub, value, quality, state in current.values_list(
            "year", "sub_period", "value", "quality", "state"
        )
    }
    points = []
    for period in periods.schedule(indicator.frequency, masterplan.period):
        row = values.get((period.year, period.sub))
        points.append(
            TrendPoint(
                label=period.label(indicator.frequency),
                target=_target_of(by_key, indicator.frequency, period),
                value=None if row is None else row[0],
                quality="" if row is None else row[1],
                state="" if row is None else row[2],
            )
        )
    return Trend(indicator, points)


def thresholds_of(masterplan: Masterplan) -> scoring.Thresholds:
    row = getattr(masterplan, "monitoring_thresholds", None)
    if row is None:
        return scoring.Thresholds()
    return scoring.Thresholds(on_track=row.on_track, at_risk=row.at_risk)


def region_dashboard(
    region: Region,
    indicator_id: int | None = None,
    year: int | None = None,
    with_trend: bool = True,
    masterplan: Masterplan | None | Literal[False] = False,
) -> RegionDashboard:
    """Everything the region dashboard shows; the trend (unless ``with_trend`` is false) is
    of ``indicator_id`` when it is one of the masterplan's indicators, else of the first one
    needing attention, else of the first one.

    The status, reporting rate and budget are of the year the summary rows hold (this
    year) unless ``year`` (a year of the masterplan's period) names another: then the status
    is computed for that year as the summary rows would be, in a fixed number of queries,
    and not saved. The trend covers the whole period. ``masterplan``, when given, is what
    ``monitored_masterplan(region)`` returned (read once by a caller that needs it too)."""
    if masterplan is False:
        masterplan = monitored_masterplan(region)
    board = RegionDashboard(region, masterplan)
    if masterplan is None or not masterplan.is_published:
        return board
    board.summary = current_summary(masterplan) or summaries.ensure_current(masterplan)
    thresholds = thresholds_of(masterplan)
    if year is not None and year in masterplan.period and year != board_year(board):
        chosen = _status_of_year(board, masterplan, year, indicator_id, thresholds)
    else:
        board.dimensions = list(
            DimensionSummary.objects.filter(masterplan=masterplan, is_current=True)
            .select_related("dimension")
            .order_by("dimension__position", "dimension_id")
        )
        chosen = _read_indicators(board, masterplan, indicator_id, thresholds)
        board.quick_wins = programme_rows(masterplan, is_quick_win=True)
    board.budget = budget_rows(masterplan, board_year(board))
    if chosen is not None and with_trend:
        board.trend = trend(chosen, masterplan)
    return board


def _needs_attention(status: str | None, due: bool) -> bool:
    """As ``IndicatorRow.needs_attention``, of a summary row's status and due flag."""
    if status == SummaryStatus.NOT_REPORTED:
        return due
    return status == SummaryStatus.OFF_TRACK


# The columns the region dashboard reads of every indicator, its responsible agency and its
# summary row: enough for the trend's list, the per-agency table, the indicators needing
# attention and the trend's heading (``_read_indicators``).
_INDICATOR_COLUMNS = (
    "id",
    "code",
    "name",
    "unit",
    "direction",
    "frequency",
    "masterplan_id",
    "responsible_agency_id",
)
_AGENCY_COLUMNS = ("id", "region_id", "code", "acronym", "name")
_SUMMARY_COLUMNS = (
    "status",
    "score",
    "due",
    "masterplan_id",
    "year",
    "period",
    "value",
    "quality",
    "state",
    "target",
    "achievement",
    "due_periods",
    "reported_periods",
)


def _loaded(model: type[Any], db: str, values: dict[str, Any]) -> Any:
    """An instance of ``model`` as ``only(*values)`` would load it (its other fields are read
    from the database if ever used)."""
    names = [f.attname for f in model._meta.concrete_fields if f.attname in values]
    return model.from_db(db, names, [values[name] for name in names])


_N_INDICATOR, _N_AGENCY = len(_INDICATOR_COLUMNS), len(_AGENCY_COLUMNS)
_PK, _CODE, _NAME = 0, 1, 2  # the first columns of _INDICATOR_COLUMNS
_AGENCY_ID = _INDICATOR_COLUMNS.index("responsible_agency_id")
_STATUS, _SCORE, _DUE = range(_N_INDICATOR + _N_AGENCY, _N_INDICATOR + _N_AGENCY + 3)


def _columns(names: tuple[str, ...], values: tuple[Any, ...]) -> dict[str, Any]:
    return dict(zip(names, values, strict=True))


class _Rows:
    """The rows of ``_read_indicators``'s query (plain tuples, in code order) and the model
    instances made of them, each once."""

    def __init__(self, rows: list[tuple[Any, ...]], db: str) -> None:
        self.rows = rows
        self.db = db
        self.agencies: dict[int, Agency] = {}
        for row in rows:
            agency_id = row[_AGENCY_ID]
            if agency_id is not None and agency_id not in self.agencies:
                values = row[_N_INDICATOR : _N_INDICATOR + _N_AGENCY]
                self.agencies[agency_id] = _loaded(Agency, db, _columns(_AGENCY_COLUMNS, values))
        self._indicators: dict[int, Indicator] = {}

    def indicator(self, row: tuple[Any, ...]) -> Indicator:
        if row[_PK] not in self._indicators:
            instance = _loaded(Indicator, self.db, _columns(_INDICATOR_COLUMNS, row[:_N_INDICATOR]))
            agency_id = row[_AGENCY_ID]
            instance.responsible_agency = None if agency_id is None else self.agencies[agency_id]
            self._indicators[row[_PK]] = instance
        return self._indicators[row[_PK]]

    def summary(self, row: tuple[Any, ...]) -> IndicatorSummary:
        values = _columns(_SUMMARY_COLUMNS, row[_N_INDICATOR + _N_AGENCY :])
        return _loaded(IndicatorSummary, self.db, {"indicator_id": row[_PK], **values})


def _read_indicators(
    board: RegionDashboard,
    masterplan: Masterplan,
    indicator_id: int | None,
    thresholds: scoring.Thresholds,
) -> Indicator | None:
    """The board's trend list, per-agency table and indicators needing attention, from one
    query of plain columns: model instances are made only for the rows shown in full. The
    indicator the trend is of (as ``region_dashboard`` says) is returned."""
    query = Indicator.objects.filter(masterplan=masterplan).order_by("code")
    rows = _Rows(
        list(
            query.values_list(
                *_INDICATOR_COLUMNS,
                *(f"responsible_agency__{c}" for c in _AGENCY_COLUMNS),
                *(f"summary__{c}" for c in _SUMMARY_COLUMNS),
            )
        ),
        query.db,
    )
    scored = [Scored(r[_AGENCY_ID], r[_STATUS], bool(r[_DUE]), r[_SCORE]) for r in rows.rows]
    board.agencies = roll_up_agencies(scored, rows.agencies, thresholds)
    board.choices = [IndicatorChoice(r[_PK], r[_CODE], r[_NAME]) for r in rows.rows]
    attention = sorted(
        (r for r in rows.rows if _needs_attention(r[_STATUS], r[_DUE])),
        key=lambda r: (_NEEDS_ATTENTION.index(r[_STATUS]), r[_CODE]),
    )
    board.attention = [IndicatorRow(rows.indicator(r), rows.summary(r)) for r in attention]
    chosen = next((r for r in rows.rows if r[_PK] == indicator_id), None)
    chosen = chosen or next(iter(attention), None) or next(iter(rows.rows), None)
    return None if chosen is None else rows.indicator(chosen)


def board_year(board: RegionDashboard) -> int:
    """The year a monitored region's board shows."""
    if board.summary is not None:
        return board.summary.year
    if board.masterplan is None:
        return timezone.localdate().year
    return queries.default_year(board.masterplan)


def year_rows(masterplan: Masterplan, year: int) -> summaries.SummaryRows:
    """The summary rows of a year other than the current one, computed (not saved)."""
    return summaries.build_rows(queries.masterplan_status(masterplan, year), timezone.localdate())


def with_summaries(
    rows: list[ProgrammeRow], programmes: Iterable[ProgrammeSummary]
) -> list[ProgrammeRow]:
    by_programme = {row.programme.pk: row for row in programmes}
    return [
        ProgrammeRow(
            r.programme,
            by_programme.get(r.programme.pk),
            r.progress,
            r.progress_year,
            r.progress_state,
        )
        for r in rows
    ]


def _status_of_year(
    board: RegionDashboard,
    masterplan: Masterplan,
    year: int,
    indicator_id: int | None,
    thresholds: scoring.Thresholds,
) -> Indicator | None:
    """The board's status figures for a year other than the summary rows' one; returns the
    indicator the trend is of (as ``region_dashboard`` says)."""
    rows = year_rows(masterplan, year)
    board.summary = rows.masterplan
    board.dimensions = rows.dimensions
    indicators = sorted(
        (IndicatorRow(row.indicator, row) for row in rows.indicators),
        key=lambda r: r.indicator.code,
    )
    board.choices = [
        IndicatorChoice(i.indicator.pk, i.indicator.code, i.indicator.name) for i in indicators
    ]
    board.attention = sorted(
        (i for i in indicators if i.needs_attention),
        key=lambda i: (_NEEDS_ATTENTION.index(i.status), i.indicator.code),
    )
    board.agencies = agency_statuses(indicators, thresholds)
    board.quick_wins = with_summaries(
        programme_rows(masterplan, is_quick_win=True), rows.programmes
    )
    chosen = next((i for i in indicators if i.indicator.pk == indicator_id), None)
    chosen = chosen or next(iter(board.attention), None) or next(iter(indicators), None)
    return None if chosen is None else chosen.indicator


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


_STATUS_LABELS = dict(Masterplan.Status.choices)

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
    """One kabupaten/kota: its monitored masterplan, where it stands, and its figures (of
    the year the table is read for)."""

    region: Region
    masterplan: Masterplan | None
    summary: MasterplanSummary | None
    dimensions: dict[str, Cell] = field(default_factory=dict)

    @property
    def stage(self) -> str:
        """The masterplan's status; for a draft, the furthest drafting step it reached."""
        if self.masterplan is None:
            return str(_("No masterplan"))
        status = self.masterplan.status
        if status != Masterplan.Status.DRAFT:
            return str(_STATUS_LABELS.get(status, status))  # as ``get_status_display``
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
    year: int | None = None  # None: each masterplan's current year


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


def _flagged(masterplans: QuerySet[Masterplan], year: int | None) -> QuerySet[Masterplan]:
    mine = OuterRef("pk")
    return (
        masterplans.annotate(summary=summary_of_year(year))
        .select_related("summary")  # type: ignore[misc]
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


def _sort_key(name: str, year: int | None = None) -> Any:
    """The SQL expression a region is sorted by for the column ``name`` (a key of
    ``SORTS``), computed from the monitored masterplan and its summary row of ``year``;
    ``NULL`` where the table shows no value (sorted last)."""
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
    published = _latest_of_region(True).annotate(summary=summary_of_year(year))
    if name == "score":
        return Subquery(published.values("summary__score")[:1])
    if name == "rate":
        # The rate as shown (rounded to 0.1 %), in tenths of a per cent, in integers: the
        # same order and the same ties on every database.
        reported = F("summary__reported_periods")
        due = F("summary__due_periods")
        tenths = Case(
            When(summary__due_periods__gt=0, then=(reported * 2000 + due) / (due * 2)),
            default=None,
            output_field=IntegerField(),
        )
        return Subquery(published.annotate(tenths=tenths).values("tenths")[:1])
    return Lower("name")


def sorted_regions(
    regions: QuerySet[Region], sort: str = "region", year: int | None = None
) -> QuerySet[Region]:
    """The listed regions of ``regions`` sorted in SQL by ``sort`` (a key of ``SORTS``, ``-``
    first for descending; figures of ``year``): rows without a value always last, ties by
    region name."""
    descending = sort.startswith("-")
    name = sort.lstrip("-")
    key = _sort_key(name if name in SORTS else "region", year)
    order = key.desc(nulls_last=True) if descending else key.asc(nulls_last=True)
    return listed_regions(regions).order_by(order, Lower("name"), "name", "code")


def _concrete(model: Any, names: Iterable[str]) -> tuple[str, ...]:
    """``names`` (attribute names of ``model``'s columns) in the order of its columns, as
    ``Model.from_db`` takes them."""
    wanted = set(names)
    return tuple(f.attname for f in model._meta.concrete_fields if f.attname in wanted)


# The columns a table row reads of a masterplan and of its summary row (its stage, figures,
# and the export's title and year); the others are left deferred.
_ROW_MASTERPLAN = _concrete(Masterplan, ("id", "region_id", "title", "status"))
_ROW_SUMMARY = _concrete(
    MasterplanSummary,
    ("id", "masterplan_id", "year", "score", "status", "due_periods", "reported_periods"),
)
_ROW_FLAGS = tuple(flag for flag, _label in Stage.STAGES)


def _row_masterplans(masterplans: QuerySet[Masterplan], year: int | None) -> list[Masterplan]:
    """``masterplans`` with their drafting flags and summary row of ``year`` (``summary``),
    read as plain values, only the columns a table row reads (model instances of every
    column cost most of a page's time): one query."""
    rows = (
        _flagged(masterplans, year)
        .order_by()
        .values_list(*_ROW_MASTERPLAN, *_ROW_FLAGS, *(f"summary__{f}" for f in _ROW_SUMMARY))
    )
    db = rows.db
    flags_at = len(_ROW_MASTERPLAN)
    summary_at = flags_at + len(_ROW_FLAGS)
    found = []
    for values in rows:
        masterplan = Masterplan.from_db(db, _ROW_MASTERPLAN, values[:flags_at])
        for flag, value in zip(_ROW_FLAGS, values[flags_at:summary_at], strict=True):
            setattr(masterplan, flag, value)
        summary = values[summary_at:]
        masterplan.summary = (  # type: ignore[attr-defined]
            None if summary[0] is None else MasterplanSummary.from_db(db, _ROW_SUMMARY, summary)
        )
        found.append(masterplan)
    return found


def build_rows(regions: Sequence[Region], year: int | None = None) -> list[RegionRow]:
    """``regions`` (in their order) with their monitored masterplan's stage and figures of
    ``year`` (``None``: the current year), without the dimension cells (``fill_cells``): one
    query."""
    masterplans = _monitored_masterplans(Region.objects.filter(pk__in=[r.pk for r in regions]))
    by_region = {m.region_id: m for m in _row_masterplans(masterplans, year)} if regions else {}
    rows = [RegionRow(r, by_region.get(r.pk), None) for r in regions]
    for row in rows:
        if row.masterplan is not None and row.masterplan.is_published:
            row.summary = current_summary(row.masterplan)
    return rows


class RegionRows:
    """The sorted table of regions, read a slice at a time: its length is one ``COUNT``
    query, a slice (a page) two queries (its regions, then their masterplans and summary
    rows), so a page costs the same whatever the number of regions. With ``cells``, a slice
    also reads its rows' dimension cells (one more query). Figures are of ``year`` (``None``:
    each masterplan's current year). Paginators take it as a list (``len`` and slices)."""

    def __init__(
        self,
        regions: QuerySet[Region],
        sort: str = "region",
        cells: bool = False,
        year: int | None = None,
    ):
        self.regions = sorted_regions(regions, sort, year)
        self.cells = cells
        self.year = year
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
        rows = build_rows(list(self.regions[index]), self.year)
        if self.cells:
            fill_cells(rows, self.year)
        return rows


def region_rows(
    regions: QuerySet[Region], sort: str = "region", year: int | None = None
) -> list[RegionRow]:
    """Every listed region of ``regions`` with its masterplan's stage and figures, sorted,
    without the dimension cells: two queries, whatever the number of regions."""
    return build_rows(list(sorted_regions(regions, sort, year)), year)


def fill_cells(rows: Iterable[RegionRow], year: int | None = None) -> None:
    """The heat table's cells of ``rows`` (those with a published masterplan) in ``year``
    (``None``: the current one): one query."""
    by_masterplan = {
        row.masterplan.pk: row
        for row in rows
        if row.masterplan is not None and row.masterplan.is_published
    }
    cells = (
        DimensionSummary.objects.filter(masterplan_id__in=list(by_masterplan))
        .filter(_dimension_year(year))
        # A masterplan's rows in the model's order, without joining its masterplan and
        # region to sort the masterplans (their order does not matter here).
        .order_by("masterplan_id", "year", "dimension__position")
        .values_list("masterplan_id", "dimension__code", "score", "status")
    )
    for masterplan_id, code, score, status in cells:
        by_masterplan[masterplan_id].dimensions.setdefault(code, Cell(score, status))


def heat_columns(regions: QuerySet[Region], year: int | None = None) -> list[Dimension]:
    """The dimensions of the published masterplans of ``regions`` with summary rows (of
    ``year``), one per code, in order: one query."""
    published = Masterplan.Status.PUBLISHED
    # A region's monitored masterplan, when published, is its published one with the latest
    # start (then the highest id): the published ones with no later published one beside
    # them. Written as NOT EXISTS (an anti-join) rather than a sorted subquery per masterplan.
    later = Masterplan.objects.filter(region=OuterRef("region"), status=published).filter(
        Q(start_year__gt=OuterRef("start_year"))
        | Q(start_year=OuterRef("start_year"), pk__gt=OuterRef("pk"))
    )
    masterplans = Masterplan.objects.filter(
        region__in=listed_regions(regions), status=published
    ).filter(~Exists(later))
    used = DimensionSummary.objects.filter(masterplan__in=masterplans.values("pk")).filter(
        _dimension_year(year)
    )
    dimensions = Dimension.objects.filter(pk__in=used.values("dimension_id")).order_by(
        "position", "pk"
    )
    columns: dict[str, Dimension] = {}
    for dimension in dimensions:
        columns.setdefault(dimension.code, dimension)
    return list(columns.values())


def region_table(
    regions: QuerySet[Region], sort: str = "region", year: int | None = None
) -> RegionTable:
    """Every listed region of ``regions`` with its masterplan's stage, figures and cells of
    ``year`` (``None``: the current one): four queries, whatever the number of regions. A
    page of the table reads the cells of its rows only (``region_rows``, ``fill_cells``)."""
    rows = region_rows(regions, sort, year)
    fill_cells(rows, year)
    return RegionTable(rows, heat_columns(regions, year), year)


def table_years(regions: QuerySet[Region]) -> range | None:
    """The years of the periods of the published masterplans of ``regions`` (from the
    first start to the last end; ``None`` when there is none): one query."""
    published = Masterplan.objects.filter(
        region__in=listed_regions(regions).values("pk"), status=Masterplan.Status.PUBLISHED
    )
    span = published.aggregate(first=Min("start_year"), last=Max(F("start_year") + F("years")))
    if span["first"] is None:
        return None
    return range(span["first"], span["last"])
