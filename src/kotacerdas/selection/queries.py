"""Read side of selection: campaigns and applications scoped to a user, and the ranking.

The ranking is built in a fixed number of queries whatever the number of applicants: the
campaign's criteria, its applications (with region and province) and all its criterion
values, then ranked in Python by ``scoring.rank``. A closed campaign reads its frozen
``RankingEntry`` rows instead.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.cache import cache
from django.db.models import Count, Max, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kotacerdas.accounts.models import Membership, Role, User
from kotacerdas.accounts.scope import scope_of
from kotacerdas.framework.models import InstrumentItem
from kotacerdas.lib.waiting import Waiting
from kotacerdas.readiness.models import Answer, Assessment
from kotacerdas.readiness.scoring import ItemInput, compute
from kotacerdas.regions.models import Region

from . import scoring
from .models import (
    Application,
    Assignment,
    Campaign,
    CampaignCriterion,
    CriterionValue,
    RankingEntry,
    VerifiedLevel,
)
from .rules import REGION_ROLES, Visitor


def campaigns_visible_to(user: Visitor) -> QuerySet[Campaign]:
    """National admins: every campaign. Region users: open or closed campaigns their region
    may apply to. Assessors: campaigns with an application assigned to them."""
    campaigns = Campaign.objects.select_related("instrument")
    scope = scope_of(user)
    if scope.national:
        return campaigns
    if not scope.authenticated:
        return campaigns.none()
    regions = scope.regions_with(*REGION_ROLES)
    eligible = Q(open_to_all=True) if regions else Q(pk__in=[])
    invited = Campaign.invited_regions.through.objects.filter(region_id__in=regions)
    assigned = Assignment.objects.filter(assessor_id=user.pk).values("application__campaign_id")
    return campaigns.filter(
        Q(status__in=[Campaign.Status.OPEN, Campaign.Status.CLOSED])
        & (eligible | Q(pk__in=invited.values("campaign_id")) | Q(pk__in=assigned))
    )


def campaign_list(user: Visitor) -> QuerySet[Campaign]:
    return campaigns_visible_to(user).annotate(
        applicant_count=Count(
            "applications", filter=~Q(applications__status=Application.Status.DRAFT)
        )
    )


def applications_visible_to(user: Visitor, campaign: Campaign) -> QuerySet[Application]:
    """The campaign's applications the user may open (an assessor: assigned ones only)."""
    applications = campaign.applications.select_related("region", "region__province")
    scope = scope_of(user)
    if scope.national:
        return applications
    regions = scope.regions_with(*REGION_ROLES)
    assigned = Assignment.objects.filter(assessor_id=user.pk).values("application_id")
    return applications.filter(Q(region_id__in=regions) | Q(pk__in=assigned))


def own_regions(user: Visitor) -> frozenset[int]:
    return scope_of(user).regions_with(*REGION_ROLES)


def is_eligible(campaign: Campaign, region_id: int, *, invited: Iterable[int] = ()) -> bool:
    return campaign.open_to_all or region_id in set(invited)


def assessors() -> QuerySet[User]:
    """Users who hold the assessor role somewhere: the people who may be assigned."""
    ids = Membership.objects.filter(role=Role.ASSESSOR, user__is_active=True).values("user_id")
    return User.objects.filter(pk__in=ids).order_by("username")


def submitted_assessments(campaign: Campaign, region_id: int) -> QuerySet[Assessment]:
    return Assessment.objects.filter(
        region_id=region_id,
        instrument=campaign.instrument,
        status=Assessment.Status.SUBMITTED,
    ).order_by("-year")


# Readiness scores -------------------------------------------------------------------------


