"""Read side of the public portal: only published masterplans and verified realisations.

Everything here is read for an anonymous visitor. It starts from
``planning.masterplans.queries.published_masterplans`` (status *published*: the live
masterplan, which cannot change while published: a new draft takes it off the portal) and
reads monitoring through ``monitoring.public_queries.published_indicators`` (current, verified
realisations only). Team members are read by name, position and body; stakeholders by name
and pentahelix group; contact details, decree files, review comments, return reasons,
programme progress narratives and evidence files are never read.

Every function costs a fixed number of queries whatever the number of programmes,
indicators or realisations (tested).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, F, Max, OuterRef, Q, QuerySet, Sum
from django.utils import timezone

from kotacerdas.documents.models import GeneratedDocument
from kotacerdas.documents.queries import public_document_annotations, published_documents
from kotacerdas.evaluation.queries import (
    PublicEvaluation,
    PublicEvaluationDetail,
    public_evaluation,
    public_evaluation_annotations,
    public_evaluation_detail,
)
from kotacerdas.evaluation.spbe_queries import PublicSpbe, public_spbe, public_spbe_annotations
from kotacerdas.framework.models import Dimension
from kotacerdas.monitoring import scoring
from kotacerdas.monitoring.models import Indicator, Realisation
from kotacerdas.monitoring.periods import Period
from kotacerdas.monitoring.public_queries import (
    latest_verification,
    published_indicators,
    verification_annotations,
    verification_stamps,
)
from kotacerdas.monitoring.queries import indicator_status, thresholds_of
from kotacerdas.planning.masterplans.queries import (
    public_people_and_partners,
    published_masterplans,
)
from kotacerdas.planning.models import FundingLine, Masterplan, Mission, Programme
from kotacerdas.planning.programmes.queries import programme_ids_of, published_programmes
from kotacerdas.planning.strategy.queries import public_strategy
from kotacerdas.regions.models import Region

PAGE_SIZE = 50
SORTS = ("name", "-name", "code", "-published", "-evaluation")


# --- which regions have published ------------------------------------------------------


@dataclass(frozen=True)
class Listed:
    """A region that has published, with its latest published masterplan."""

    region: Region
    masterplan: Masterplan


def latest_published() -> QuerySet[Masterplan]:
    """Each region's latest published masterplan (one per region)."""
    newer = published_masterplans().filter(
        Q(start_year__gt=OuterRef("start_year"))
        | Q(start_year=OuterRef("start_year"), pk__gt=OuterRef("pk")),
        region=OuterRef("region"),
    )
    return published_masterplans().exclude(Exists(newer))


def published_regions(
    *, search: str = "", province: str = "", kind: str = "", sort: str = "name"
) -> QuerySet[Masterplan]:
    """The latest published masterplan of every region that has one, filtered and sorted as
    the portal's list asks, with the year and index of the region's latest published
    evaluation (``public_evaluation_year``/``_index``; one query; the page slices it)."""
    evaluation = public_evaluation_annotations()
    plans = latest_published().annotate(
        public_evaluation_year=evaluation["public_evaluation_year"],
        public_evaluation_index=evaluation["public_evaluation_index"],
    )
    if search:
        plans = plans.filter(Q(region__name__icontains=search) | Q(region__code__startswith=search))
    if province:
        plans = plans.filter(region__province__code=province)
    if kind:
        plans = plans.filter(region__kind=kind)
    order = {
        "name": ("region__name", "region__code"),
        "-name": ("-region__name", "region__code"),
        "code": ("region__code",),
        "-published": ("-published_at", "region__code"),
        "-evaluation": (
            F("public_evaluation_index").desc(nulls_last=True),
            "region__name",
            "region__code",
        ),
    }.get(sort, ("region__name", "region__code"))
    return plans.order_by(*order)


@dataclass(frozen=True)
class ListedRegion:
    """One row of the public region list (plain values, kept in the cache)."""

    code: str
    name: str
    province: str
    start_year: int
    end_year: int
    evaluation_index: Decimal | None
    evaluation_year: int | None


def listed_regions(
    *, search: str = "", province: str = "", kind: str = "", sort: str = "name"
) -> list[ListedRegion]:
    """The rows of the public region list, filtered and sorted (one query)."""
    return [
        ListedRegion(
            code=plan.region.code,
            name=plan.region.name,
            province=plan.region.province.name if plan.region.province else "",
            start_year=plan.start_year,
            end_year=plan.end_year,
            evaluation_index=plan.public_evaluation_index,  # type: ignore[attr-defined]
            evaluation_year=plan.public_evaluation_year,  # type: ignore[attr-defined]
        )
        for plan in published_regions(search=search, province=province, kind=kind, sort=sort)
    ]


