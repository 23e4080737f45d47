"""Read side of readiness: scoped querysets, score inputs and peer medians."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db.models import Count, Exists, F, Max, OuterRef, Prefetch, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kotacerdas.accounts.models import Role, User
from kotacerdas.accounts.scope import scope_of
from kotacerdas.framework.models import Dimension, InstrumentAspect
from kotacerdas.lib.waiting import Waiting
from kotacerdas.regions.models import Region

from . import scoring
from .models import Answer, Assessment, Evidence, SwotEntry


def assessments_visible_to(user: User | AnonymousUser) -> QuerySet[Assessment]:
    """Assessments of regions the user may read (never public)."""
    return Assessment.objects.filter(scope_of(user).region_filter("region__")).select_related(
        "region__province", "instrument"
    )


def answers_visible_to(user: User | AnonymousUser) -> QuerySet[Answer]:
    return Answer.objects.filter(
        scope_of(user).region_filter("assessment__region__")
    ).select_related("assessment__region__province", "assessment__instrument", "item")


def evidence_visible_to(user: User | AnonymousUser) -> QuerySet[Evidence]:
    return Evidence.objects.filter(
        scope_of(user).region_filter("answer__assessment__region__")
    ).select_related("answer__assessment__region__province", "answer__assessment__instrument")


def swot_visible_to(user: User | AnonymousUser) -> QuerySet[SwotEntry]:
    return (
        SwotEntry.objects.filter(scope_of(user).region_filter("assessment__region__"))
        .select_related(
            "assessment__region__province", "assessment__instrument", "aspect", "dimension"
        )
        .prefetch_related("items")
    )


def current_swot(assessment: Assessment) -> QuerySet[SwotEntry]:
    """The entries of an assessment's SWOT, without removed ones."""
    return assessment.swot.filter(removed_at__isnull=True)


def assessments_of(region: Region) -> QuerySet[Assessment]:
    return (
        region.assessments.select_related("instrument")
        .annotate(
            answered=Count("answers", filter=Q(answers__level__isnull=False)),
            total=Count("answers"),
        )
        .order_by("-year")
    )


def answer_sheet(assessment: Assessment, *, dimension: str = "") -> QuerySet[Answer]:
    """The answers of an assessment with everything the sheet shows, in instrument order."""
    answers = assessment.answers.select_related(
        "item__dimension", "item__aspect", "item__element", "agency", "answered_by"
    ).prefetch_related(Prefetch("evidence", queryset=Evidence.objects.order_by("created")))
    if dimension:
        answers = answers.filter(item__dimension__code=dimension)
    return answers.order_by("item__position")


def dimensions_of(assessment: Assessment) -> QuerySet[Dimension]:
    return Dimension.objects.filter(framework_id=assessment.instrument.framework_id).order_by(
        "position"
    )


def aspects_of(assessment: Assessment) -> QuerySet[InstrumentAspect]:
    return InstrumentAspect.objects.filter(instrument_id=assessment.instrument_id).order_by(
        "position"
    )


def score_inputs(assessment: Assessment) -> list[scoring.ItemInput[int]]:
    """One row per item with its current answer, in one query."""
    rows = assessment.answers.order_by("item__position").values_list(
        "item_id",
        "item__dimension__code",
        "item__aspect__code",
        "item__weight",
        "item__target_level",
        "level",
    )
    return [
        scoring.ItemInput(item_id, dimension, aspect, float(weight), target, level)
        for item_id, dimension, aspect, weight, target, level in rows
    ]


def scores_of(assessment: Assessment) -> scoring.Scores[int]:
    return scoring.compute(score_inputs(assessment), floor=assessment.instrument.scale_min)


@dataclass(frozen=True)
class PeerRow:
    """The region's figure beside the medians of its peers."""

    key: str
    own: float
    national: scoring.Peer
    province: scoring.Peer
    kind: scoring.Peer

    @property
    def medians(self) -> list[scoring.Peer]:
        return [self.national, self.province, self.kind]


@dataclass(frozen=True)
class PeerFigures:
    """One submitted assessment's figures for the peer medians: per dimension code, the sum of
    weight × level (unanswered at the floor) and of weights."""

    assessment_id: int
    year: int
    region_id: int
    province_id: int | None
    kind: str
    sums: dict[str, tuple[float, float]]


PEER_CACHE_SECONDS = 24 * 60 * 60


def _peer_key(instrument_id: int) -> str:
    """The cache key of an instrument version's peer figures: it names the submitted
    assessments and their versions, so a submission or return made anywhere (another server
    process, a command) leads to another key even before the services' ``forget`` is seen."""
    # One row summing the submitted assessments' ids and versions, not a row per assessment:
    # a submission adds an id, a return removes one, and each bumps the version.
    submitted = Assessment.objects.filter(
        instrument_id=instrument_id, status=Assessment.Status.SUBMITTED
    ).aggregate(n=Count("pk"), ids=Sum("pk"), versions=Sum("version"), last=Max("pk"))
    facts = (submitted["n"], submitted["ids"], submitted["versions"], submitted["last"])
    digest = hashlib.sha256(repr(facts).encode()).hexdigest()[:32]
    return f"readiness:peers:{instrument_id}:{digest}"


