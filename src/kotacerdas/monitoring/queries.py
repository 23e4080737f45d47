"""Read side of monitoring: querysets scoped to a user, and the status of a masterplan's
indicators in a year with its roll-up to programmes, dimensions and the masterplan.

Every function here costs a fixed number of queries whatever the number of indicators,
targets or realisations (tested); the maths is ``scoring``'s. The dashboards build on
``masterplan_status``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, DecimalField, Max, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from kotacerdas.accounts.scope import scope_of
from kotacerdas.framework.models import Dimension
from kotacerdas.planning.models import Masterplan, Programme
from kotacerdas.regions.models import Agency, Region

from . import periods, scoring
from .models import (
    Indicator,
    ProgrammeProgress,
    ProgressCorrection,
    Realisation,
    RealisationEvidence,
    RollUpWeight,
    State,
    Target,
    Thresholds,
)
from .rules import Who
from .scoring import Part, Status

# --- scoped querysets -----------------------------------------------------------------


def _region_filter(user: Who, prefix: str) -> Q | None:
    scope = scope_of(user)
    if not scope.authenticated:
        return None
    return scope.region_filter(prefix)


def indicators_visible_to(user: Who) -> QuerySet[Indicator]:
    """Indicators of the regions whose data the user may read."""
    condition = _region_filter(user, "masterplan__region__")
    if condition is None:
        return Indicator.objects.none()
    return Indicator.objects.filter(condition).select_related(
        "masterplan__region",
        "masterplan__framework",
        "programme",
        "dimension",
        "responsible_agency",
    )


def realisations_visible_to(user: Who) -> QuerySet[Realisation]:
    condition = _region_filter(user, "indicator__masterplan__region__")
    if condition is None:
        return Realisation.objects.none()
    return Realisation.objects.filter(condition).select_related(
        "indicator__masterplan__region",
        "indicator__programme",
        "indicator__responsible_agency",
        "reported_by",
        "verified_by",
    )


def evidence_visible_to(user: Who) -> QuerySet[RealisationEvidence]:
    condition = _region_filter(user, "realisation__indicator__masterplan__region__")
    if condition is None:
        return RealisationEvidence.objects.none()
    return RealisationEvidence.objects.filter(condition).select_related(
        "realisation__indicator__masterplan__region",
        "realisation__indicator__programme",
        "realisation__indicator__responsible_agency",
    )


def progress_visible_to(user: Who) -> QuerySet[ProgrammeProgress]:
    condition = _region_filter(user, "programme__masterplan__region__")
    if condition is None:
        return ProgrammeProgress.objects.none()
    return ProgrammeProgress.objects.filter(condition).select_related(
        "programme__masterplan__region", "programme__lead_agency", "reported_by", "verified_by"
    )


def masterplans_monitored_by(user: Who) -> QuerySet[Masterplan]:
    """Masterplans whose monitoring the user may read (their regions' ones)."""
    condition = _region_filter(user, "region__")
    if condition is None:
        return Masterplan.objects.none()
    return Masterplan.objects.filter(condition).select_related("region", "framework")


def published_masterplan(user: Who, region: Region) -> Masterplan | None:
    """The region's latest published masterplan whose monitoring the user may read."""
    return (
        masterplans_monitored_by(user)
        .filter(region=region, status=Masterplan.Status.PUBLISHED)
        .order_by("-start_year", "-pk")
        .first()
    )


def programmes_monitored_by(user: Who) -> QuerySet[Programme]:
    condition = _region_filter(user, "masterplan__region__")
    if condition is None:
        return Programme.objects.none()
    return Programme.objects.filter(condition).select_related(
        "masterplan__region", "lead_agency", "dimension"
    )


# --- thresholds and the year looked at --------------------------------------------------


def thresholds_of(masterplan: Masterplan) -> scoring.Thresholds:
    """The masterplan's thresholds, or the defaults (90 % / 70 %); no query when the
    masterplan was read with ``select_related("monitoring_thresholds")``."""
    if Masterplan.monitoring_thresholds.is_cached(masterplan):
        row = getattr(masterplan, "monitoring_thresholds", None)
    else:
        row = Thresholds.objects.filter(masterplan=masterplan).first()
    if row is None:
        return scoring.Thresholds()
    return scoring.Thresholds(on_track=row.on_track, at_risk=row.at_risk)


def indicators_of(masterplan: Masterplan) -> QuerySet[Indicator]:
    """A masterplan's indicators in code order, with their agency and every target (two
    queries): the masterplan document's chapter VII."""
    return (
        Indicator.objects.filter(masterplan=masterplan)
        .select_related("responsible_agency", "programme", "dimension")
        .prefetch_related(Prefetch("targets", queryset=Target.objects.order_by("year", "quarter")))
        .order_by("code", "pk")
    )


def default_year(masterplan: Masterplan, today: dt.date | None = None) -> int:
    """This year, kept inside the masterplan's period."""
    year = (today or timezone.localdate()).year
    return min(max(year, masterplan.start_year), masterplan.end_year)


# --- the status of each indicator in a year --------------------------------------------


@dataclass(frozen=True)
class IndicatorStatus:
    """One indicator in one year: the value its status is based on and the result."""

    indicator: Indicator
    year: int
    target: Decimal | None
    realisation: Realisation | None
    achievement: Decimal | None
    status: Status
    score: Decimal | None
    due: bool

    @property
    def period_label(self) -> str:
        if self.realisation is None:
            return str(self.year)
        return periods.Period(self.realisation.year, self.realisation.sub_period).label(
            self.indicator.frequency
        )


def _target_for(
    indicator: Indicator, targets: list[Target], realisation: Realisation | None
) -> Decimal | None:
    """The quarter's target where one is set for the reported period, else the year's."""
    by_quarter = {t.quarter: t.value for t in targets}
    if realisation is not None:
        quarter = periods.quarter_of(
            indicator.frequency, periods.Period(realisation.year, realisation.sub_period)
        )
        if quarter in by_quarter:
            return by_quarter[quarter]
    return by_quarter.get(None)


def _is_due(indicator: Indicator, year: int, today: dt.date) -> bool:
    first = periods.Period(year, periods.sub_periods(indicator.frequency)[0])
    return periods.due_date(indicator.frequency, first) <= today


def indicator_status(
    indicator: Indicator,
    year: int,
    targets: list[Target],
    realisations: list[Realisation],
    thresholds: scoring.Thresholds,
    today: dt.date,
) -> IndicatorStatus:
    """The status of one indicator in ``year`` from its targets of that year and its current,
    not returned realisations of that year (the latest period reported counts)."""
    counted = [r for r in realisations if r.state != State.RETURNED]
    latest = max(counted, key=lambda r: r.sub_period, default=None)
    target = _target_for(indicator, targets, latest)
    has_target = target is not None or indicator.direction == Indicator.Direction.RANGE
    achieved = None
    if latest is not None:
        achieved = scoring.achievement(
            indicator.direction,
            latest.value,
            target=target,
            baseline=indicator.baseline_value,
            range_min=indicator.range_min,
            range_max=indicator.range_max,
        )
    due = _is_due(indicator, year, today)
    if latest is None:
        state = Status.NOT_REPORTED if has_target else Status.NO_TARGET
    else:
        state = scoring.status(achieved, thresholds)
    return IndicatorStatus(
        indicator=indicator,
        year=year,
        target=target,
        realisation=latest,
        achievement=achieved,
        status=state,
        score=scoring.indicator_score(achieved, due=due, has_target=has_target),
        due=due,
    )


# --- the roll-up ----------------------------------------------------------------------


@dataclass
class ProgrammeStatus:
    programme: Programme
    indicators: list[IndicatorStatus] = field(default_factory=list)
    score: Decimal | None = None
    status: Status = Status.NOT_REPORTED
    weight: Decimal = scoring.ONE  # within its dimension


@dataclass
class DimensionStatus:
    dimension: Dimension
    programmes: list[ProgrammeStatus] = field(default_factory=list)
    impact: list[IndicatorStatus] = field(default_factory=list)
    score: Decimal | None = None
    status: Status = Status.NOT_REPORTED
    weight: Decimal = scoring.ONE  # within the masterplan


@dataclass
class MasterplanStatus:
    """A masterplan's monitoring in one year, indicator by indicator and rolled up."""

    masterplan: Masterplan
    year: int
    thresholds: scoring.Thresholds
    dimensions: list[DimensionStatus]
    score: Decimal | None
    status: Status
    # Per indicator: current periods of the year reported (not returned) and verified,
    # counted from the realisations read (``None`` when only verified ones were read).
    counts: dict[int, tuple[int, int]] | None = None

    @property
    def equal_weights(self) -> bool:
        """Whether every dimension and programme counts the same (no weight set)."""
        return all(
            d.weight == scoring.ONE and all(p.weight == scoring.ONE for p in d.programmes)
            for d in self.dimensions
        )

    @property
    def indicators(self) -> list[IndicatorStatus]:
        rows = []
        for dimension in self.dimensions:
            rows.extend(dimension.impact)
            for programme in dimension.programmes:
                rows.extend(programme.indicators)
        return rows


def _indicators_with_year(
    masterplan: Masterplan, year: int, verified_only: bool = False
) -> list[Indicator]:
    realisations = Realisation.objects.filter(year=year, is_current=True)
    if verified_only:
        realisations = realisations.filter(state=State.VERIFIED)
    return list(
        Indicator.objects.filter(masterplan=masterplan)
        .select_related("programme", "dimension", "responsible_agency")
        .prefetch_related(
            Prefetch("targets", queryset=Target.objects.filter(year=year), to_attr="year_targets"),
            Prefetch(
                "realisations",
                queryset=realisations.order_by("sub_period"),
                to_attr="year_realisations",
            ),
        )
        .order_by("code")
    )


def _roll_programme(row: ProgrammeStatus, thresholds: scoring.Thresholds) -> None:
    row.score = scoring.roll_up(Part(i.score) for i in row.indicators)
    row.status = scoring.roll_up_status(row.score, thresholds)


def _weight(rows: QuerySet[RollUpWeight]) -> Coalesce:
    """The weight of the row matched by ``rows`` (filtered on ``OuterRef``), else 1."""
    return Coalesce(
        Subquery(rows.values("weight")[:1]),
        scoring.ONE,
        output_field=DecimalField(max_digits=6, decimal_places=2),
    )


def weighted_programmes(masterplan: Masterplan) -> QuerySet[Programme]:
    """The masterplan's programmes with ``rollup_weight`` (1 unless set), by code."""
    return (
        Programme.objects.filter(masterplan=masterplan)
        .annotate(rollup_weight=_weight(RollUpWeight.objects.filter(programme=OuterRef("pk"))))
        .order_by("code")
    )


def weighted_dimensions(masterplan: Masterplan) -> QuerySet[Dimension]:
    """The masterplan's dimensions with ``rollup_weight`` (1 unless set), in order."""
    rows = RollUpWeight.objects.filter(masterplan=masterplan, dimension=OuterRef("pk"))
    return (
        Dimension.objects.filter(framework_id=masterplan.framework_id)
        .annotate(rollup_weight=_weight(rows))
        .order_by("position", "pk")
    )


def masterplan_status(
    masterplan: Masterplan, year: int, today: dt.date | None = None, verified_only: bool = False
) -> MasterplanStatus:
    """Every indicator's status in ``year`` and the roll-up (see ``scoring``) with the
    coordinator's weights: five queries. ``verified_only`` counts only the realisations the
    coordinator verified (the reports handed outside the region)."""
    today = today or timezone.localdate()
    thresholds = thresholds_of(masterplan)
    programmes = {
        p.pk: ProgrammeStatus(p, weight=p.rollup_weight)  # type: ignore[attr-defined]
        for p in weighted_programmes(masterplan).select_related("lead_agency")
    }
    dimensions = {
        d.pk: DimensionStatus(d, weight=d.rollup_weight)  # type: ignore[attr-defined]
        for d in weighted_dimensions(masterplan)
    }
    counts: dict[int, tuple[int, int]] = {}
    for indicator in _indicators_with_year(masterplan, year, verified_only):
        read = indicator.year_realisations  # type: ignore[attr-defined]
        counts[indicator.pk] = (
            sum(1 for r in read if r.state != State.RETURNED),
            sum(1 for r in read if r.state == State.VERIFIED),
        )
        row = indicator_status(
            indicator,
            year,
            indicator.year_targets,  # type: ignore[attr-defined]
            indicator.year_realisations,  # type: ignore[attr-defined]
            thresholds,
            today,
        )
        if indicator.programme_id is not None and indicator.programme_id in programmes:
            programmes[indicator.programme_id].indicators.append(row)
        elif indicator.dimension_id in dimensions:
            dimensions[indicator.dimension_id].impact.append(row)
    for programme in programmes.values():
        _roll_programme(programme, thresholds)
        if programme.programme.dimension_id in dimensions:
            dimensions[programme.programme.dimension_id].programmes.append(programme)
    for dimension in dimensions.values():
        parts = [Part(p.score, p.weight) for p in dimension.programmes] + [
            Part(i.score) for i in dimension.impact
        ]
        dimension.score = scoring.roll_up(parts)
        dimension.status = scoring.roll_up_status(dimension.score, thresholds)
    score = scoring.roll_up(Part(d.score, d.weight) for d in dimensions.values())
    return MasterplanStatus(
        masterplan=masterplan,
        year=year,
        thresholds=thresholds,
        dimensions=list(dimensions.values()),
        score=score,
        status=scoring.roll_up_status(score, thresholds),
        counts=None if verified_only else counts,
    )


# --- one indicator: what its status is based on ------------------------------------------


@dataclass(frozen=True)
class IndicatorDetail:
    indicator: Indicator
    targets: list[Target]
    realisations: list[Realisation]  # every row, corrections included, newest first
    statuses: list[IndicatorStatus]  # per year of the period
    thresholds: scoring.Thresholds


def indicator_detail(indicator: Indicator, today: dt.date | None = None) -> IndicatorDetail:
    """Targets, every realisation (with evidence, who reported and verified) and the status
    per year of the period: four queries."""
    today = today or timezone.localdate()
    thresholds = thresholds_of(indicator.masterplan)
    targets = list(indicator.targets.order_by("year", "quarter"))
    realisations = list(
        indicator.realisations.select_related("reported_by", "verified_by", "corrects")
        .prefetch_related("evidence")
        .order_by("-year", "-sub_period", "-pk")
    )
    statuses = []
    for year in indicator.masterplan.period:
        statuses.append(
            indicator_status(
                indicator,
                year,
                [t for t in targets if t.year == year],
                [r for r in realisations if r.year == year and r.is_current],
                thresholds,
                today,
            )
        )
    return IndicatorDetail(indicator, targets, realisations, statuses, thresholds)


# --- the coordinator's queue ----------------------------------------------------------


def waiting_realisations(masterplan: Masterplan) -> QuerySet[Realisation]:
    """Current reports waiting for verification, oldest first."""
    return (
        Realisation.objects.filter(
            indicator__masterplan=masterplan, is_current=True, state=State.REPORTED
        )
        .select_related(
            "indicator__programme", "indicator__responsible_agency", "reported_by", "corrects"
        )
        .annotate(evidence_count=Count("evidence"))
        .order_by("reported_at", "pk")
    )


def waiting_progress(masterplan: Masterplan) -> QuerySet[ProgrammeProgress]:
    return (
        ProgrammeProgress.objects.filter(programme__masterplan=masterplan, state=State.REPORTED)
        .select_related("programme__lead_agency", "reported_by")
        .order_by("reported_at", "pk")
    )


# --- ownership gaps and reporting rates ---------------------------------------------------


@dataclass(frozen=True)
class AgencyRate:
    agency: Agency | None
    due: int
    reported: int

    @property
    def rate(self) -> Decimal | None:
        if not self.due:
            return None
        return (Decimal(self.reported) * 100 / Decimal(self.due)).quantize(Decimal("0.1"))


@dataclass(frozen=True)
class Gaps:
    without_agency: list[Indicator]
    without_baseline: list[Indicator]
    missing_targets: list[tuple[Indicator, list[int]]]
    silent: list[tuple[Indicator, dt.datetime | None]]
    rates: list[AgencyRate]
    days: int


def _due_periods(indicator: Indicator, masterplan: Masterplan, today: dt.date) -> int:
    return sum(
        1
        for period in periods.schedule(indicator.frequency, masterplan.period)
        if periods.due_date(indicator.frequency, period) <= today
    )


def ownership_gaps(masterplan: Masterplan, days: int = 90, today: dt.date | None = None) -> Gaps:
    """Indicators with no responsible agency, no baseline, a year without a target or no
    report for ``days`` days; and each agency's reporting rate (periods reported of those
    due so far). Three queries."""
    today = today or timezone.localdate()
    indicators = list(
        Indicator.objects.filter(masterplan=masterplan)
        .select_related("programme", "dimension", "responsible_agency")
        .annotate(
            last_report=Max("realisations__reported_at"),
            reported=Count(
                "realisations",
                filter=Q(realisations__is_current=True) & ~Q(realisations__state=State.RETURNED),
                distinct=True,
            ),
        )
        .order_by("code")
    )
    target_years: dict[int, set[int]] = defaultdict(set)
    for indicator_id, year in Target.objects.filter(indicator__masterplan=masterplan).values_list(
        "indicator_id", "year"
    ):
        target_years[indicator_id].add(year)
    since = timezone.now() - dt.timedelta(days=days)
    rates: dict[int | None, list[int]] = defaultdict(lambda: [0, 0])
    silent: list[tuple[Indicator, dt.datetime | None]] = []
    for ind in indicators:
        due = _due_periods(ind, masterplan, today)
        rate = rates[ind.responsible_agency_id]
        rate[0] += due
        rate[1] += min(ind.reported, due)
        last = ind.last_report
        if due and masterplan.is_published and (last is None or last < since):
            silent.append((ind, last))
    agencies = {i.responsible_agency_id: i.responsible_agency for i in indicators}
    return Gaps(
        without_agency=[i for i in indicators if i.responsible_agency_id is None],
        without_baseline=[
            i
            for i in indicators
            if i.baseline_value is None and i.direction != Indicator.Direction.RANGE
        ],
        missing_targets=[
            (i, missing)
            for i in indicators
            if i.direction != Indicator.Direction.RANGE
            and (missing := [y for y in masterplan.period if y not in target_years[i.pk]])
        ],
        silent=silent,
        rates=sorted(
            (AgencyRate(agencies[k], due, done) for k, (due, done) in rates.items()),
            key=lambda r: (r.rate is None, r.rate or 0, str(r.agency or "")),
        ),
        days=days,
    )


# --- programme progress -----------------------------------------------------------------


def progress_of(programme: Programme) -> list[ProgrammeProgress]:
    """A programme's progress reports with the money realised per funding line and the
    earlier values of corrected ones: three queries."""
    return list(
        ProgrammeProgress.objects.filter(programme=programme)
        .select_related("reported_by", "verified_by")
        .prefetch_related(
            "spending__funding_line",
            Prefetch(
                "corrections",
                ProgressCorrection.objects.select_related(
                    "created_by", "reported_by", "verified_by"
                ).order_by("-created", "-pk"),
            ),
        )
        .order_by("year")
    )


# --- reminders ----------------------------------------------------------------------------

REMINDER_HORIZON_DAYS = 14
# Overdue periods are reminded of when they fell due within this many days (older gaps are
# on the ownership page, not in every reminder).
OVERDUE_WINDOW_DAYS = 400


@dataclass(frozen=True)
class ReminderItem:
    """One line of a reminder: ``kind`` is ``due``, ``overdue`` or ``returned``."""

    kind: str
    key: str
    agency_id: int
    region_id: int
    text: str


def _schedule_items(
    indicator: Indicator, reported: set[tuple[int, int, int]], today: dt.date
) -> list[ReminderItem]:
    items = []
    horizon = today + dt.timedelta(days=REMINDER_HORIZON_DAYS)
    oldest = today - dt.timedelta(days=OVERDUE_WINDOW_DAYS)
    for period in periods.schedule(indicator.frequency, indicator.masterplan.period):
        due = periods.due_date(indicator.frequency, period)
        if not oldest <= due <= horizon or (indicator.pk, period.year, period.sub) in reported:
            continue
        kind = "overdue" if due < today else "due"
        items.append(
            ReminderItem(
                kind=kind,
                key=f"{kind}:{indicator.pk}:{period.year}:{period.sub}",
                agency_id=indicator.responsible_agency_id or 0,
                region_id=indicator.masterplan.region_id,
                text=f"{indicator.code} {period.label(indicator.frequency)}",
            )
        )
    return items


def reminders_due(today: dt.date | None = None) -> list[ReminderItem]:
    """What each responsible agency of a published masterplan has to do: periods due within
    14 days or overdue without a current report, and returned reports. Three queries."""
    today = today or timezone.localdate()
    published = Q(masterplan__status=Masterplan.Status.PUBLISHED)
    indicators = Indicator.objects.filter(published, responsible_agency__isnull=False)
    first_year = (today - dt.timedelta(days=OVERDUE_WINDOW_DAYS)).year - 1
    reported = set(
        Realisation.objects.filter(
            indicator__in=indicators, is_current=True, year__gte=first_year
        ).values_list("indicator_id", "year", "sub_period")
    )
    items: list[ReminderItem] = []
    for indicator in indicators.select_related("masterplan").order_by("pk"):
        items.extend(_schedule_items(indicator, reported, today))
    returned = Realisation.objects.filter(
        indicator__in=indicators, is_current=True, state=State.RETURNED
    ).select_related("indicator__masterplan")
    for row in returned.order_by("pk"):
        label = periods.Period(row.year, row.sub_period).label(row.indicator.frequency)
        items.append(
            ReminderItem(
                kind="returned",
                key=f"returned:{row.pk}",
                agency_id=row.indicator.responsible_agency_id or 0,
                region_id=row.indicator.masterplan.region_id,
                text=f"{row.indicator.code} {label}",
            )
        )
    return items


# --- an agency editor's own indicators ----------------------------------------------------


@dataclass(frozen=True)
class MyIndicator:
    indicator: Indicator
    last_period: str
    returned: int
    waiting: int


def my_indicators(user: Who) -> list[MyIndicator]:
    """The indicators of published masterplans the user's agencies are responsible for, those
    with a returned report first: one query."""
    agencies = scope_of(user).agencies
    rows = (
        Indicator.objects.filter(
            responsible_agency_id__in=agencies,
            masterplan__status=Masterplan.Status.PUBLISHED,
        )
        .select_related("masterplan__region", "programme", "responsible_agency")
        .annotate(
            returned=Count(
                "realisations",
                filter=Q(realisations__is_current=True, realisations__state=State.RETURNED),
            ),
            waiting=Count(
                "realisations",
                filter=Q(realisations__is_current=True, realisations__state=State.REPORTED),
            ),
            last_year=Max("realisations__year", filter=Q(realisations__is_current=True)),
        )
        .order_by("masterplan__region__name", "code")
    )
    found = [MyIndicator(r, str(r.last_year or "—"), r.returned, r.waiting) for r in rows]
    return sorted(found, key=lambda m: m.returned == 0)
