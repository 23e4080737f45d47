"""Quick-win selection: criteria and weights (typed or by AHP), scores, ranking, rule checks.

The maths lives in ``scoring.py``; this module reads and writes the rows around it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _

from kotacerdas.lib.audit import acting_as

from . import scoring
from .models import FundingLine, Masterplan, QuickWinCriterion, QuickWinScore
from .services import _creator, ensure_draft

# key, Indonesian name, English name, lower is better
DEFAULT_CRITERIA = (
    ("public_impact", "Dampak bagi masyarakat", "Public impact", False),
    ("visibility", "Keterlihatan", "Visibility", False),
    ("cost", "Biaya", "Cost", True),
    (
        "feasibility",
        "Kelayakan dengan sumber daya yang ada",
        "Feasibility with existing resources",
        False,
    ),
    ("months_to_result", "Waktu hingga hasil pertama", "Months to first result", True),
    ("readiness", "Kesiapan", "Readiness", False),
    ("innovation", "Inovasi", "Innovation", False),
)


def ensure_criteria(masterplan: Masterplan, *, actor: Any) -> list[QuickWinCriterion]:
    """The masterplan's criteria; the seven defaults with equal weights the first time."""
    criteria = list(QuickWinCriterion.objects.filter(masterplan=masterplan))
    if criteria:
        return criteria
    with transaction.atomic(), acting_as(actor):
        for n, (key, name_id, name_en, lower) in enumerate(DEFAULT_CRITERIA, start=1):
            QuickWinCriterion.objects.create(
                masterplan=masterplan,
                key=key,
                name_id=name_id,
                name_en=name_en,
                position=n,
                lower_is_better=lower,
                created_by=_creator(actor),
            )
    return list(QuickWinCriterion.objects.filter(masterplan=masterplan))


def save_weights(masterplan: Masterplan, *, actor: Any, weights: Mapping[str, float]) -> None:
    """Weights typed in; they need not add up to anything, only be zero or more."""
    bad = {f"weight_{k}": _("A weight cannot be negative.") for k, v in weights.items() if v < 0}
    if bad:
        raise ValidationError(bad)
    if weights and not any(v > 0 for v in weights.values()):
        raise ValidationError(_("At least one weight must be above zero."))
    with transaction.atomic(), acting_as(actor):
        ensure_draft(Masterplan.objects.select_for_update().get(pk=masterplan.pk))
        for criterion in QuickWinCriterion.objects.filter(masterplan=masterplan):
            if criterion.key in weights and criterion.weight != weights[criterion.key]:
                criterion.weight = float(weights[criterion.key])
                criterion.save()


def save_ahp(
    masterplan: Masterplan, *, actor: Any, judgements: Mapping[tuple[str, str], float]
) -> scoring.Ahp:
    """Derive the weights from pairwise comparisons and keep both."""
    for (a, b), value in judgements.items():
        if not 1 / 9 <= value <= 9:
            raise ValidationError({f"{a}__{b}": _("Use a value between 1/9 and 9.")})
    with transaction.atomic(), acting_as(actor):
        ensure_draft(Masterplan.objects.select_for_update().get(pk=masterplan.pk))
        criteria = list(QuickWinCriterion.objects.filter(masterplan=masterplan))
        result = scoring.ahp_weights([c.key for c in criteria], judgements)
        for criterion in criteria:
            criterion.judgements = {b: v for (a, b), v in judgements.items() if a == criterion.key}
            criterion.weight = round(result.weights[criterion.key], 6)
            criterion.save()
    return result


def stored_judgements(criteria: list[QuickWinCriterion]) -> dict[tuple[str, str], float]:
    return {(c.key, other): float(v) for c in criteria for other, v in c.judgements.items()}