def readiness_score(assessment: Assessment, overrides: dict[int, int] | None = None) -> float:
    """The overall readiness score, by the readiness module's own function and rule.

    ``overrides`` (item id → level) are the assessor's verified levels; without them this
    is the region's self-assessed score, the number its readiness page shows.
    """
    instrument = assessment.instrument
    levels = dict(Answer.objects.filter(assessment=assessment).values_list("item_id", "level"))
    levels.update(overrides or {})
    items = [
        ItemInput(
            key=pk,
            dimension=dimension,
            aspect=aspect,
            weight=float(weight),
            target=target,
            level=levels.get(pk),
        )
        for pk, dimension, aspect, weight, target in InstrumentItem.objects.filter(
            instrument=instrument
        ).values_list("pk", "dimension__code", "aspect__code", "weight", "target_level")
    ]
    return compute(items, floor=instrument.scale_min).overall.current


def verified_overrides(application: Application) -> dict[int, int]:
    return dict(
        VerifiedLevel.objects.filter(application=application).values_list("item_id", "level")
    )


# The ranking ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    code: str
    value: float | None
    score: float


@dataclass(frozen=True)
class Row:
    """One line of the ranking table, live or frozen."""

    rank: int
    region_code: str
    region_name: str
    province_code: str
    province_name: str
    kind: str
    status: str
    self_score: float
    verified_score: float
    criteria: list[Cell]
    total: float
    selected: bool
    submitted_at: datetime | None

    @property
    def kind_label(self) -> str:
        return str(Region.Kind(self.kind).label)

    @property
    def status_label(self) -> str:
        return str(Application.Status(self.status).label)


def criteria_of(campaign: Campaign) -> list[CampaignCriterion]:
    return list(campaign.criteria.order_by("code"))


def ranking(campaign: Campaign, criteria: Sequence[CampaignCriterion]) -> list[Row]:
    """The whole ranking, best first: frozen rows once closed, computed live before."""
    return ranking_with_key(campaign, criteria)[0]


def ranking_with_key(
    campaign: Campaign, criteria: Sequence[CampaignCriterion]
) -> tuple[list[Row], str]:
    """The ranking and the cache key it is stored under.

    A live ranking is cached under a fingerprint of everything it is computed from (the
    campaign, its criteria, applications and values: how many, and the latest change), so
    any change through a service, the admin or a migration gives a fresh ranking; reading
    the fingerprint is one aggregate query. A frozen ranking never changes once closed.
    """
    versions = ".".join(f"{c.pk}-{c.version}" for c in criteria)
    if campaign.is_closed:
        stamp = campaign.closed_at.isoformat() if campaign.closed_at else ""
        key = f"selection:ranking:{campaign.pk}:closed:{stamp}:{versions}"
        compute = _frozen
    else:
        key = f"selection:ranking:{campaign.pk}:{_fingerprint(campaign, criteria)}"
        compute = _live
    rows = _recent.get(key)
    if rows is None:
        rows = cache.get(key)
        if rows is None:
            rows = compute(campaign, criteria)
            cache.set(key, rows, RANKING_CACHE_SECONDS)
        _remember(key, rows)
    return rows, key


# The last few rankings this process used, unpickled: a page of a 514-row ranking then
# costs no deserialisation. Entries are keyed like the cache, so a stale one is never hit.
_recent: OrderedDict[str, list[Row]] = OrderedDict()
RECENT_RANKINGS = 8


_recent_lock = threading.Lock()


def _remember(key: str, rows: list[Row]) -> None:
    with _recent_lock:
        _recent[key] = rows
        _recent.move_to_end(key)
        while len(_recent) > RECENT_RANKINGS:
            _recent.popitem(last=False)


RANKING_CACHE_SECONDS = 600


def _fingerprint(campaign: Campaign, criteria: Sequence[CampaignCriterion]) -> str:
    """How many applications and values there are and when the last one changed."""
    facts = {"n": Count("pk"), "last": Max("updated")}
    applications = Application.objects.filter(campaign=campaign).aggregate(**facts)
    values = CriterionValue.objects.filter(application__campaign=campaign).aggregate(**facts)
    parts = [
        campaign.version,
        campaign.updated,
        *applications.values(),
        *values.values(),
        *(f"{c.pk}.{c.version}" for c in criteria),
    ]
    return hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:32]


