"""The ranking of a selection campaign: every applicant in rank order with its region,
province, score per criterion, total and status.

The rows are ``selection.queries.ranking``'s (the same the ranking page and its XLSX export
show: frozen once the campaign is closed, computed live before), never recomputed here.
"""

from __future__ import annotations

from dataclasses import dataclass

from kotacerdas.selection import queries
from kotacerdas.selection.models import Campaign
from kotacerdas.selection.queries import Row


@dataclass(frozen=True)
class Criterion:
    code: str
    name: str
    weight: float


@dataclass
class RankingReport:
    language: str
    campaign_name: str
    year: int
    status_label: str
    closed: bool
    quota: int
    readiness_weight: float
    criteria: list[Criterion]
    rows: list[Row]

    @property
    def selected(self) -> int:
        return sum(1 for row in self.rows if row.selected)


def build(campaign: Campaign, language: str) -> RankingReport:
    """The report's content, in the active language (``language`` names it)."""
    criteria = queries.criteria_of(campaign)
    return RankingReport(
        language=language,
        campaign_name=campaign.name,
        year=campaign.year,
        status_label=str(campaign.get_status_display()),
        closed=bool(campaign.is_closed),
        quota=campaign.quota,
        readiness_weight=float(campaign.readiness_weight),
        criteria=[Criterion(c.code, c.name, float(c.weight)) for c in criteria],
        rows=queries.ranking(campaign, criteria),
    )