def provinces_with_publications() -> QuerySet[Region]:
    """Provinces with at least one region that published (the list's filter choices)."""
    return (
        Region.objects.filter(
            kind=Region.Kind.PROVINCE,
            districts__masterplans__status=Masterplan.Status.PUBLISHED,
        )
        .distinct()
        .order_by("name")
    )


def masterplan_of(region: Region) -> Masterplan | None:
    """The region's latest published masterplan, or None."""
    return published_masterplans().filter(region=region).order_by("-start_year", "-pk").first()


STAMPS = (
    "public_evaluation_last",
    "public_evaluation_count",
    "public_spbe_id",
    "public_spbe_last",
    "public_spbe_count",
    "public_document_last",
    "public_document_count",
)


def stamped(plans: QuerySet[Masterplan]) -> QuerySet[Masterplan]:
    """``plans`` annotated with what the monitoring, evaluation and documents apps publish
    about each (latest verification, latest published evaluation, SPBE self-assessment and
    public documents, with their publication stamps) and with its status thresholds, read
    in the same query as the masterplan."""
    return plans.select_related("monitoring_thresholds").annotate(
        **verification_annotations(),
        **public_evaluation_annotations(),
        **public_spbe_annotations(),
        **public_document_annotations(),
    )


def public_version(masterplan: Masterplan) -> str:
    """What changes whenever the public page of the masterplan must change: its publication,
    the latest verification of one of its realisations, the region's published evaluations
    and SPBE self-assessments and the masterplan's public documents (no query when the
    masterplan was read through ``stamped``, else one for the verification)."""
    if hasattr(masterplan, "verification_count"):
        last = getattr(masterplan, "verification_last", None)
        count = getattr(masterplan, "verification_count", None) or 0
    else:
        last, count = verification_stamps(Masterplan.objects.filter(pk=masterplan.pk)).get(
            masterplan.pk, (None, 0)
        )
    stamps: list[object] = [masterplan.pk, masterplan.version, masterplan.published_at, last, count]
    stamps += [getattr(masterplan, name, None) for name in STAMPS]
    return "-".join(str(s.timestamp() if isinstance(s, dt.datetime) else s) for s in stamps)


NATIONAL_STAMPS = (
    "public_evaluation_last",
    "public_evaluation_count",
    "public_spbe_last",
    "public_spbe_count",
)


def national_version() -> str:
    """What changes whenever a public answer about all regions must change (the region
    list, ``data.json``, the sitemap, the API's region list): which masterplans are
    published, with which version and when, the latest verification of any of their
    realisations and the published evaluations and SPBE self-assessments of their regions.
    A publication or a withdrawal, a verification or a correction, a published evaluation
    or SPBE self-assessment anywhere changes it (one query, whatever the number of regions)."""
    evaluation = public_evaluation_annotations()
    spbe = public_spbe_annotations()
    plans = (
        Masterplan.objects.filter(status=Masterplan.Status.PUBLISHED)
        .order_by()
        .annotate(
            **verification_annotations(),
            **{name: evaluation[name] for name in NATIONAL_STAMPS if name in evaluation},
            **{name: spbe[name] for name in NATIONAL_STAMPS if name in spbe},
        )
    )
    row = plans.aggregate(
        plans=Count("pk"),
        ids=Sum("pk"),
        versions=Sum("version"),
        published=Max("published_at"),
        verified=Max("verification_last"),
        verifications=Sum("verification_count"),
        evaluated=Max("public_evaluation_last"),
        evaluations=Sum("public_evaluation_count"),
        assessed=Max("public_spbe_last"),
        assessments=Sum("public_spbe_count"),
    )
    return "-".join(str(s.timestamp() if isinstance(s, dt.datetime) else s) for s in row.values())


# --- one region's public page ----------------------------------------------------------


@dataclass(frozen=True)
class PublicIndicator:
    """An indicator with what was promised (targets) and what was delivered (verified)."""

    indicator: Indicator
    status: scoring.Status
    year: int
    target: Decimal | None
    latest: Realisation | None
    achievement: Decimal | None
    realisations: list[Realisation]

    @property
    def period_label(self) -> str:
        if self.latest is None:
            return ""
        return Period(self.latest.year, self.latest.sub_period).label(self.indicator.frequency)