def _compute_peer_figures(instrument_id: int, floor: int) -> list[PeerFigures]:
    rows = (
        Answer.objects.filter(
            assessment__instrument_id=instrument_id,
            assessment__status=Assessment.Status.SUBMITTED,
        )
        .values(
            "assessment_id",
            "assessment__year",
            "assessment__region_id",
            "assessment__region__province_id",
            "assessment__region__kind",
            "item__dimension__code",
        )
        .annotate(
            num=Sum(F("item__weight") * Coalesce("level", Value(floor))),
            den=Sum("item__weight"),
        )
        .order_by()
    )
    figures: dict[int, PeerFigures] = {}
    for row in rows:
        assessment_id = row["assessment_id"]
        if assessment_id not in figures:
            figures[assessment_id] = PeerFigures(
                assessment_id,
                row["assessment__year"],
                row["assessment__region_id"],
                row["assessment__region__province_id"],
                row["assessment__region__kind"],
                {},
            )
        sums = (float(row["num"]), float(row["den"]))
        figures[assessment_id].sums[row["item__dimension__code"]] = sums
    return sorted(figures.values(), key=lambda f: f.assessment_id)


def peer_figures(instrument_id: int, floor: int, key: str = "") -> list[PeerFigures]:
    """Every submitted assessment's figures on one instrument version, summed once and kept in
    the cache until an assessment on it is submitted or returned (``forget_peer_figures``, called
    by the services), rather than summed over every answer on every view."""
    key = key or _peer_key(instrument_id)
    figures: list[PeerFigures] | None = cache.get(key)
    if figures is None:
        figures = _compute_peer_figures(instrument_id, floor)
        cache.set(key, figures, PEER_CACHE_SECONDS)
        cache.set(f"readiness:peers:{instrument_id}", key, PEER_CACHE_SECONDS)
    return figures


def forget_peer_figures(instrument_id: int) -> None:
    """Drops the cached peer figures of an instrument version (an assessment on it was
    submitted or returned)."""
    pointer = f"readiness:peers:{instrument_id}"
    cache.delete_many([k for k in (cache.get(pointer), pointer) if k])


Medians = dict[str, tuple[scoring.Peer, scoring.Peer, scoring.Peer]]


def peer_comparison(assessment: Assessment, scores: scoring.Scores[int]) -> list[PeerRow]:
    """Overall and per-dimension scores beside national, province and kind medians.

    Peers are the latest submitted assessment of every other region on the same
    instrument version. Only medians and counts leave this function; no other region's
    answers or own scores do (a median of fewer than three regions is withheld). The
    medians a region sees are kept in the cache under the peer figures' key, so a view
    costs one lookup, not a median over every peer.
    """
    figures_key = _peer_key(assessment.instrument_id)
    keys = ["", *scores.by_dimension]
    cache_key = f"{figures_key}:region:{assessment.region_id}"
    medians: Medians | None = cache.get(cache_key)
    if medians is None or any(k not in medians for k in keys):
        medians = _peer_medians(assessment, keys, figures_key)
        cache.set(cache_key, medians, PEER_CACHE_SECONDS)
    own = {"": scores.overall.current}
    own.update({code: score.current for code, score in scores.by_dimension.items()})
    return [PeerRow(key, own[key], *medians[key]) for key in keys]


def _peer_medians(assessment: Assessment, keys: list[str], figures_key: str) -> Medians:
    floor = assessment.instrument.scale_min
    latest: dict[int, tuple[int, int]] = {}
    sums: dict[int, dict[str, tuple[float, float]]] = {}
    facts: dict[int, tuple[int | None, str]] = {}
    for figure in peer_figures(assessment.instrument_id, floor, figures_key):
        if figure.region_id == assessment.region_id:
            continue
        assessment_id, region_id = figure.assessment_id, figure.region_id
        if region_id not in latest or latest[region_id][0] < figure.year:
            latest[region_id] = (figure.year, assessment_id)
        sums[assessment_id] = figure.sums
        facts[assessment_id] = (figure.province_id, figure.kind)
    peers = [assessment_id for _, assessment_id in latest.values()]
    region = assessment.region
    groups = {
        "national": peers,
        "province": [a for a in peers if facts[a][0] == region.province_id],
        "kind": [a for a in peers if facts[a][1] == region.kind],
    }

    def value(assessment_id: int, key: str) -> float:
        parts = (
            sums[assessment_id].values() if key == "" else [sums[assessment_id].get(key, (0, 0))]
        )
        num, den = sum(p[0] for p in parts), sum(p[1] for p in parts)
        return num / den if den else float(floor)

    def medians_of(key: str) -> tuple[scoring.Peer, scoring.Peer, scoring.Peer]:
        national, province, kind = (
            scoring.peer_median(value(a, key) for a in groups[name])
            for name in ("national", "province", "kind")
        )
        return national, province, kind

    return {key: medians_of(key) for key in keys}


