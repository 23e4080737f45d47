"""JSON API of selection campaigns: the list and the ranking, with the pages' rules."""

from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from kotacerdas.accounts.access import get_for_user
from kotacerdas.lib.pagination import LimitOffsetPagination
from kotacerdas.regions.models import Region

from . import queries

router = Router(tags=["selection"])


class CampaignOut(Schema):
    id: int
    name: str
    year: int
    instrument_id: int
    quota: int
    deadline: date
    open_to_all: bool
    readiness_weight: float
    status: str
    closed_at: datetime | None
    applicant_count: int


class CriterionScore(Schema):
    code: str
    value: float | None
    score: float


class RankingRowOut(Schema):
    rank: int
    region_code: str
    region_name: str
    province_code: str
    kind: str
    status: str
    self_score: float
    verified_score: float
    criteria: list[CriterionScore]
    total: float
    selected: bool


class RankingOut(Schema):
    campaign_id: int
    final: bool
    quota: int
    applicants: int
    selected: int
    rows: list[RankingRowOut]


class RankingPage(Schema):
    limit: int = Field(100, ge=1, le=500)
    offset: int = Field(0, ge=0)


@router.get("/campaigns", response=list[CampaignOut], summary="List selection campaigns")
@paginate(LimitOffsetPagination)
def list_campaigns(request: HttpRequest) -> Any:
    """National admins: every campaign. Region users: open and closed campaigns their
    region may apply to. Assessors: campaigns with applications assigned to them."""
    return queries.campaign_list(request.user).order_by("-year", "name", "pk")


@router.get("/campaigns/{campaign_id}/ranking", response=RankingOut, summary="Campaign ranking")
def get_ranking(request: HttpRequest, campaign_id: int, page: Query[RankingPage]) -> Any:
    """The full ranking for the national admin (rows by rank, ``limit``/``offset``). A
    region user gets only the counts and, once the campaign is closed, its own row; others
    may not read rankings (403)."""
    user = request.user
    campaign = get_for_user(user, queries.campaigns_visible_to(user), view=None, pk=campaign_id)
    rows = queries.ranking(campaign, queries.criteria_of(campaign))
    body = {
        "campaign_id": campaign.pk,
        "final": campaign.is_closed,
        "quota": campaign.quota,
        "applicants": len(rows),
        "selected": sum(1 for r in rows if r.selected),
    }
    if user.has_perm("selection.manage_campaign"):
        return {**body, "rows": rows[page.offset : page.offset + page.limit]}
    own = queries.own_regions(user)
    if not own:
        raise PermissionDenied
    codes = set(Region.objects.filter(pk__in=own).values_list("code", flat=True))
    results = [queries.result_for(campaign, rows, code) for code in sorted(codes)]
    return {**body, "rows": [r.row for r in results if r.row is not None]}
