"""Quick-win selection: criteria and weights (typed or by AHP), scores, and the choice.

The maths lives in ``scoring.py``; the ranking is read in ``queries.py``. Each function is one
transaction: it locks the masterplan, checks it is a draft the actor may change, and writes to
the audit trail as the actor. A new masterplan gets the default criteria from here, when the
masterplan slice says it was created.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.dispatch import receiver
from django.utils.translation import gettext as _

from kotacerdas.accounts.actors import Actor, acting, require, user_of

from ..masterplans.locks import ensure_draft, lock_draft, lock_masterplan
from ..masterplans.models import Masterplan
from ..masterplans.signals import masterplan_created
from ..programmes.models import Programme
from . import scoring
from .models import QuickWinCriterion, QuickWinScore

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


WEIGH = "planning.weigh_quick_wins"


def _create_default_criteria(masterplan: Masterplan, actor: Actor) -> None:
    """The seven default criteria with equal weights, for a masterplan that has none (inside
    the caller's transaction, which has checked the actor)."""
    for n, (key, name_id, name_en, lower) in enumerate(DEFAULT_CRITERIA, start=1):
        QuickWinCriterion.objects.create(
            masterplan=masterplan,
            key=key,
            name_id=name_id,
            name_en=name_en,
            position=n,
            lower_is_better=lower,
            created_by=user_of(actor),
        )


@receiver(masterplan_created)
def _criteria_of_a_new_masterplan(
    sender: Any, *, masterplan: Masterplan, actor: Actor, **kw: Any
) -> None:
    _create_default_criteria(masterplan, actor)


def ensure_criteria(masterplan: Masterplan, *, actor: Actor) -> list[QuickWinCriterion]:
    """The masterplan's criteria; the seven defaults with equal weights the first time."""
    with transaction.atomic(), acting(actor):
        current = lock_draft(masterplan.pk, actor, WEIGH)
        if not current.quick_win_criteria.exists():
            _create_default_criteria(current, actor)
    return list(QuickWinCriterion.objects.filter(masterplan=masterplan))


def save_weights(masterplan: Masterplan, *, actor: Actor, weights: Mapping[str, float]) -> None:
    """Weights typed in; they need not add up to anything, only be zero or more."""
    bad = {f"weight_{k}": _("A weight cannot be negative.") for k, v in weights.items() if v < 0}
    if bad:
        raise ValidationError(bad)
    if weights and not any(v > 0 for v in weights.values()):
        raise ValidationError(_("At least one weight must be above zero."))
    with transaction.atomic(), acting(actor):
        current = lock_draft(masterplan.pk, actor, WEIGH)
        for criterion in QuickWinCriterion.objects.filter(masterplan=current):
            if criterion.key in weights and criterion.weight != weights[criterion.key]:
                criterion.weight = float(weights[criterion.key])
                criterion.save()


def save_ahp(
    masterplan: Masterplan, *, actor: Actor, judgements: Mapping[tuple[str, str], float]
) -> scoring.Ahp:
    """Derive the weights from pairwise comparisons and keep both."""
    for (a, b), value in judgements.items():
        if not 1 / 9 <= value <= 9:
            raise ValidationError({f"{a}__{b}": _("Use a value between 1/9 and 9.")})
    with transaction.atomic(), acting(actor):
        current = lock_draft(masterplan.pk, actor, WEIGH)
        criteria = list(QuickWinCriterion.objects.filter(masterplan=current))
        result = scoring.ahp_weights([c.key for c in criteria], judgements)
        for criterion in criteria:
            criterion.judgements = {b: v for (a, b), v in judgements.items() if a == criterion.key}
            criterion.weight = round(result.weights[criterion.key], 6)
            criterion.save()
    return result


Scores = Mapping[tuple[int, int], int | None]


def _check_scores(masterplan: Masterplan, scores: Scores, actor: Actor) -> None:
    """Scores from 1 to 5, of this masterplan's programmes and criteria, each programme one
    the actor may score."""
    bad = {
        f"s-{p}-{c}": _("Scores go from 1 to 5.")
        for (p, c), v in scores.items()
        if v is not None and not 1 <= v <= 5
    }
    if bad:
        raise ValidationError(bad)
    programmes = {
        p.pk: p
        for p in Programme.objects.filter(
            masterplan=masterplan, pk__in={p for p, _c in scores}
        ).prefetch_related("supports")
    }
    criteria = set(masterplan.quick_win_criteria.values_list("pk", flat=True))
    if any(p not in programmes or c not in criteria for p, c in scores):
        raise ValidationError(_("Some scores belong to another masterplan."))
    for programme in programmes.values():
        programme.masterplan = masterplan  # the rules read it
        require(actor, "planning.score_programme", programme)


def save_scores(masterplan: Masterplan, *, actor: Actor, scores: Scores) -> int:
    """Scores keyed by (programme id, criterion id); ``None`` clears one. The coordinator
    scores every programme, an agency editor those its agency leads or supports.

    Returns how many changed.
    """
    changed = 0
    with transaction.atomic(), acting(actor):
        current = lock_masterplan(masterplan.pk)
        ensure_draft(current)
        require(actor, "planning.score_quick_wins", current)
        _check_scores(current, scores, actor)
        existing = {
            (s.programme_id, s.criterion_id): s
            for s in QuickWinScore.objects.select_for_update(of=("self",)).filter(
                programme__masterplan=current
            )
        }
        for key, value in scores.items():
            changed += _save_score(existing.get(key), key, value, actor)
    return changed


def _save_score(
    row: QuickWinScore | None, key: tuple[int, int], value: int | None, actor: Actor
) -> int:
    """Write one score; 1 when it changed, else 0."""
    if value is None:
        if row is None:
            return 0
        row.delete()
    elif row is None:
        QuickWinScore.objects.create(
            programme_id=key[0],
            criterion_id=key[1],
            score=value,
            scored_by=user_of(actor),
            created_by=user_of(actor),
        )
    elif row.score != value:
        row.score, row.scored_by = value, user_of(actor)
        row.save()
    else:
        return 0
    return 1


def set_quick_wins(masterplan: Masterplan, *, actor: Actor, chosen: Iterable[int]) -> int:
    """Mark exactly the programmes in ``chosen`` as quick wins; returns how many changed."""
    wanted = set(chosen)
    changed = 0
    with transaction.atomic(), acting(actor):
        current_plan = lock_draft(masterplan.pk, actor, "planning.choose_quick_wins")
        for programme in current_plan.programmes.select_for_update():
            flag = programme.pk in wanted
            if programme.is_quick_win != flag:
                programme.is_quick_win = flag
                programme.save(update_fields=["is_quick_win"])
                changed += 1
    return changed


def save_quick_win_sheet(
    masterplan: Masterplan, *, actor: Actor, scores: Scores, chosen: Iterable[int] | None
) -> tuple[int, int]:
    """The quick-win page's one form: the scores and, when ``chosen`` is given, exactly which
    programmes are quick wins, saved together or not at all. Each part checks its own
    permission (an agency editor scores, only the coordinator chooses).

    Returns how many scores and how many quick-win marks changed.
    """
    with transaction.atomic():
        scored = save_scores(masterplan, actor=actor, scores=scores) if scores else 0
        marked = 0 if chosen is None else set_quick_wins(masterplan, actor=actor, chosen=chosen)
    return scored, marked
