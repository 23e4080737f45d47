"""Keeping the dashboards' summary rows (``summary_models``) current.

``refresh_masterplan`` rewrites one masterplan's rows of the years asked (by default the
year looked at now) from ``queries.masterplan_status`` (the same status the indicator pages
show) and the reporting counts, in a fixed number of queries per year. A report or its
verification changes the rows of its own year; weights and thresholds change every year's.
It has no permission check of its own: the monitoring services call it inside their
transaction, after their own check (like ``notifications.notify``); ``refresh_monitoring``
(a management command, as the system) calls ``refresh_all``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from kotacerdas.planning.models import Masterplan

from . import periods, queries
from .models import Indicator, State
from .queries import IndicatorStatus, MasterplanStatus
from .summary_models import (
    DimensionSummary,
    IndicatorSummary,
    MasterplanSummary,
    ProgrammeSummary,
)


def _counts(masterplan: Masterplan, year: int) -> dict[int, tuple[int, int]]:
    """Per indicator: current periods of ``year`` reported (not returned), verified."""
    current = Q(realisations__is_current=True, realisations__year=year)
    rows = (
        Indicator.objects.filter(masterplan=masterplan)
        .annotate(
            reported=Count("realisations", filter=current & ~Q(realisations__state=State.RETURNED)),
            verified=Count("realisations", filter=current & Q(realisations__state=State.VERIFIED)),
        )
        .values_list("pk", "reported", "verified")
    )
    return {pk: (reported, verified) for pk, reported, verified in rows}


def _due_periods(frequency: str, year: int, today: dt.date) -> int:
    """How many periods of ``year`` are due by ``today``."""
    return sum(
        1
        for period in periods.schedule(frequency, range(year, year + 1))
        if periods.due_date(frequency, period) <= today
    )


def _indicator_row(row: IndicatorStatus, due: int, reported: int) -> IndicatorSummary:
    realisation = row.realisation
    return IndicatorSummary(
        indicator=row.indicator,
        masterplan_id=row.indicator.masterplan_id,
        year=row.year,
        period=row.period_label if realisation is not None else "",
        value=None if realisation is None else realisation.value,
        quality="" if realisation is None else realisation.quality,
        state="" if realisation is None else realisation.state,
        target=row.target,
        achievement=row.achievement,
        score=row.score,
        status=str(row.status),
        due=row.due,
        due_periods=due,
        reported_periods=min(reported, due),
    )


@dataclass
class SummaryRows:
    """A masterplan's summary rows for one year, not saved (``_write`` saves them; the
    region dashboard shows them for a past year)."""

    masterplan: MasterplanSummary
    dimensions: list[DimensionSummary]
    programmes: list[ProgrammeSummary]
    indicators: list[IndicatorSummary]


def build_rows(status: MasterplanStatus, today: dt.date) -> SummaryRows:
    """The summary rows of ``status``, unsaved (no query: the reporting counts of its year
    come with it; one query when it has none); the rows are marked current when their year
    is the one looked at ``today``."""
    masterplan = status.masterplan
    current = status.year == queries.default_year(masterplan, today)
    counts = status.counts if status.counts is not None else _counts(masterplan, status.year)
    indicators = []
    verified_periods = 0
    due_by_frequency: dict[str, int] = {}  # the same for every indicator of a frequency
    for row in status.indicators:
        frequency = row.indicator.frequency
        if frequency not in due_by_frequency:
            due_by_frequency[frequency] = _due_periods(frequency, status.year, today)
        due = due_by_frequency[frequency]
        reported, verified = counts.get(row.indicator.pk, (0, 0))
        indicators.append(_indicator_row(row, due, reported))
        verified_periods += min(verified, due)
    programmes = [
        ProgrammeSummary(
            programme=p.programme,
            masterplan=masterplan,
            score=p.score,
            status=str(p.status),
            weight=p.weight,
            indicators=len(p.indicators),
        )
        for d in status.dimensions
        for p in d.programmes
    ]
    dimensions = [
        DimensionSummary(
            masterplan=masterplan,
            dimension=d.dimension,
            year=status.year,
            is_current=current,
            weight=d.weight,
            score=d.score,
            status=str(d.status),
            indicators=len(d.impact) + sum(len(p.indicators) for p in d.programmes),
        )
        for d in status.dimensions
    ]
    # "Not reported" counts only indicators with something due (as the roll-up does).
    by_status = {
        s: sum(1 for i in indicators if i.status == s and (i.due or s != "not_reported"))
        for s in _COUNTED
    }
    summary = MasterplanSummary(
        masterplan=masterplan,
        year=status.year,
        is_current=current,
        score=status.score,
        status=str(status.status),
        indicators=len(indicators),
        due_periods=sum(i.due_periods for i in indicators),
        reported_periods=sum(i.reported_periods for i in indicators),
        verified_periods=verified_periods,
        refreshed_at=timezone.now(),
        **by_status,
    )
    return SummaryRows(summary, dimensions, programmes, indicators)


def _write(status: MasterplanStatus, today: dt.date) -> MasterplanSummary:
    """Replace the year's masterplan and dimension rows; for the current year also the
    indicator and programme rows (which hold the current year only), and mark the year
    current (and no other)."""
    rows = build_rows(status, today)
    masterplan = status.masterplan
    yearly: tuple[type[MasterplanSummary | DimensionSummary], ...] = (
        MasterplanSummary,
        DimensionSummary,
    )
    for model in yearly:
        model.objects.filter(masterplan=masterplan, year=status.year).delete()
    if rows.masterplan.is_current:
        for model in yearly:
            model.objects.filter(masterplan=masterplan, is_current=True).update(is_current=False)
        IndicatorSummary.objects.filter(masterplan=masterplan).delete()
        ProgrammeSummary.objects.filter(masterplan=masterplan).delete()
        IndicatorSummary.objects.bulk_create(rows.indicators)
        ProgrammeSummary.objects.bulk_create(rows.programmes)
    DimensionSummary.objects.bulk_create(rows.dimensions)
    rows.masterplan.save()
    return rows.masterplan


_COUNTED = ("on_track", "at_risk", "off_track", "not_reported")


def _drop(masterplan: Masterplan) -> None:
    for model in (IndicatorSummary, ProgrammeSummary, DimensionSummary, MasterplanSummary):
        model.objects.filter(masterplan=masterplan).delete()


def refresh_masterplan(
    masterplan: Masterplan, today: dt.date | None = None, years: Iterable[int] | None = None
) -> MasterplanSummary | None:
    """Rewrite the masterplan's summary rows of the year it is looked at now and of
    ``years`` (those of its period) and return the current year's row (a masterplan that is
    not published is not monitored: its rows are dropped, ``None`` returned).

    The masterplan's summary row is locked first, so two refreshes of one masterplan (two
    reports verified at once) follow each other instead of interleaving; the services have
    locked the masterplan already.
    """
    today = today or timezone.localdate()
    with transaction.atomic():
        if not masterplan.is_published:
            _drop(masterplan)
            return None
        list(MasterplanSummary.objects.select_for_update().filter(masterplan=masterplan))
        current = queries.default_year(masterplan, today)
        chosen = sorted({current} | (set(years or ()) & set(masterplan.period)))
        for year in chosen:
            _write(queries.masterplan_status(masterplan, year, today), today)
        return MasterplanSummary.objects.filter(masterplan=masterplan, is_current=True).first()


def ensure_current(
    masterplan: Masterplan, today: dt.date | None = None
) -> MasterplanSummary | None:
    """The current summary row of a published masterplan, computed and stored first when it
    has none (after an upgrade emptied the rows, before the refresh job ran): the first
    visitor sees figures, not a blank. The masterplan is locked and the row looked for again
    inside the lock, so two visitors at once compute it once."""
    if not masterplan.is_published:
        return None
    with transaction.atomic():
        list(Masterplan.objects.select_for_update().filter(pk=masterplan.pk).values("pk"))
        found = MasterplanSummary.objects.filter(masterplan=masterplan, is_current=True).first()
        if found is not None:
            return found
        return refresh_masterplan(masterplan, today)


def missing_masterplans() -> QuerySet[Masterplan]:
    """Published masterplans without a current summary row (as after an upgrade)."""
    current = MasterplanSummary.objects.filter(masterplan=OuterRef("pk"), is_current=True)
    return Masterplan.objects.filter(status=Masterplan.Status.PUBLISHED).filter(~Exists(current))


def refresh_every_year(masterplan: Masterplan) -> MasterplanSummary | None:
    """Rewrite the masterplan's rows of every year of its period (on publication, and after
    a change of weights or thresholds)."""
    return refresh_masterplan(masterplan, years=masterplan.period)


def refresh_all(
    today: dt.date | None = None,
    every_year: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Refresh every published masterplan's current and last year (``every_year``: every
    year of its period, as after an upgrade) and drop rows of ones no longer published; returns how
    many were refreshed. Each masterplan is its own transaction. ``progress`` is told after
    each masterplan how many are done of how many."""
    published = Masterplan.objects.filter(status=Masterplan.Status.PUBLISHED)
    MasterplanSummary.objects.exclude(masterplan__in=published).delete()
    for model in (IndicatorSummary, ProgrammeSummary, DimensionSummary):
        model.objects.exclude(masterplan__in=published).delete()
    total = published.count() if progress is not None else 0
    count = 0
    for masterplan in published.select_related("framework").order_by("pk").iterator():
        current = queries.default_year(masterplan, today)
        # Last year's periods fall due early this year: its rows are refreshed too.
        years = masterplan.period if every_year else (current - 1,)
        refresh_masterplan(masterplan, today, years)
        count += 1
        if progress is not None:
            progress(count, total)
    return count
