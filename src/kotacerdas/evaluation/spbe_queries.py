"""Read side of the SPBE self-assessment: querysets scoped to a user and the page's sheet
(levels by domain and aspect, indices, predicate, next steps, programme tags)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery

from kotacerdas.accounts.scope import scope_of
from kotacerdas.planning.masterplans.queries import visible_to as masterplans_visible_to
from kotacerdas.planning.models import Masterplan, Programme
from kotacerdas.regions.models import Region

from .spbe_models import (
    SpbeAssessment,
    SpbeEvidence,
    SpbeIndicator,
    SpbeInstrument,
    SpbeProgrammeTag,
    SpbeScore,
)
from .spbe_rules import Who
from .spbe_scoring import Step, display_index, next_steps, spbe_index, spbe_predicate


def assessments_visible_to(user: Who) -> QuerySet[SpbeAssessment]:
    """Self-assessments the user may read: their regions' ones, and every published one."""
    scope = scope_of(user)
    if not scope.authenticated:
        return SpbeAssessment.objects.none()
    return SpbeAssessment.objects.filter(
        scope.region_filter("region__") | Q(status=SpbeAssessment.Status.PUBLISHED)
    ).select_related("region", "region__province", "instrument")


def assessments_of(user: Who, region: Region) -> QuerySet[SpbeAssessment]:
    return assessments_visible_to(user).filter(region=region).order_by("-year")


def scores_visible_to(user: Who) -> QuerySet[SpbeScore]:
    return SpbeScore.objects.filter(
        assessment__in=assessments_visible_to(user).values("pk")
    ).select_related(
        "assessment__region__province", "assessment__instrument", "indicator", "agency"
    )


def evidence_visible_to(user: Who) -> QuerySet[SpbeEvidence]:
    return SpbeEvidence.objects.filter(
        score__assessment__in=assessments_visible_to(user).values("pk")
    ).select_related("score__assessment__region__province")


def instrument_for(year: int) -> SpbeInstrument | None:
    """The instrument in force in ``year``: the latest that starts no later."""
    return SpbeInstrument.objects.filter(first_year__lte=year).order_by("-first_year").first()


def region_programmes(user: Who, region: Region) -> list[Programme]:
    """The programmes of the region's current masterplan, for tagging."""
    masterplan = (
        masterplans_visible_to(user).filter(region=region).order_by("-start_year", "-pk").first()
    )
    if masterplan is None:
        return []
    return list(
        Programme.objects.filter(masterplan=masterplan)
        .select_related("masterplan__region")
        .order_by("code")
    )


def approved_masterplan(user: Who, region: Region) -> Masterplan | None:
    """The region's latest approved (or published) masterplan: evidence for architecture."""
    return (
        masterplans_visible_to(user)
        .filter(
            region=region,
            status__in=[Masterplan.Status.APPROVED, Masterplan.Status.PUBLISHED],
        )
        .order_by("-start_year", "-pk")
        .first()
    )


@dataclass
class Row:
    score: SpbeScore
    indicator: SpbeIndicator
    evidence_count: int
    programmes: list[str] = field(default_factory=list)

    @property
    def level_name(self) -> str:
        return self.indicator.level_name(self.score.level)


@dataclass
class AspectPart:
    number: int
    name: str
    weight: Decimal
    index: Decimal
    rows: list[Row] = field(default_factory=list)


@dataclass
class DomainPart:
    number: int
    name: str
    weight: Decimal
    index: Decimal
    aspects: list[AspectPart] = field(default_factory=list)


@dataclass
class PlannedStep:
    step: Step
    indicator: SpbeIndicator

    @property
    def weight_percent(self) -> Decimal:
        """The indicator's weight as a percentage of the index (2.75 for 0.0275)."""
        return (self.step.weight * 100).normalize()

    @property
    def from_name(self) -> str:
        return self.indicator.level_name(self.step.from_level)

    @property
    def to_name(self) -> str:
        return self.indicator.level_name(self.step.to_level)


