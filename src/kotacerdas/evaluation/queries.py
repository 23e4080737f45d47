"""The read side of the yearly evaluation: scoped querysets and what its pages show.

Every page and API list reads a fixed number of queries whatever the size of the round:
the sheet of one evaluation (its scores, report and follow-ups), the round's ranking (one
query for 10 or 514 regions) and the year-over-year comparison (two queries).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypeAlias

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Sum
from django.utils.formats import number_format
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from kotacerdas.accounts.scope import scope_of
from kotacerdas.monitoring import queries as monitoring_queries
from kotacerdas.monitoring.models import ProgrammeProgress, ProgrammeSpending, State
from kotacerdas.monitoring.scoring import Status
from kotacerdas.planning.models import FundingLine, Programme
from kotacerdas.regions.models import Region

from . import scoring
from .models import (
    Assignment,
    Evaluation,
    EvaluationInstrument,
    EvaluationRound,
    FollowUpAction,
    ReportSection,
    Score,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from kotacerdas.accounts.models import User

Who: TypeAlias = "User | AnonymousUser"
Cell = tuple[str, str]


def _text(pair: dict[str, str] | None) -> str:
    if not pair:
        return ""
    lang = (get_language() or "id")[:2]
    return pair.get(lang) or pair.get("id", "")


def instruments() -> QuerySet[EvaluationInstrument]:
    return EvaluationInstrument.objects.order_by("-year", "code", "-number")


def evaluations_visible_to(user: Who) -> QuerySet[Evaluation]:
    """Evaluations of regions the user reads, and every published one for anyone signed in."""
    scope = scope_of(user)
    found = Evaluation.objects.select_related("region__province", "round__instrument")
    if not scope.authenticated:
        return found.none()
    return found.filter(scope.region_filter("region__") | Q(status=Evaluation.Status.PUBLISHED))


def evaluations_of(user: Who, region: Region) -> QuerySet[Evaluation]:
    return evaluations_visible_to(user).filter(region=region).order_by("-year")


def follow_ups_visible_to(user: Who) -> QuerySet[FollowUpAction]:
    return FollowUpAction.objects.filter(
        evaluation__in=evaluations_visible_to(user)
    ).select_related("evaluation__region", "evaluation__round__instrument", "agency")


def rounds_visible_to(user: Who) -> QuerySet[EvaluationRound]:
    """Rounds are the national admin's to see and manage."""
    rounds = EvaluationRound.objects.select_related("instrument")
    return rounds if scope_of(user).national else rounds.none()


def open_rounds_for(region: Region) -> QuerySet[EvaluationRound]:
    """Open rounds the region takes part in and has not started yet."""
    return (
        EvaluationRound.objects.filter(status=EvaluationRound.Status.OPEN, regions=region)
        .exclude(evaluations__region=region)
        .select_related("instrument")
        .order_by("-year")
    )


def assignments_of(evaluation_round: EvaluationRound) -> QuerySet[Assignment]:
    return evaluation_round.assignments.select_related("region", "assessor").order_by(
        "region__code", "assessor__username"
    )


# --- one evaluation ------------------------------------------------------------------------


@dataclass
class Row:
    """One criterion: its question, the region's score and the assessor's."""

    component: str
    dimension: str
    question: str
    guidance: str
    score: Score
    facts: list[str] = field(default_factory=list)

    @property
    def cell(self) -> Cell:
        return (self.component, self.dimension)

    @property
    def counted(self) -> int | None:
        return scoring.effective(self.score.self_score, self.score.verified_score)

    @property
    def adjusted(self) -> bool:
        return self.score.verified_score is not None


@dataclass(frozen=True)
class Formula:
    """An index written out: each component's name, weight, score and product, the sum."""

    terms: list[tuple[str, Decimal, Decimal, Decimal]]
    value: Decimal

    @property
    def rounded(self) -> Decimal:
        return scoring.round2(self.value)


