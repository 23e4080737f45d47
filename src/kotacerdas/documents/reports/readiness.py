"""The readiness report of one submitted assessment: scores per dimension and per aspect,
the radar, the largest gaps and the SWOT.

Scores come from ``readiness.queries.scores_of`` (the maths is ``readiness.scoring``'s) and
the radar's series from ``readiness.charts.radar_data``, as on the assessment's page.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from kotacerdas.readiness import queries
from kotacerdas.readiness.charts import radar_data
from kotacerdas.readiness.models import Assessment, SwotEntry

GAPS_SHOWN = 15


@dataclass(frozen=True)
class ScoreLine:
    name: str
    current: float
    target: float

    @property
    def gap(self) -> float:
        return round(max(self.target - self.current, 0.0), 2)


@dataclass(frozen=True)
class GapLine:
    question: str
    dimension: str
    aspect: str
    level: int | None
    target: int
    gap: int


@dataclass
class ReadinessReport:
    language: str
    region_name: str
    province_name: str
    year: int
    instrument: str
    overall: ScoreLine
    answered: int
    total: int
    dimensions: list[ScoreLine]
    aspects: list[ScoreLine]
    gaps: list[GapLine]
    swot: list[tuple[str, list[str]]]
    radar: dict[str, object]


def build(assessment: Assessment, language: str) -> ReadinessReport:
    """The report's content, in the active language (``language`` names it)."""
    scores = queries.scores_of(assessment)
    instrument = assessment.instrument
    dimensions = list(queries.dimensions_of(assessment))
    aspects = {a.code: a.name for a in queries.aspects_of(assessment)}
    shown = scores.gaps[:GAPS_SHOWN]
    answers = {
        a.item_id: a
        for a in queries.answer_sheet(assessment).filter(item_id__in=[g.key for g in shown])
    }
    gaps = [
        GapLine(
            answers[g.key].item.question,
            answers[g.key].item.dimension.name,
            answers[g.key].item.aspect.name,
            g.level,
            g.target,
            g.gap,
        )
        for g in shown
        if g.key in answers
    ]
    swot: dict[str, list[str]] = defaultdict(list)
    for entry in queries.current_swot(assessment).order_by("kind", "number"):
        swot[entry.kind].append(f"{entry.kind[0].upper()}{entry.number}. {entry.text}")
    region = assessment.region
    return ReadinessReport(
        language=language,
        region_name=region.name,
        province_name=region.province.name if region.province else "",
        year=assessment.year,
        instrument=str(instrument),
        overall=ScoreLine("", round(scores.overall.current, 2), round(scores.overall.target, 2)),
        answered=scores.overall.answered,
        total=scores.overall.total,
        dimensions=[
            ScoreLine(
                d.name,
                round(scores.by_dimension[d.code].current, 2),
                round(scores.by_dimension[d.code].target, 2),
            )
            for d in dimensions
            if d.code in scores.by_dimension
        ],
        aspects=[
            ScoreLine(aspects.get(code, code), round(s.current, 2), round(s.target, 2))
            for code, s in scores.by_aspect.items()
        ],
        gaps=gaps,
        swot=[(str(label), swot[kind]) for kind, label in SwotEntry.Kind.choices],
        radar=radar_data(scores, dimensions, (instrument.scale_min, instrument.scale_max)),
    )
