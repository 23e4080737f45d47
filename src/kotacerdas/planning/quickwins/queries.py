"""Read side of quick-win selection: the ranking page and API, in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef

from kotacerdas.framework.models import Dimension

from ..masterplans.models import Masterplan
from ..programmes.models import FundingLine, Programme
from . import scoring
from .models import QuickWinCriterion, QuickWinScore

TypedScores = dict[int, dict[str, int | None]]


@dataclass(frozen=True)
class RankedProgramme:
    """One row of the ranking: ``scores`` holds (criterion id, score or ``None``) in criterion
    order."""

    programme: Programme
    rank: int
    total: float
    complete: bool
    scores: list[tuple[int, int | None]]


@dataclass(frozen=True)
class Shift:
    """How the top of the ranking moves when one criterion's weight changes by ``change``."""

    criterion: str
    change: float
    entered: list[str]
    left: list[str]


@dataclass(frozen=True)
class ImpactEffort:
    """A programme scored on both cost and public impact (1–5)."""

    code: str
    cost: int
    impact: int
    chosen: bool
    name: str = ""


@dataclass(frozen=True)
class Ranking:
    """Criteria, every programme's scores and rank, the sensitivity and the rule warnings."""

    criteria: list[QuickWinCriterion]
    rows: list[RankedProgramme]
    sensitivity: list[Shift]
    points: list[ImpactEffort]
    warnings: list[str]


def stored_judgements(criteria: list[QuickWinCriterion]) -> dict[tuple[str, str], float]:
    """The AHP comparisons the criteria hold, keyed by (criterion, other criterion)."""
    return {(c.key, other): float(v) for c in criteria for other, v in c.judgements.items()}


def _programmes(masterplan: Masterplan) -> list[Programme]:
    """The programmes with their dimension, supporting agencies (for the scoring rule) and
    whether they have any funding."""
    funded = Exists(FundingLine.objects.filter(programme=OuterRef("pk"), amount__gt=0))
    return list(
        masterplan.programmes.select_related("dimension")
        .prefetch_related("supports")
        .annotate(funded=funded)
        .order_by("code")
    )


def _typed_scores(
    masterplan: Masterplan, criteria: list[QuickWinCriterion], programmes: list[Programme]
) -> TypedScores:
    by_criterion = {c.pk: c.key for c in criteria}
    scores: TypedScores = {p.pk: {} for p in programmes}
    for programme_id, criterion_id, score in QuickWinScore.objects.filter(
        programme__masterplan=masterplan
    ).values_list("programme_id", "criterion_id", "score"):
        scores[programme_id][by_criterion[criterion_id]] = score
    return scores


def _warnings(dimensions: list[Dimension], programmes: list[Programme]) -> list[str]:
    chosen = [p for p in programmes if p.is_quick_win]
    facts = [
        scoring.QuickWinFacts(p.pk, p.dimension.code, p.months_to_first_result, p.funded)  # type: ignore[attr-defined]
        for p in chosen
    ]
    warnings = scoring.quick_win_warnings(facts, [d.code for d in dimensions])
    names = {d.code: d.name for d in dimensions} | {p.pk: p.code for p in programmes}
    return [scoring.warning_message(w, str(names.get(w.subject, w.subject))) for w in warnings]


def _shifts(
    scores: TypedScores, pure: list[scoring.Criterion], top_n: int, codes: dict[int, str]
) -> list[Shift]:
    found = scoring.sensitivity(scores, pure, top_n) if pure and top_n else []
    return [
        Shift(s.criterion, s.change, [codes[k] for k in s.entered], [codes[k] for k in s.left])
        for s in found
        if s.entered or s.left
    ]


def ranking(masterplan: Masterplan) -> Ranking:
    """The ranking page's content: five queries whatever the number of programmes."""
    criteria = list(QuickWinCriterion.objects.filter(masterplan=masterplan))
    programmes = _programmes(masterplan)
    scores = _typed_scores(masterplan, criteria, programmes)
    pure = [scoring.Criterion(c.key, c.weight, c.lower_is_better) for c in criteria]
    by_pk = {p.pk: p for p in programmes}
    rows = [
        RankedProgramme(
            by_pk[r.key],
            r.rank,
            r.total,
            r.complete,
            [(c.pk, scores[r.key].get(c.key)) for c in criteria],
        )
        for r in (scoring.rank_programmes(scores, pure) if pure else [])
    ]
    dimensions = list(masterplan.framework.dimensions.order_by("position"))
    top_n = min(len(dimensions), len(programmes))
    return Ranking(
        criteria=criteria,
        rows=rows,
        sensitivity=_shifts(scores, pure, top_n, {p.pk: p.code for p in programmes}),
        points=_points(scores, by_pk),
        warnings=_warnings(dimensions, programmes),
    )


def _points(scores: TypedScores, by_pk: dict[int, Programme]) -> list[ImpactEffort]:
    points = []
    for pk, typed in scores.items():
        cost, impact = typed.get("cost"), typed.get("public_impact")
        if cost and impact:
            p = by_pk[pk]
            points.append(ImpactEffort(p.code, cost, impact, p.is_quick_win, p.name))
    return points