def formula(result: scoring.Result | None, names: dict[str, str]) -> Formula | None:
    if result is None:
        return None
    return Formula(
        [(names.get(t.component, t.component), t.weight, t.score, t.product) for t in result.terms],
        result.value,
    )


@dataclass
class Section:
    """One dimension: its criteria, index and report."""

    code: str
    name: str
    rows: list[Row]
    self_result: scoring.Result | None
    result: scoring.Result | None
    report: ReportSection | None
    names: dict[str, str] = field(default_factory=dict)

    @property
    def self_formula(self) -> Formula | None:
        return formula(self.self_result, self.names)

    @property
    def formula(self) -> Formula | None:
        return formula(self.result, self.names)


@dataclass
class Sheet:
    evaluation: Evaluation
    components: dict[str, str]  # code → name in the reader's language
    weights: dict[str, Decimal]
    sections: list[Section]
    self_result: scoring.Result | None
    result: scoring.Result | None

    @property
    def rows(self) -> list[Row]:
        return [row for section in self.sections for row in section.rows]

    @property
    def self_formula(self) -> Formula | None:
        return formula(self.self_result, self.components)

    @property
    def formula(self) -> Formula | None:
        return formula(self.result, self.components)

    @property
    def missing(self) -> int:
        return sum(1 for row in self.rows if row.score.self_score is None)


def _result(cells: dict[Cell, Decimal], weights: dict[str, Decimal]) -> scoring.Result | None:
    return scoring.result(scoring.component_scores(cells, list(weights)), weights)


def sheet(evaluation: Evaluation, *, reports: bool = True) -> Sheet:
    """The evaluation criterion by criterion, per dimension, with both indices and (unless
    ``reports=False``) the report: two queries."""
    instrument = evaluation.round.instrument
    scores = {(s.component, s.dimension): s for s in Score.objects.filter(evaluation=evaluation)}
    sections_of = (
        {r.dimension: r for r in ReportSection.objects.filter(evaluation=evaluation)}
        if reports
        else {}
    )
    weights = instrument.weights()
    by_dimension: dict[str, list[Row]] = {d: [] for d in instrument.dimension_codes()}
    for criterion in instrument.criteria:
        cell = (criterion["component"], criterion["dimension"])
        if cell in scores:
            by_dimension[cell[1]].append(
                Row(
                    *cell,
                    _text(criterion["question"]),
                    _text(criterion.get("guidance")),
                    scores[cell],
                )
            )
    names = {c["code"]: _text(c["name"]) for c in instrument.components}
    sections = []
    for dimension in instrument.dimensions:
        rows = by_dimension[dimension["code"]]
        own = {r.cell: Decimal(r.score.self_score) for r in rows if r.score.self_score is not None}
        counted = {r.cell: Decimal(r.counted) for r in rows if r.counted is not None}
        sections.append(
            Section(
                dimension["code"],
                _text(dimension["name"]),
                rows,
                _result(own, weights),
                _result(counted, weights) if evaluation.index is not None else None,
                sections_of.get(dimension["code"]),
                names,
            )
        )
    own_all = {
        r.cell: Decimal(r.score.self_score)
        for s in sections
        for r in s.rows
        if r.score.self_score is not None
    }
    counted_all = {r.cell: Decimal(r.counted) for s in sections for r in s.rows if r.counted}
    return Sheet(
        evaluation,
        names,
        weights,
        sections,
        _result(own_all, weights) if len(own_all) == len(scores) else None,
        _result(counted_all, weights) if evaluation.index is not None else None,
    )