@dataclass
class DimensionBlock:
    dimension: Dimension
    programmes: list[Programme] = field(default_factory=list)


@dataclass(frozen=True)
class PublicResults:
    """The region's latest published evaluation and SPBE self-assessment (either may be
    missing, not both)."""

    evaluation: PublicEvaluation | None
    spbe: PublicSpbe | None


def public_results(masterplan: Masterplan) -> PublicResults | None:
    """What the evaluation app has published about the region of a masterplan read through
    ``stamped`` (one query when an SPBE self-assessment is published, else none)."""
    evaluation = public_evaluation(masterplan)
    spbe = public_spbe(masterplan)
    if evaluation is None and spbe is None:
        return None
    return PublicResults(evaluation, spbe)


def evaluation_detail(masterplan: Masterplan) -> PublicEvaluationDetail | None:
    """The latest published evaluation of the masterplan's region with its index per
    dimension (two queries; none while nothing is published)."""
    return public_evaluation_detail(masterplan.region_id)


def public_documents(masterplan: Masterplan) -> QuerySet[GeneratedDocument]:
    """The generated documents a visitor may download (published version only)."""
    return published_documents(masterplan)


def listed_documents(masterplan: Masterplan) -> list[GeneratedDocument]:
    """The public documents of a masterplan read through ``stamped`` (one query when it has
    any, else none)."""
    if not getattr(masterplan, "public_document_count", None):
        return []
    return list(public_documents(masterplan))


@dataclass
class RegionPage:
    """Everything the public page of a region shows."""

    region: Region
    masterplan: Masterplan
    vision: str
    missions: list[Mission]
    dimensions: list[DimensionBlock]
    quick_wins: list[Programme]
    roadmap: list[tuple[int, list[Programme]]]
    indicators: list[PublicIndicator]
    team: list[dict[str, str]]
    stakeholders: list[dict[str, str]]
    # The latest published evaluation and SPBE self-assessment, and the published
    # masterplan's generated documents (PDF, DOCX): nothing is shown while empty.
    evaluation: PublicResults | None = None
    documents: list[GeneratedDocument] = field(default_factory=list)

    @property
    def programmes(self) -> list[Programme]:
        return [p for block in self.dimensions for p in block.programmes]

    @property
    def description(self) -> str:
        return self.vision[:200]


def _funding_by_source(lines: list[FundingLine]) -> list[tuple[str, Decimal]]:
    labels: dict[str, str] = {}
    sums: dict[str, Decimal] = defaultdict(Decimal)
    for line in lines:
        sums[line.source] += line.amount
        labels[line.source] = line.get_source_display()
    return [(labels[source], amount) for source, amount in sums.items()]


def programmes_of(masterplan: Masterplan) -> list[Programme]:
    """The published programmes with ``funding_lines``, ``funding_total``, ``funding_sources``,
    ``supporting`` (agency names) and ``partner_names`` set (five queries)."""
    return decorated(list(published_programmes(masterplan)))


def decorated(
    rows: list[Programme], partners: dict[int, list[str]] | None = None
) -> list[Programme]:
    """``rows`` (read through ``published_programmes``) with their funding, supporting
    agencies and partners set; the partners from ``partners`` (names by programme id) when
    given, else from the rows' prefetch."""
    for p in rows:
        p.funding_lines = p.public_funding  # type: ignore[attr-defined]
        p.funding_sources = _funding_by_source(p.funding_lines)  # type: ignore[attr-defined]
        p.funding_total = sum((a for _, a in p.funding_sources), Decimal(0))  # type: ignore[attr-defined]
        p.supporting = [s.agency.name for s in p.public_supports]  # type: ignore[attr-defined]
        p.partner_names = (  # type: ignore[attr-defined]
            [s.name for s in p.public_partners]  # type: ignore[attr-defined]
            if partners is None
            else partners.get(p.pk, [])
        )
    return rows


def _year_of_interest(masterplan: Masterplan, today: dt.date) -> int:
    return min(max(today.year, masterplan.start_year), masterplan.end_year)


def _public_indicator(
    indicator: Indicator, year: int, thresholds: scoring.Thresholds, today: dt.date
) -> PublicIndicator:
    verified: list[Realisation] = indicator.verified  # type: ignore[attr-defined]
    years = {r.year for r in verified}
    shown_year = max(years) if years else year
    targets = [t for t in indicator.targets.all() if t.year == shown_year]
    status = indicator_status(
        indicator,
        shown_year,
        targets,
        [r for r in verified if r.year == shown_year],
        thresholds,
        today,
    )
    return PublicIndicator(
        indicator=indicator,
        status=status.status,
        year=shown_year,
        target=status.target,
        latest=status.realisation,
        achievement=status.achievement,
        realisations=verified,
    )