APPLICATION_COLUMNS = (
    "pk",
    "status",
    "self_score",
    "verified_score",
    "submitted_at",
    "region__code",
    "region__name",
    "region__kind",
    "region__province__code",
    "region__province__name",
)


def _live(campaign: Campaign, criteria: Sequence[CampaignCriterion]) -> list[Row]:
    """Rank from plain values (no model instances): three queries however many applicants."""
    applications = {
        values[5]: values
        for values in campaign.applications.exclude(status=Application.Status.DRAFT).values_list(
            *APPLICATION_COLUMNS
        )
    }
    codes = {c.pk: c.code for c in criteria}
    values: dict[int, dict[str, float | None]] = {}
    for app_id, criterion_id, value in CriterionValue.objects.filter(
        application__campaign=campaign
    ).values_list("application_id", "criterion_id", "value"):
        if criterion_id in codes:
            values.setdefault(app_id, {})[codes[criterion_id]] = (
                None if value is None else float(value)
            )
    ranked = scoring.rank(
        [
            scoring.Candidate(
                key=code, readiness=app[3], submitted_at=app[4], values=values.get(app[0], {})
            )
            for code, app in applications.items()
        ],
        [
            scoring.Criterion(
                c.code, float(c.weight), float(c.value_min), float(c.value_max), c.lower_is_better
            )
            for c in criteria
        ],
        readiness_weight=float(campaign.readiness_weight),
        scale=(campaign.instrument.scale_min, campaign.instrument.scale_max),
        quota=campaign.quota,
    )
    rows = []
    for result in ranked:
        pk, status, self_score, verified, submitted, code, name, kind, p_code, p_name = (
            applications[result.key]
        )
        own = values.get(pk, {})
        rows.append(
            Row(
                rank=result.rank,
                region_code=code,
                region_name=name,
                province_code=p_code or "",
                province_name=p_name or "",
                kind=kind,
                status=status,
                self_score=self_score,
                verified_score=verified,
                criteria=[Cell(c, own.get(c), result.criteria[c]) for c in codes.values()],
                total=result.total,
                selected=result.selected,
                submitted_at=submitted,
            )
        )
    return rows


def _frozen(campaign: Campaign, criteria: Sequence[CampaignCriterion]) -> list[Row]:
    rows = []
    for entry in RankingEntry.objects.filter(campaign=campaign).select_related(
        "region", "region__province"
    ):
        frozen = entry.criteria
        cells = [
            Cell(
                c.code,
                frozen.get(c.code, {}).get("value"),
                frozen.get(c.code, {}).get("score", 0.0),
            )
            for c in criteria
        ]
        rows.append(
            _row(
                entry.region,
                rank=entry.rank,
                status=entry.application_status,
                self_score=entry.self_score,
                verified_score=entry.verified_score,
                criteria=cells,
                total=entry.total,
                selected=entry.selected,
                submitted_at=entry.submitted_at,
            )
        )
    return rows


def _row(region: Any, **fields: Any) -> Row:
    province = region.province
    return Row(
        region_code=region.code,
        region_name=region.name,
        province_code=province.code if province else "",
        province_name=province.name if province else "",
        kind=region.kind,
        **fields,
    )


SORT_KEYS = ("rank", "region", "province", "self", "verified", "total")


def sort_rows(rows: list[Row], key: str) -> list[Row]:
    """Sort by a column (``-`` prefix for descending); criterion codes sort by their score."""
    descending = key.startswith("-")
    name = key.lstrip("-")
    getters: dict[str, Any] = {
        "rank": lambda r: r.rank,
        "region": lambda r: r.region_name,
        "province": lambda r: (r.province_name, r.rank),
        "self": lambda r: r.self_score,
        "verified": lambda r: r.verified_score,
        "total": lambda r: r.total,
    }
    getter = getters.get(name)
    if getter is None:
        codes = [c.code for c in rows[0].criteria] if rows else []
        if name not in codes:
            return rows
        position = codes.index(name)
        return sorted(rows, key=lambda r: r.criteria[position].score, reverse=descending)
    return sorted(rows, key=getter, reverse=descending)