def unanswered_by_dimension(assessment: Assessment) -> list[tuple[Dimension, list[Answer]]]:
    """The items still without a level, grouped by dimension in instrument order (one query),
    with the agency each is assigned to: what the coordinator sees before submitting."""
    rows = (
        assessment.answers.filter(level__isnull=True)
        .select_related("item__dimension", "agency")
        .order_by("item__dimension__position", "item__position")
    )
    groups: dict[int, tuple[Dimension, list[Answer]]] = {}
    for answer in rows:
        dimension = answer.item.dimension
        groups.setdefault(dimension.pk, (dimension, []))[1].append(answer)
    return list(groups.values())


def waiting_for(user: User | AnonymousUser) -> list[Waiting]:
    """Readiness work waiting for ``user`` (two queries at most): items to answer (all of the
    region's for a coordinator, those assigned to their agency for an editor), assessments
    returned for revision, and submitted assessments an assessor of the region may review."""
    scope = scope_of(user)
    coordinated = scope.regions_with(Role.REGION_COORDINATOR)
    assessed = scope.regions_with(Role.ASSESSOR)
    if not (coordinated or scope.agencies or assessed):
        return []
    found: list[Waiting] = []
    editable = [Assessment.Status.DRAFT, Assessment.Status.RETURNED]
    if coordinated or scope.agencies:
        rows = (
            Answer.objects.filter(level__isnull=True, assessment__status__in=editable)
            .filter(Q(assessment__region_id__in=coordinated) | Q(agency_id__in=scope.agencies))
            .values_list("assessment_id", "assessment__region_id", "assessment__year")
            .annotate(n=Count("pk"))
            .order_by("assessment__region_id", "-assessment__year")
        )
        for pk, region_id, year, n in rows:
            text = ngettext(
                "%(count)d readiness item to answer (%(year)d)",
                "%(count)d readiness items to answer (%(year)d)",
                n,
            ) % {"count": n, "year": year}
            url = reverse("readiness:answer_list", kwargs={"pk": pk})
            found.append(Waiting(region_id, "answer", text, url, n))
    workers = coordinated | scope.agency_regions
    assessments = Assessment.objects.filter(
        Q(status=Assessment.Status.RETURNED, region_id__in=workers)
        | Q(status=Assessment.Status.SUBMITTED, region_id__in=assessed)
    ).order_by("region_id", "-year")
    for pk, region_id, year, status in assessments.values_list("pk", "region_id", "year", "status"):
        url = reverse("readiness:assessment_detail", kwargs={"pk": pk})
        if status == Assessment.Status.RETURNED:
            text = _("Readiness assessment %(year)d returned for revision") % {"year": year}
            found.append(Waiting(region_id, "returned", text, url))
        else:
            text = _("Readiness assessment %(year)d submitted: review it") % {"year": year}
            found.append(Waiting(region_id, "review", text, url))
    return found


@dataclass(frozen=True)
class ReadinessProgress:
    """Where a region's latest readiness assessment stands, for the guidance stage checks:
    submitted or not, and the aspects (name) whose SWOT has no entry yet."""

    assessment_id: int
    submitted: bool
    aspects_without_swot: list[str]


def readiness_progress(region_ids: list[int]) -> dict[int, ReadinessProgress]:
    """The latest assessment of each region, in two queries whatever the number of regions.

    A region without an assessment is absent from the answer.
    """
    latest: dict[int, Assessment] = {}
    for assessment in Assessment.objects.filter(region_id__in=region_ids).order_by(
        "region_id", "-year", "-pk"
    ):
        latest.setdefault(assessment.region_id, assessment)
    if not latest:
        return {}
    # Each aspect of each latest assessment's instrument, with whether the assessment has a
    # SWOT entry for it (one query).
    uncovered: dict[int, list[str]] = {a.pk: [] for a in latest.values()}
    entries = SwotEntry.objects.filter(
        assessment_id=OuterRef("assessment_id"), aspect_id=OuterRef("pk"), removed_at__isnull=True
    )
    for aspect in (
        InstrumentAspect.objects.filter(instrument__assessments__pk__in=list(uncovered))
        .annotate(assessment_id=F("instrument__assessments__pk"))
        .annotate(covered=Exists(entries))
        .order_by("position", "pk")
    ):
        if not aspect.covered:
            uncovered[aspect.assessment_id].append(aspect.name)
    return {
        region_id: ReadinessProgress(
            assessment_id=a.pk,
            submitted=a.status == Assessment.Status.SUBMITTED,
            aspects_without_swot=uncovered[a.pk],
        )
        for region_id, a in latest.items()
    }
