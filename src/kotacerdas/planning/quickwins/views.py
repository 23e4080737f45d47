"""Quick-win page: scoring grid, weights typed or by AHP, ranking, sensitivity, choice."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kotacerdas.lib.numbers import whole_number

from ..masterplans.edges import acting_user, masterplan_context, masterplan_for, report
from . import queries, scoring, services
from .models import QuickWinCriterion
from .presenters import consistency_limit, impact_effort_chart, ratio

SAATY = ("9", "7", "5", "3", "1", "1/3", "1/5", "1/7", "1/9")


@login_required
@require_GET
def quickwin_view(request: HttpRequest, pk: int) -> HttpResponse:
    masterplan = masterplan_for(request, pk)
    user = acting_user(request)
    ranking = queries.ranking(masterplan)
    can_score = user.has_perm("planning.score_quick_wins", masterplan)
    scorable = {
        row.programme.pk
        for row in ranking.rows
        if can_score and user.has_perm("planning.score_programme", row.programme)
    }
    return render(
        request,
        "planning/quickwins.html",
        masterplan_context(
            request,
            masterplan,
            ranking=ranking,
            chart=impact_effort_chart(ranking),
            can_score=bool(scorable),
            scorable=scorable,
        ),
    )


def _int(value: str) -> int | None:
    value = value.strip()
    if not value:
        return None
    try:
        return int(value)
    except ValueError:
        return -1  # reported as out of range


def _scores(post: Any) -> dict[tuple[int, int], int | None]:
    """The scoring grid's fields ``s-<programme>-<criterion>``, each 1–5 or nothing."""
    scores: dict[tuple[int, int], int | None] = {}
    for name in post:
        parts = name.split("-")
        if len(parts) != 3 or parts[0] != "s":
            continue
        programme, criterion = whole_number(parts[1]), whole_number(parts[2])
        if programme is not None and criterion is not None:
            scores[(programme, criterion)] = _int(post.get(name, ""))
    return scores


@login_required
@require_POST
def quickwin_scores(request: HttpRequest, pk: int) -> HttpResponse:
    """Saves the page's one form: the scoring grid and, when the form holds the choice (the
    coordinator's, marked by ``choice``), the ticked quick wins, together or not at all."""
    masterplan = masterplan_for(request, pk, change="planning.score_quick_wins")
    scores, chosen = _scores(request.POST), None
    if "choice" in request.POST:
        picked = (whole_number(v) for v in request.POST.getlist("chosen"))
        chosen = [pk for pk in picked if pk is not None]
    try:
        scored, marked = services.save_quick_win_sheet(
            masterplan, actor=acting_user(request), scores=scores, chosen=chosen
        )
    except ValidationError as exc:
        report(request, exc)
    else:
        if scores:
            messages.success(request, _("%(n)d scores saved.") % {"n": scored})
        if chosen is not None:
            messages.success(
                request,
                ngettext(
                    "Quick wins saved: %(n)d programme changed.",
                    "Quick wins saved: %(n)d programmes changed.",
                    marked,
                )
                % {"n": marked},
            )
    return redirect("planning:quickwin_view", pk=masterplan.pk)


def _pairs(criteria: list[Any]) -> list[tuple[Any, Any]]:
    return [(a, b) for i, a in enumerate(criteria) for b in criteria[i + 1 :]]


def _fraction_label(value: float) -> str:
    fraction = Fraction(value).limit_denominator(9)
    return str(fraction)


@login_required
@require_http_methods(["GET", "POST"])
def quickwin_weights(request: HttpRequest, pk: int) -> HttpResponse:
    """Weights typed in, or derived from pairwise comparisons (AHP) with the consistency ratio."""
    masterplan = masterplan_for(request, pk, change="planning.change_masterplan")
    criteria = list(QuickWinCriterion.objects.filter(masterplan=masterplan))
    if request.method == "POST":
        criteria = services.ensure_criteria(masterplan, actor=acting_user(request))
        try:
            if request.POST.get("method") == "ahp":
                judgements = {
                    (a.key, b.key): float(Fraction(request.POST.get(f"{a.key}__{b.key}", "1")))
                    for a, b in _pairs(criteria)
                }
                result = services.save_ahp(
                    masterplan, actor=acting_user(request), judgements=judgements
                )
                if result.cr is not None and not result.consistent:
                    messages.warning(
                        request,
                        _(
                            "The comparisons are not consistent (CR %(cr)s > %(limit)s);"
                            " review them."
                        )
                        % {"cr": ratio(result.cr), "limit": consistency_limit()},
                    )
            else:
                weights = {
                    c.key: float(request.POST.get(f"weight_{c.key}", c.weight) or 0)
                    for c in criteria
                }
                services.save_weights(masterplan, actor=acting_user(request), weights=weights)
        except (ValueError, ZeroDivisionError):
            messages.error(request, _("Use numbers for the weights and comparisons."))
        except ValidationError as exc:
            report(request, exc)
        else:
            messages.success(request, _("Weights saved."))
            return redirect("planning:quickwin_view", pk=masterplan.pk)
    judgements = queries.stored_judgements(criteria)
    ahp = scoring.ahp_weights([c.key for c in criteria], judgements) if criteria else None
    pairs = [
        (a, b, _fraction_label(judgements.get((a.key, b.key), 1.0))) for a, b in _pairs(criteria)
    ]
    return render(
        request,
        "planning/quickwin_weights.html",
        masterplan_context(
            request,
            masterplan,
            criteria=criteria,
            pairs=pairs,
            ahp=ahp,
            cr=None if ahp is None or ahp.cr is None else ratio(ahp.cr),
            limit=consistency_limit(),
            saaty=SAATY,
        ),
    )