@dataclass
class Sheet:
    assessment: SpbeAssessment
    index: Decimal
    shown_index: Decimal
    predicate: str
    predicate_name: str
    domains: list[DomainPart]
    target: str
    target_name: str
    steps: list[PlannedStep] | None
    untagged: list[SpbeIndicator]
    bands: list[dict[str, Any]]


def levels_and_weights(
    scores: list[SpbeScore],
) -> tuple[dict[int, int], dict[int, Decimal], dict[int, Decimal]]:
    levels = {s.indicator_id: s.level for s in scores}
    weights = {s.indicator_id: s.indicator.weight for s in scores}
    efforts = {s.indicator_id: s.indicator.effort for s in scores}
    return levels, weights, efforts


def next_band(instrument: SpbeInstrument, predicate: str) -> str:
    """The code of the band above ``predicate`` (itself at the top)."""
    codes = [band["code"] for band in instrument.bands]  # highest first
    position = codes.index(predicate) if predicate in codes else len(codes) - 1
    return codes[max(position - 1, 0)]


def band_lower(instrument: SpbeInstrument, code: str) -> Decimal | None:
    for band in instrument.bands:
        if band["code"] == code:
            return Decimal(band["lower"])
    return None


def load_scores(assessment: SpbeAssessment) -> list[SpbeScore]:
    """Every score with its indicator, aspect, domain and agency, and its evidence count
    (one query)."""
    scores: list[SpbeScore] = list(
        SpbeScore.objects.filter(assessment=assessment)
        .select_related("indicator__aspect__domain", "agency")
        .annotate(evidence_count=Count("evidence"))
        .order_by("indicator__number")
    )
    for score in scores:
        score.assessment = assessment
        score.indicator.instrument = assessment.instrument
    return scores


def plan_steps(
    assessment: SpbeAssessment, scores: list[SpbeScore], target: str
) -> list[PlannedStep] | None:
    lower = band_lower(assessment.instrument, target)
    if lower is None:
        return None
    levels, weights, efforts = levels_and_weights(scores)
    found = next_steps(levels, weights, lower, efforts)
    if found is None:
        return None
    by_id = {s.indicator_id: s.indicator for s in scores}
    return [PlannedStep(step, by_id[int(str(step.indicator))]) for step in found]


def sheet(assessment: SpbeAssessment, target: str | None = None) -> Sheet:
    """The self-assessment's page in three queries: scores, tags, nothing per row."""
    instrument = assessment.instrument
    scores = load_scores(assessment)
    levels, weights, _efforts = levels_and_weights(scores)
    index = spbe_index(levels, weights)
    predicate = spbe_predicate(index, instrument.band_pairs())
    if target is None or band_lower(instrument, target) is None:
        target = next_band(instrument, predicate)
    tags: dict[int, list[str]] = defaultdict(list)
    for indicator_id, code in (
        SpbeProgrammeTag.objects.filter(
            indicator__instrument=instrument, programme__masterplan__region=assessment.region
        )
        .order_by("programme__code")
        .values_list("indicator_id", "programme__code")
    ):
        tags[indicator_id].append(code)
    domains: dict[int, DomainPart] = {}
    aspects: dict[int, AspectPart] = {}
    aspect_weights: dict[int, dict[int, Decimal]] = defaultdict(dict)
    domain_weights: dict[int, dict[int, Decimal]] = defaultdict(dict)
    for score in scores:
        ind = score.indicator
        aspect, domain = ind.aspect, ind.aspect.domain
        if domain.pk not in domains:
            domains[domain.pk] = DomainPart(domain.number, domain.name, domain.weight, Decimal(0))
        if aspect.pk not in aspects:
            aspects[aspect.pk] = AspectPart(aspect.number, aspect.name, aspect.weight, Decimal(0))
            domains[domain.pk].aspects.append(aspects[aspect.pk])
        aspects[aspect.pk].rows.append(
            Row(score, ind, getattr(score, "evidence_count", 0), tags.get(ind.pk, []))
        )
        aspect_weights[aspect.pk][ind.pk] = ind.weight
        domain_weights[domain.pk][ind.pk] = ind.weight
    for pk, part in aspects.items():
        part.index = display_index(spbe_index(levels, aspect_weights[pk]))
    for pk, dpart in domains.items():
        dpart.index = display_index(spbe_index(levels, domain_weights[pk]))
    return Sheet(
        assessment=assessment,
        index=index,
        shown_index=display_index(index),
        predicate=predicate,
        predicate_name=instrument.band_name(predicate),
        domains=list(domains.values()),
        target=target,
        target_name=instrument.band_name(target),
        steps=plan_steps(assessment, scores, target),
        untagged=[s.indicator for s in scores if not tags.get(s.indicator_id)],
        bands=[
            {
                "code": b["code"],
                "name": instrument.band_name(b["code"]),
                "lower": Decimal(b["lower"]),
            }
            for b in instrument.bands
        ],
    )


