"""An agency's report card: its programmes and indicators with their status (this year or a
past one), what is due and what was returned. Read side, like ``dashboards``: writes only
the summary rows of a published masterplan that has none (after an upgrade)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils import timezone

from kotacerdas.planning.models import Masterplan
from kotacerdas.regions.models import Agency, Region

from . import periods, queries, summaries
from .dashboards import (
    AgencyStatus,
    IndicatorRow,
    ProgrammeRow,
    agency_statuses,
    current_summary,
    indicator_rows,
    monitored_masterplan,
    programme_rows,
    thresholds_of,
    with_summaries,
    year_rows,
)
from .models import Indicator, ProgrammeProgress, Realisation, State

REMINDER_HORIZON_DAYS = 14


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
    year: int | None = None

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
    # The periods due by the horizon, with their due dates, are the same for every
    # indicator of a frequency: computed once per frequency.
    due_by: dict[str, list[tuple[dt.date, periods.Period]]] = {}
    items = []
    for indicator in indicators:
        if indicator.frequency not in due_by:
            due_by[indicator.frequency] = [
                (due, period)
                for period in periods.schedule(indicator.frequency, masterplan.period)
                if (due := periods.due_date(indicator.frequency, period)) <= horizon
            ]
        missing = [
            (due, period)
            for due, period in due_by[indicator.frequency]
            if (indicator.pk, period.year, period.sub) not in reported
        ]
        if missing:
            labels = [period.label(indicator.frequency) for _due, period in missing]
            first = missing[0][0]
            items.append(DueItem(indicator, labels, first, first < today))
    return sorted(items, key=lambda d: (d.due_date, d.indicator.code))


def agency_card(
    region: Region, agency: Agency, today: dt.date | None = None, year: int | None = None
) -> AgencyCard:
    """The programmes the agency leads, the indicators it answers for with their status in
    the current year (or ``year``, a year of the period: computed as the region dashboard
    does), what is due and what was returned, in the region's monitored masterplan: a fixed
    number of queries."""
    today = today or timezone.localdate()
    masterplan = monitored_masterplan(region)
    card = AgencyCard(region, agency, masterplan)
    if masterplan is None:
        return card
    card.programmes = programme_rows(masterplan, lead_agency=agency)
    card.indicators = indicator_rows(masterplan, responsible_agency=agency)
    if not masterplan.is_published:
        return card
    summary = current_summary(masterplan)
    if summary is None:  # after an upgrade emptied the rows: computed and stored now
        summary = summaries.ensure_current(masterplan, today)
        card.indicators = indicator_rows(masterplan, responsible_agency=agency)
        card.programmes = programme_rows(masterplan, lead_agency=agency)
    card.year = summary.year if summary else queries.default_year(masterplan, today)
    if year is not None and year in masterplan.period and year != card.year:
        card.year = year
        rows = year_rows(masterplan, year)
        by_indicator = {row.indicator_id: row for row in rows.indicators}
        card.indicators = [
            IndicatorRow(i.indicator, by_indicator.get(i.indicator.pk)) for i in card.indicators
        ]
        card.programmes = with_summaries(card.programmes, rows.programmes)
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