def published_indicator_list(masterplan: Masterplan) -> list[Indicator]:
    """The published masterplan's indicators with their targets and, as ``verified``, their
    verified realisations (three queries)."""
    return list(published_indicators(masterplan))


def indicators_of(
    masterplan: Masterplan, programme: Programme | None = None, today: dt.date | None = None
) -> list[PublicIndicator]:
    """Each indicator (of one programme, or all) with its status in the latest year with a
    verified realisation (else the current year of the period), from verified realisations
    only (four queries)."""
    today = today or timezone.localdate()
    thresholds = thresholds_of(masterplan)
    year = _year_of_interest(masterplan, today)
    indicators = published_indicators(masterplan)
    if programme is not None:
        indicators = indicators.filter(programme=programme)
    return [_public_indicator(i, year, thresholds, today) for i in indicators]


def _roadmap(
    masterplan: Masterplan, programmes: list[Programme]
) -> list[tuple[int, list[Programme]]]:
    return [
        (year, [p for p in programmes if p.start_year <= year <= p.end_year])
        for year in masterplan.period
    ]


def _dimensions(masterplan: Masterplan, programmes: list[Programme]) -> list[DimensionBlock]:
    blocks = {d.pk: DimensionBlock(d) for d in masterplan.framework.dimensions.order_by("position")}
    for p in programmes:
        blocks[p.dimension_id].programmes.append(p)
    return list(blocks.values())


def region_page(region: Region, masterplan: Masterplan) -> RegionPage:
    """The public page of a region's published masterplan (a fixed number of queries: the
    stakeholders are read once, for the team section and the programmes' partners)."""
    people = public_people_and_partners(masterplan)
    programmes = decorated(list(published_programmes(masterplan, partners=False)), people.partners)
    vision, missions = public_strategy(masterplan)
    return RegionPage(
        region=region,
        masterplan=masterplan,
        vision=vision,
        missions=missions,
        dimensions=_dimensions(masterplan, programmes),
        quick_wins=[p for p in programmes if p.is_quick_win],
        roadmap=_roadmap(masterplan, programmes),
        indicators=indicators_of(masterplan),
        team=people.team,
        stakeholders=people.stakeholders,
        evaluation=public_results(masterplan),
        documents=listed_documents(masterplan),
    )


@dataclass
class ProgrammePage:
    region: Region
    masterplan: Masterplan
    programme: Programme
    indicators: list[PublicIndicator]
    milestones: list[Any]


def programme_page(masterplan: Masterplan, programme: Programme) -> ProgrammePage:
    """One published programme with its funding, milestones and indicators."""
    full = decorated(list(published_programmes(masterplan).filter(pk=programme.pk)))[0]
    return ProgrammePage(
        region=masterplan.region,
        masterplan=masterplan,
        programme=full,
        indicators=indicators_of(masterplan, programme),
        milestones=list(full.milestones.order_by("year", "quarter", "pk")),
    )


def published_programme_queryset(masterplan: Masterplan) -> QuerySet[Programme]:
    """The programmes a public URL may name: those of the published masterplan."""
    return published_programmes(masterplan)


def sitemap_entries() -> list[tuple[str, int | None, dt.datetime | None]]:
    """(region code, programme id or None, last change) for every public page (two queries)."""
    plans = list(latest_published().values_list("pk", "region__code", "published_at"))
    by_plan = {pk: (code, when) for pk, code, when in plans}
    entries: list[tuple[str, int | None, dt.datetime | None]] = [
        (code, None, when) for code, when in by_plan.values()
    ]
    programme_rows = programme_ids_of(latest_published())
    entries += [(by_plan[plan][0], pk, by_plan[plan][1]) for plan, pk in programme_rows]
    return sorted(entries, key=lambda e: (e[0], e[1] or 0))


def last_changes(plans: QuerySet[Masterplan]) -> dict[int, dt.datetime | None]:
    """The latest of publication and verification per masterplan (for data.json, one query
    besides the list of masterplans)."""
    verified = latest_verification(plans)
    rows = plans.values_list("pk", "published_at")
    return {pk: max(filter(None, [when, verified.get(pk)]), default=None) for pk, when in rows}