def add_monitoring_facts(user: Who, target: Sheet) -> None:
    """What monitoring knows, beside the questions it answers (about eight queries).

    Outcome: per dimension, the share of the masterplan's programmes on track in the year,
    and the budget realised; Quick Win: the dimension's quick wins, their status and the
    latest verified count of citizens each reached.
    """
    evaluation = target.evaluation
    masterplan = monitoring_queries.published_masterplan(user, evaluation.region)
    if masterplan is None:
        return
    status = monitoring_queries.masterplan_status(masterplan, evaluation.year)
    planned, realised, reach = _programme_facts(masterplan, evaluation.year)
    budget_line = (
        _("Budget realised in %(year)s: %(share)s %% of the plan")
        % {"year": evaluation.year, "share": (realised * 100 / planned).quantize(Decimal("0.1"))}
        if planned
        else ""
    )
    labels = {
        Status.ON_TRACK: _("on track"),
        Status.AT_RISK: _("at risk"),
        Status.OFF_TRACK: _("off track"),
        Status.NOT_REPORTED: _("not reported"),
        Status.NO_TARGET: _("no target"),
    }
    by_code = {d.dimension.code: d for d in status.dimensions}
    for row in target.rows:
        dimension = by_code.get(row.dimension)
        if dimension is None:
            continue
        programmes = dimension.programmes
        if row.component == "outcome" and programmes:
            on_track = sum(1 for p in programmes if p.status == Status.ON_TRACK)
            row.facts.append(
                _("%(on_track)s of %(count)s programmes on track in %(year)s")
                % {"on_track": on_track, "count": len(programmes), "year": evaluation.year}
            )
            if budget_line:
                row.facts.append(budget_line)
        if row.component == "quick_win":
            row.facts.extend(
                f"{p.programme.code} {p.programme.name}: {labels[p.status]}"
                + _reach_text(reach.get(p.programme.pk))
                for p in programmes
                if p.programme.is_quick_win
            )