def filter_rows(
    rows: Iterable[Row], *, province: str = "", kind: str = "", status: str = ""
) -> list[Row]:
    """Rows of one province, kind, or status (``selected``/``not_selected`` or the
    application status)."""
    statuses = set(Application.Status.values)
    result = []
    for row in rows:
        if province and row.province_code != province:
            continue
        if kind and row.kind != kind:
            continue
        if status == "selected" and not row.selected:
            continue
        if status == "not_selected" and row.selected:
            continue
        if status in statuses and row.status != status:
            continue
        result.append(row)
    return result


@dataclass(frozen=True)
class Result:
    """What a region may see of a ranking: its own row and the counts."""

    row: Row | None
    applicants: int
    selected: int
    final: bool


def result_for(campaign: Campaign, rows: Sequence[Row], region_code: str) -> Result:
    """The region's own row, shown only once the campaign is closed (ranks are final)."""
    own = next((r for r in rows if r.region_code == region_code), None)
    return Result(
        row=own if campaign.is_closed else None,
        applicants=len(rows),
        selected=sum(1 for r in rows if r.selected),
        final=campaign.is_closed,
    )


def waiting_for(user: User | Any) -> list[Waiting]:
    """Selection work waiting for ``user`` (one query per role at most): for the national
    administrator the open campaigns with the applications still to verify; for an assessor
    the submitted applications assigned to them."""
    scope = scope_of(user)
    found: list[Waiting] = []
    if scope.national:
        submitted = Q(applications__status=Application.Status.SUBMITTED)
        campaigns = (
            Campaign.objects.filter(status=Campaign.Status.OPEN)
            .annotate(to_verify=Count("applications", filter=submitted))
            .order_by("deadline", "pk")
            .values_list("pk", "name", "to_verify")
        )
        for pk, name, to_verify in campaigns:
            url = reverse("selection:campaign_detail", kwargs={"pk": pk})
            text = _("Campaign “%(name)s” is open") % {"name": name}
            found.append(Waiting(None, "campaign", text, url))
            if to_verify:
                text = ngettext(
                    "%(count)d application to verify in “%(name)s”",
                    "%(count)d applications to verify in “%(name)s”",
                    to_verify,
                ) % {"count": to_verify, "name": name}
                found.append(Waiting(None, "verify", text, url, to_verify))
    if scope.regions_with(Role.ASSESSOR):
        assigned = (
            Assignment.objects.filter(
                assessor=user, application__status=Application.Status.SUBMITTED
            )
            .order_by("application__region__code")
            .values_list(
                "application__campaign_id",
                "application__campaign__name",
                "application__region_id",
                "application__region__code",
            )
        )
        for campaign_id, name, region_id, code in assigned:
            url = reverse("selection:application_detail", kwargs={"pk": campaign_id, "code": code})
            text = _("Application to “%(name)s” assigned to you: verify it") % {"name": name}
            found.append(Waiting(region_id, "assigned", text, url))
    return found


@dataclass(frozen=True)
class SelectedRegion:
    """A region a closed campaign selected: its rank among all who took part."""

    region_id: int
    rank: int


@dataclass(frozen=True)
class Selection:
    """A closed campaign's frozen outcome: the selected regions and how many took part."""

    regions: list[SelectedRegion]
    participants: int


def selection_of(campaign: Campaign) -> Selection:
    """The frozen ranking's selected regions (in rank order) and the number of regions
    ranked, in one query."""
    rows = list(
        RankingEntry.objects.filter(campaign=campaign)
        .order_by("rank")
        .values_list("region_id", "rank", "selected")
    )
    return Selection(
        regions=[SelectedRegion(region_id, rank) for region_id, rank, selected in rows if selected],
        participants=len(rows),
    )
