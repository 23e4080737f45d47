"""JSON API of quick-win selection."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from ..masterplans.api import api_id, masterplan_or_404
from ..masterplans.models import Masterplan
from . import queries

router = Router()


class CriterionOut(Schema):
    key: str
    name: str
    weight: float
    lower_is_better: bool


class RankedOut(Schema):
    programme_id: int
    code: str
    rank: int
    total: float
    complete: bool
    is_quick_win: bool
    scores: dict[str, int | None]


class QuickWinsOut(Schema):
    criteria: list[CriterionOut]
    ranking: list[RankedOut]
    warnings: list[str]


@router.get(
    "/masterplans/{masterplan_id}/quick-wins",
    response=QuickWinsOut,
    summary="Quick-win ranking with every programme's scores",
    operation_id=api_id("get_quick_wins"),
)
def get_quick_wins(request: HttpRequest, masterplan_id: int) -> dict[str, Any]:
    masterplan = masterplan_or_404(request, masterplan_id)
    masterplan = Masterplan.objects.select_related("framework").get(pk=masterplan.pk)
    ranking = queries.ranking(masterplan)
    keys = {c.pk: c.key for c in ranking.criteria}
    return {
        "criteria": ranking.criteria,
        "ranking": [
            {
                "programme_id": row.programme.pk,
                "code": row.programme.code,
                "rank": row.rank,
                "total": row.total,
                "complete": row.complete,
                "is_quick_win": row.programme.is_quick_win,
                "scores": {keys[cid]: score for cid, score in row.scores},
            }
            for row in ranking.rows
        ],
        "warnings": ranking.warnings,
    }