def _programme_facts(
    masterplan: Any, year: int
) -> tuple[Decimal, Decimal, dict[int, tuple[int, int]]]:
    """The budget of ``year`` (planned by the funding lines, realised by the progress reports
    not returned, as the monitoring dashboard sums them) and, per programme, the latest
    verified count of citizens reached up to ``year`` as ``{id: (year, citizens)}``: one
    query."""
    planned_q = (
        FundingLine.objects.filter(programme=OuterRef("pk"), year=year)
        .values("programme")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    realised_q = (
        ProgrammeSpending.objects.filter(progress__programme=OuterRef("pk"), progress__year=year)
        .exclude(progress__state=State.RETURNED)
        .values("progress__programme")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    reached = ProgrammeProgress.objects.filter(
        programme=OuterRef("pk"), state=State.VERIFIED, beneficiaries__isnull=False, year__lte=year
    ).order_by("-year")
    rows = (
        Programme.objects.filter(masterplan=masterplan)
        .annotate(
            planned=Subquery(planned_q),
            realised=Subquery(realised_q),
            reach_year=Subquery(reached.values("year")[:1]),
            reach=Subquery(reached.values("beneficiaries")[:1]),
        )
        .values_list("pk", "planned", "realised", "reach_year", "reach")
        .order_by()
    )
    planned, realised = Decimal(0), Decimal(0)
    reach: dict[int, tuple[int, int]] = {}
    for pk, planned_sum, realised_sum, reach_year, citizens in rows:
        planned += planned_sum or Decimal(0)
        realised += realised_sum or Decimal(0)
        if reach_year is not None and citizens is not None:
            reach[pk] = (reach_year, citizens)
    return planned, realised, reach


def _reach_text(reach: tuple[int, int] | None) -> str:
    if reach is None:
        return ""
    year, citizens = reach
    return " · " + ngettext(
        "%(n)s citizen reached (verified, %(year)s)",
        "%(n)s citizens reached (verified, %(year)s)",
        citizens,
    ) % {"n": number_format(citizens, use_l10n=True, force_grouping=True), "year": year}


# --- ranking and year-over-year ------------------------------------------------------------


@dataclass(frozen=True)
class Place:
    evaluation: Evaluation
    place: int
    index: Decimal

    @property
    def rounded(self) -> Decimal:
        return scoring.round2(self.index)


def ranking(evaluation_round: EvaluationRound) -> list[Place]:
    """Every region of the round with a verified index, best first: one query."""
    found = {
        e.pk: e
        for e in Evaluation.objects.filter(round=evaluation_round, index__isnull=False)
        .select_related("region")
        .only("pk", "status", "index", "region__code", "region__name")
        .order_by("region__code")
    }
    places = scoring.rank({pk: e.index for pk, e in found.items() if e.index is not None})
    return sorted(
        (Place(found[pk], place, found[pk].index or Decimal(0)) for pk, place in places.items()),
        key=lambda p: (p.place, p.evaluation.region.code),
    )


@dataclass(frozen=True)
class RegionStatus:
    """Where one region of a round stands: ``status`` is ``not_started`` or the evaluation's
    status; ``overdue`` when the deadline of the step it is at has passed."""

    code: str
    name: str
    province: str
    evaluation_id: int | None
    status: str
    overdue: bool

    @property
    def label(self) -> str:
        if self.status == NOT_STARTED:
            return str(_("Not started"))
        return str(Evaluation.Status(self.status).label)


NOT_STARTED = "not_started"


def round_status(evaluation_round: EvaluationRound, today: dt.date) -> list[RegionStatus]:
    """Every region taking part in the round, by code, with where it stands: two queries
    that read plain values (a round has every kabupaten and kota, 514 rows)."""
    evaluations = {
        region_id: (pk, status)
        for region_id, pk, status in Evaluation.objects.filter(round=evaluation_round)
        .order_by()
        .values_list("region_id", "pk", "status")
    }
    self_due, verify_due = evaluation_round.self_assessment_due, evaluation_round.verification_due
    overdue_at = {
        NOT_STARTED: self_due is not None and today > self_due,
        Evaluation.Status.DRAFT: self_due is not None and today > self_due,
        Evaluation.Status.SUBMITTED: verify_due is not None and today > verify_due,
    }
    regions = evaluation_round.regions.order_by("code").values_list(
        "pk", "code", "name", "province__name"
    )
    rows = []
    for region_id, code, name, province in regions:
        pk, status = evaluations.get(region_id, (None, NOT_STARTED))
        rows.append(
            RegionStatus(code, name, province or "", pk, status, overdue_at.get(status, False))
        )
    return rows


@dataclass(frozen=True)
class OwnPlace:
    place: int
    of: int


def place_of(evaluation: Evaluation) -> OwnPlace | None:
    """A published evaluation's place among the round's verified ones: one query."""
    if evaluation.index is None or not evaluation.is_published:
        return None
    indices = {
        pk: index
        for pk, index in Evaluation.objects.filter(
            round_id=evaluation.round_id, index__isnull=False
        ).values_list("pk", "index")
        if index is not None
    }
    places = scoring.rank(indices)
    return OwnPlace(places[evaluation.pk], len(places))


@dataclass(frozen=True)
class YearColumn:
    year: int
    index: Decimal | None
    components: dict[str, Decimal]
    dimensions: dict[str, Decimal]


def year_over_year(user: Who, evaluation: Evaluation) -> list[YearColumn]:
    """The region's verified evaluations up to this one, by year: two queries."""
    earlier = list(
        evaluations_visible_to(user)
        .filter(region_id=evaluation.region_id, year__lte=evaluation.year, index__isnull=False)
        .order_by("year")
    )
    cells: dict[int, dict[Cell, Decimal]] = {e.pk: {} for e in earlier}
    for score in Score.objects.filter(evaluation__in=[e.pk for e in earlier]):
        counted = scoring.effective(score.self_score, score.verified_score)
        if counted is not None:
            cells[score.evaluation_id][(score.component, score.dimension)] = Decimal(counted)
    columns = []
    for item in earlier:
        weights = item.round.instrument.weights()
        found = cells[item.pk]
        dimensions = {}
        for dimension in {cell[1] for cell in found}:
            own = scoring.dimension_scores(found, dimension)
            if set(own) == set(weights):
                dimensions[dimension] = scoring.evaluation_index(own, weights)
        columns.append(
            YearColumn(
                item.year,
                scoring.round2(item.index) if item.index is not None else None,
                {c: scoring.round2(v) for c, v in scoring.component_scores(found).items()},
                dimensions,
            )
        )
    return columns


# --- what the public portal shows -----------------------------------------------------------


@dataclass(frozen=True)
class PublicEvaluation:
    """The latest published evaluation of a region: its year and index (two decimals)."""

    year: int
    index: Decimal


def public_evaluation_annotations(region: str = "region") -> dict[str, Any]:
    """Expressions to annotate on a queryset whose ``region`` field names the region: the
    year and index of its latest published evaluation with an index, and the latest
    publication time and number of its published evaluations (what changes whenever the
    public page must change). Drafts, submitted and verified evaluations are never read."""
    published = Evaluation.objects.filter(
        region=OuterRef(region), status=Evaluation.Status.PUBLISHED
    )
    latest = published.filter(index__isnull=False).order_by("-year", "-published_at", "-pk")
    counted = published.order_by().values("region").annotate(n=Count("pk")).values("n")
    return {
        "public_evaluation_year": Subquery(latest.values("year")[:1]),
        "public_evaluation_index": Subquery(latest.values("index")[:1]),
        "public_evaluation_last": Subquery(
            published.order_by("-published_at").values("published_at")[:1]
        ),
        "public_evaluation_count": Subquery(counted[:1]),
    }


def public_evaluation(annotated: object) -> PublicEvaluation | None:
    """The latest published evaluation read from an object annotated with
    ``public_evaluation_annotations`` (no query)."""
    year = getattr(annotated, "public_evaluation_year", None)
    index = getattr(annotated, "public_evaluation_index", None)
    if year is None or index is None:
        return None
    return PublicEvaluation(year=year, index=scoring.round2(Decimal(index)))


@dataclass(frozen=True)
class PublicDimensionIndex:
    code: str
    name: str
    index: Decimal


@dataclass(frozen=True)
class PublicEvaluationDetail:
    """The latest published evaluation of a region with its index per dimension."""

    year: int
    index: Decimal
    dimensions: list[PublicDimensionIndex]


def public_evaluation_detail(region_id: int) -> PublicEvaluationDetail | None:
    """The region's latest published evaluation with an index: year, overall index and the
    index of each dimension, two decimals (two queries). Drafts, submitted and verified
    evaluations are never read."""
    found = (
        Evaluation.objects.filter(
            region_id=region_id, status=Evaluation.Status.PUBLISHED, index__isnull=False
        )
        .select_related("round__instrument")
        .order_by("-year", "-published_at", "-pk")
        .first()
    )
    if found is None or found.index is None:
        return None
    cells: dict[Cell, Decimal] = {}
    for score in Score.objects.filter(evaluation=found):
        counted = scoring.effective(score.self_score, score.verified_score)
        if counted is not None:
            cells[(score.component, score.dimension)] = Decimal(counted)
    instrument = found.round.instrument
    weights = instrument.weights()
    language = "en" if (get_language() or "").startswith("en") else "id"
    dimensions = []
    for entry in instrument.dimensions:
        own = scoring.dimension_scores(cells, entry["code"])
        if own and set(own) == set(weights):
            names = entry.get("name") or {}
            dimensions.append(
                PublicDimensionIndex(
                    code=entry["code"],
                    name=names.get(language) or names.get("id") or entry["code"],
                    index=scoring.evaluation_index(own, weights),
                )
            )
    return PublicEvaluationDetail(found.year, scoring.round2(found.index), dimensions)
