"""The monitoring report of one year of a region's published masterplan, as PDF and XLSX.

Statuses and the roll-up come from ``monitoring.queries.masterplan_status`` counting only
verified realisations (the maths is ``monitoring.scoring``'s); the budget from
``monitoring.dashboards.budget_rows``. Everything is read in a fixed number of queries and
turned into plain texts and numbers in the report's language, which both formats write.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import formats
from django.utils.translation import gettext as _

from kotacerdas.lib.formatting import rupiah
from kotacerdas.monitoring import dashboards, queries, scoring
from kotacerdas.monitoring.queries import IndicatorStatus
from kotacerdas.monitoring.summary_models import SummaryStatus
from kotacerdas.planning.models import Masterplan

STATUS_ORDER = [str(value) for value in SummaryStatus.values]
# An indicator with no value and nothing due yet: counted in its own column, not as "not
# reported" (as the dashboard, which counts "not reported" only for what is due).
NOT_DUE = "not_due"
COUNT_ORDER = [*STATUS_ORDER, NOT_DUE]


def status_label(status: str) -> str:
    if status == NOT_DUE:
        return _("Not yet due")
    return str(dict(SummaryStatus.choices).get(str(status), str(status)))


def number(value: Decimal | None, places: int = 2) -> str:
    if value is None:
        return "–"
    text = formats.number_format(value.normalize(), use_l10n=True, force_grouping=True)
    return text if "E" not in text else formats.number_format(value, places, use_l10n=True)


def percent(value: Decimal | None) -> str:
    return "–" if value is None else formats.number_format(value, 1, use_l10n=True) + " %"


@dataclass(frozen=True)
class IndicatorLine:
    code: str
    name: str
    unit: str
    level: str
    dimension: str
    programme: str
    agency: str
    target: Decimal | None
    value: Decimal | None
    period: str
    achievement: Decimal | None
    status: str

    @property
    def status_label(self) -> str:
        return status_label(self.status)

    @property
    def target_text(self) -> str:
        return number(self.target)

    @property
    def value_text(self) -> str:
        return number(self.value)

    @property
    def achievement_text(self) -> str:
        return percent(self.achievement)


@dataclass
class Group:
    """A dimension's or an agency's indicators, counted by status and rolled up."""

    name: str
    score: Decimal | None
    status: str
    indicators: list[IndicatorLine] = field(default_factory=list)

    @property
    def status_label(self) -> str:
        return status_label(self.status)

    @property
    def score_text(self) -> str:
        return percent(self.score)

    @property
    def counts(self) -> list[int]:
        counted = Counter(line.status for line in self.indicators)
        return [counted.get(status, 0) for status in COUNT_ORDER]


@dataclass(frozen=True)
class BudgetLine:
    year: int
    source: str
    planned: Decimal
    realised: Decimal
    share: Decimal | None

    @property
    def planned_text(self) -> str:
        return rupiah(self.planned)

    @property
    def realised_text(self) -> str:
        return rupiah(self.realised)

    @property
    def share_text(self) -> str:
        return percent(self.share)


@dataclass
class MonitoringReport:
    language: str
    region_name: str
    province_name: str
    title: str
    period: str
    year: int
    as_of: dt.date
    score: Decimal | None
    status: str
    thresholds: scoring.Thresholds
    dimensions: list[Group]
    agencies: list[Group]
    budget: list[BudgetLine]
    indicators: list[IndicatorLine]

    @property
    def as_of_text(self) -> str:
        return formats.date_format(self.as_of, "j F Y")

    @property
    def status_label(self) -> str:
        return status_label(self.status)

    @property
    def score_text(self) -> str:
        return percent(self.score)

    @property
    def status_labels(self) -> list[str]:
        return [status_label(status) for status in COUNT_ORDER]

    @property
    def budget_planned(self) -> str:
        return rupiah(sum((line.planned for line in self.budget), Decimal(0)))

    @property
    def budget_realised(self) -> str:
        return rupiah(sum((line.realised for line in self.budget), Decimal(0)))


def _line(row: IndicatorStatus, dimension: str) -> IndicatorLine:
    indicator = row.indicator
    agency = indicator.responsible_agency
    status = str(row.status)
    if status == SummaryStatus.NOT_REPORTED and not row.due:
        status = NOT_DUE
    return IndicatorLine(
        code=indicator.code,
        name=indicator.name,
        unit=indicator.unit,
        level=str(indicator.get_level_display()),
        dimension=dimension,
        programme=indicator.programme.name if indicator.programme else "",
        agency=agency.name if agency is not None else _("No responsible agency"),
        target=row.target,
        value=None if row.realisation is None else row.realisation.value,
        period=row.period_label if row.realisation is not None else "",
        achievement=row.achievement,
        status=status,
    )


def _agencies(
    rows: list[tuple[IndicatorStatus, IndicatorLine]], thresholds: scoring.Thresholds
) -> list[Group]:
    grouped: dict[str, list[tuple[IndicatorStatus, IndicatorLine]]] = defaultdict(list)
    for row, line in rows:
        grouped[line.agency].append((row, line))
    groups = []
    for name, members in grouped.items():
        score = scoring.roll_up(scoring.Part(row.score) for row, _line in members)
        groups.append(
            Group(
                name,
                score,
                str(scoring.roll_up_status(score, thresholds)),
                [line for _row, line in members],
            )
        )
    none = _("No responsible agency")
    return sorted(groups, key=lambda g: (g.name == none, g.name))


def build(masterplan: Masterplan, year: int, language: str, today: dt.date) -> MonitoringReport:
    """The report's content, in the active language (``language`` names it)."""
    status = queries.masterplan_status(masterplan, year, today=today, verified_only=True)
    dimensions = []
    rows: list[tuple[IndicatorStatus, IndicatorLine]] = []
    for block in status.dimensions:
        name = block.dimension.name
        members = list(block.impact) + [i for p in block.programmes for i in p.indicators]
        members.sort(key=lambda r: r.indicator.code)
        lines = [_line(row, name) for row in members]
        rows.extend(zip(members, lines, strict=True))
        dimensions.append(Group(name, block.score, str(block.status), lines))
    budget = [
        BudgetLine(row.year, row.label, row.planned, row.realised, row.share)
        for row in dashboards.budget_rows(masterplan)
    ]
    region = masterplan.region
    return MonitoringReport(
        language=language,
        region_name=region.name,
        province_name=region.province.name if region.province else "",
        title=masterplan.title,
        period=f"{masterplan.start_year}–{masterplan.end_year}",
        year=year,
        as_of=today,
        score=status.score,
        status=str(status.status),
        thresholds=status.thresholds,
        dimensions=dimensions,
        agencies=_agencies(rows, status.thresholds),
        budget=budget,
        indicators=sorted((line for _row, line in rows), key=lambda line: line.code),
    )