def domain_and_aspect_indices(
    scores: list[SpbeScore],
) -> tuple[dict[int, Decimal], dict[int, Decimal]]:
    """Per domain number and per aspect number, the index (for the API)."""
    levels, _w, _e = levels_and_weights(scores)
    by_domain: dict[int, dict[int, Decimal]] = defaultdict(dict)
    by_aspect: dict[int, dict[int, Decimal]] = defaultdict(dict)
    for score in scores:
        ind = score.indicator
        by_domain[ind.aspect.domain.number][ind.pk] = ind.weight
        by_aspect[ind.aspect.number][ind.pk] = ind.weight
    return (
        {n: spbe_index(levels, w) for n, w in sorted(by_domain.items())},
        {n: spbe_index(levels, w) for n, w in sorted(by_aspect.items())},
    )


def tags_of(programmes: list[Programme], instrument_id: int) -> dict[int, list[int]]:
    """Per programme, the ids of the instrument's indicators it raises (one query)."""
    found: dict[int, list[int]] = defaultdict(list)
    for programme_id, indicator_id in SpbeProgrammeTag.objects.filter(
        programme__in=programmes, indicator__instrument_id=instrument_id
    ).values_list("programme_id", "indicator_id"):
        found[programme_id].append(indicator_id)
    return found


# --- what the public portal shows -----------------------------------------------------------


@dataclass(frozen=True)
class PublicSpbe:
    """The latest published SPBE self-assessment of a region: year, index shown with two
    decimals (rounded down) and predicate."""

    year: int
    index: Decimal
    predicate: str
    predicate_name: str


def public_spbe_annotations(region: str = "region") -> dict[str, Any]:
    """Expressions to annotate on a queryset whose ``region`` field names the region: its
    latest published SPBE self-assessment's id, and the latest change and number of its
    published ones (publishing saves the assessment, which stamps ``updated``)."""
    published = SpbeAssessment.objects.filter(
        region=OuterRef(region), status=SpbeAssessment.Status.PUBLISHED
    )
    counted = published.order_by().values("region").annotate(n=Count("pk")).values("n")
    return {
        "public_spbe_id": Subquery(published.order_by("-year", "-pk").values("pk")[:1]),
        "public_spbe_last": Subquery(published.order_by("-updated").values("updated")[:1]),
        "public_spbe_count": Subquery(counted[:1]),
    }


def public_spbe(annotated: object) -> PublicSpbe | None:
    """The latest published self-assessment of an object annotated with
    ``public_spbe_annotations``: none without a query, else one query (its scores with
    their indicators, assessment and instrument). Never a draft or a submitted one."""
    pk = getattr(annotated, "public_spbe_id", None)
    if pk is None:
        return None
    scores = list(
        SpbeScore.objects.filter(
            assessment_id=pk, assessment__status=SpbeAssessment.Status.PUBLISHED
        ).select_related("indicator", "assessment__instrument")
    )
    if not scores:
        return None
    found = scores[0].assessment
    levels, weights, _efforts = levels_and_weights(scores)
    index = spbe_index(levels, weights)
    predicate = spbe_predicate(index, found.instrument.band_pairs())
    return PublicSpbe(
        year=found.year,
        index=display_index(index),
        predicate=predicate,
        predicate_name=found.instrument.band_name(predicate),
    )