def save_scores(
    masterplan: Masterplan, *, actor: Any, scores: Mapping[tuple[int, int], int | None]
) -> int:
    """Scores keyed by (programme id, criterion id); ``None`` clears one.

    Returns how many changed.
    """
    bad = {
        f"s-{p}-{c}": _("Scores go from 1 to 5.")
        for (p, c), v in scores.items()
        if v is not None and not 1 <= v <= 5
    }
    if bad:
        raise ValidationError(bad)
    programme_ids = set(masterplan.programmes.values_list("pk", flat=True))
    criterion_ids = set(
        QuickWinCriterion.objects.filter(masterplan=masterplan).values_list("pk", flat=True)
    )
    if any(p not in programme_ids or c not in criterion_ids for p, c in scores):
        raise ValidationError(_("Some scores belong to another masterplan."))
    changed = 0
    with transaction.atomic(), acting_as(actor):
        ensure_draft(Masterplan.objects.select_for_update().get(pk=masterplan.pk))
        existing = {
            (s.programme_id, s.criterion_id): s
            for s in QuickWinScore.objects.filter(programme__masterplan=masterplan)
        }
        for key, value in scores.items():
            row = existing.get(key)
            if value is None:
                if row is not None:
                    row.delete()
                    changed += 1
            elif row is None:
                QuickWinScore.objects.create(
                    programme_id=key[0],
                    criterion_id=key[1],
                    score=value,
                    scored_by=_creator(actor),
                    created_by=_creator(actor),
                )
                changed += 1
            elif row.score != value:
                row.score, row.scored_by = value, _creator(actor)
                row.save()
                changed += 1
    return changed


def ranking(masterplan: Masterplan) -> dict[str, Any]:
    """Criteria, every programme's scores and rank, the sensitivity and the rule warnings.

    Four queries whatever the number of programmes.
    """
    criteria = list(QuickWinCriterion.objects.filter(masterplan=masterplan))
    programmes = list(
        masterplan.programmes.select_related("dimension")
        .annotate(funded=Exists(FundingLine.objects.filter(programme=OuterRef("pk"), amount__gt=0)))
        .order_by("code")
    )
    by_criterion = {c.pk: c.key for c in criteria}
    scores: dict[int, dict[str, int | None]] = {p.pk: {} for p in programmes}
    for programme_id, criterion_id, score in QuickWinScore.objects.filter(
        programme__masterplan=masterplan
    ).values_list("programme_id", "criterion_id", "score"):
        scores[programme_id][by_criterion[criterion_id]] = score
    pure = [scoring.Criterion(c.key, c.weight, c.lower_is_better) for c in criteria]
    ranked = scoring.rank_programmes(scores, pure) if pure else []
    by_pk = {p.pk: p for p in programmes}
    dimensions = list(masterplan.framework.dimensions.order_by("position"))
    top_n = min(len(dimensions), len(programmes))
    sensitivity = scoring.sensitivity(scores, pure, top_n) if pure and top_n else []
    chosen = [p for p in programmes if p.is_quick_win]
    warnings = scoring.quick_win_warnings(
        [
            scoring.QuickWinFacts(p.pk, p.dimension.code, p.months_to_first_result, p.funded)
            for p in chosen
        ],
        [d.code for d in dimensions],
    )
    names = {d.code: d.name for d in dimensions} | {p.pk: p.code for p in programmes}
    chart = [
        {
            "label": by_pk[pk].code,
            "x": typed["cost"],
            "y": typed["public_impact"],
            "chosen": by_pk[pk].is_quick_win,
        }
        for pk, typed in scores.items()
        if typed.get("cost") and typed.get("public_impact")
    ]
    return {
        "criteria": criteria,
        "rows": [
            {
                "programme": by_pk[r.key],
                "rank": r.rank,
                "total": r.total,
                "complete": r.complete,
                "scores": [(c.pk, scores[r.key].get(c.key)) for c in criteria],
            }
            for r in ranked
        ],
        "sensitivity": [
            {
                "criterion": s.criterion,
                "change": s.change,
                "entered": [by_pk[k].code for k in s.entered],
                "left": [by_pk[k].code for k in s.left],
            }
            for s in sensitivity
            if s.entered or s.left
        ],
        "chart": chart,
        "warnings": [
            scoring.warning_message(w, str(names.get(w.subject, w.subject))) for w in warnings
        ],
    }
