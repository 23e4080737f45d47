"""JSON API of the SPBE self-assessment: a region's self-assessments (list, start), one
(levels, index overall, per domain and per aspect, predicate; levels changed with PATCH),
what to raise next for a target predicate, and the SPBE indicators a programme raises. The
same services, queries and rules as the pages."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from kotacerdas.accounts.access import get_for_user
from kotacerdas.accounts.edge import acting_user
from kotacerdas.lib.errors import state_conflicts
from kotacerdas.lib.ids import RowId
from kotacerdas.lib.pagination import LimitOffsetPagination
from kotacerdas.planning.programmes.queries import programmes_visible_to

from . import spbe_queries as queries
from . import spbe_services as services
from .spbe_models import SpbeAssessment, SpbeIndicator
from .spbe_scoring import spbe_index, spbe_predicate
from .spbe_views import assessment_for, region_for

router = Router(tags=["spbe"])


class SpbeAssessmentIn(Schema):
    year: int = Field(..., ge=2018, le=2100)


class AssessmentSummary(Schema):
    id: int
    region: str
    year: int
    instrument: str
    status: str
    version: int

    @staticmethod
    def resolve_region(obj: SpbeAssessment) -> str:
        return obj.region.code

    @staticmethod
    def resolve_instrument(obj: SpbeAssessment) -> str:
        return obj.instrument.code


class LevelOut(Schema):
    indicator: int = Field(..., description="The indicator's number in the instrument")
    name: str
    domain: int
    aspect: int
    weight: Decimal
    level: int
    level_name: str
    explanation: str
    agency_id: int | None
    evidence: int


class PartIndex(Schema):
    number: int
    index: Decimal


class SpbeAssessmentOut(Schema):
    id: int
    region: str
    year: int
    instrument: str
    status: str
    version: int
    return_reason: str = Field(..., description="Why it was last returned to draft, if it was")
    index: Decimal
    predicate: str
    domains: list[PartIndex]
    aspects: list[PartIndex]
    levels: list[LevelOut]


class LevelIn(Schema):
    indicator: int = Field(..., description="The indicator's number in the instrument")
    level: int = Field(..., description="0 (nothing yet) to 5")
    explanation: str | None = Field(None, max_length=5000)


class AssessmentPatch(Schema):
    levels: list[LevelIn] = Field(..., max_length=200)


class StepOut(Schema):
    indicator: int
    name: str
    from_level: int
    to_level: int
    weight: Decimal
    effort: Decimal


class NextStepsOut(Schema):
    index: Decimal
    predicate: str
    target: str
    reachable: bool
    steps: list[StepOut]


class TagsIn(Schema):
    indicator_ids: list[RowId] = Field(..., max_length=200)


class SpbeReturnIn(Schema):
    reason: str = Field(
        ..., max_length=5000, description="Why the self-assessment goes back to draft (required)"
    )


class SpbeTagOut(Schema):
    indicator_id: int
    instrument: str
    number: int
    name: str


def _detail(assessment: SpbeAssessment) -> dict[str, Any]:
    scores = queries.load_scores(assessment)
    levels, weights, _efforts = queries.levels_and_weights(scores)
    index = spbe_index(levels, weights)
    domains, aspects = queries.domain_and_aspect_indices(scores)
    return {
        "id": assessment.pk,
        "region": assessment.region.code,
        "year": assessment.year,
        "instrument": assessment.instrument.code,
        "status": assessment.status,
        "version": assessment.version,
        "return_reason": assessment.return_reason,
        "index": index,
        "predicate": spbe_predicate(index, assessment.instrument.band_pairs()),
        "domains": [{"number": n, "index": v} for n, v in domains.items()],
        "aspects": [{"number": n, "index": v} for n, v in aspects.items()],
        "levels": [
            {
                "indicator": s.indicator.number,
                "name": s.indicator.name,
                "domain": s.indicator.aspect.domain.number,
                "aspect": s.indicator.aspect.number,
                "weight": s.indicator.weight,
                "level": s.level,
                "level_name": s.indicator.level_name(s.level),
                "explanation": s.explanation,
                "agency_id": s.agency_id,
                "evidence": getattr(s, "evidence_count", 0),
            }
            for s in scores
        ],
    }


@router.get(
    "/regions/{code}/spbe",
    response=list[AssessmentSummary],
    summary="A region's SPBE self-assessments",
)
@paginate(LimitOffsetPagination)
def list_spbe(request: HttpRequest, code: str) -> Any:
    region = region_for(request.user, code)
    return queries.assessments_of(request.user, region)


@router.post(
    "/regions/{code}/spbe",
    response={201: SpbeAssessmentOut},
    summary="Start a region's SPBE self-assessment of a year",
)
def start_spbe(request: HttpRequest, code: str, payload: SpbeAssessmentIn) -> Status:
    region = region_for(request.user, code, change="evaluation.start_spbe")
    assessment = services.start_spbe(region, actor=acting_user(request), year=payload.year)
    return Status(201, _detail(assessment_for(request.user, assessment.pk)))


@router.get(
    "/spbe/{assessment_id}",
    response=SpbeAssessmentOut,
    summary="One SPBE self-assessment: levels, index overall, per domain and aspect, predicate",
)
def get_spbe(request: HttpRequest, assessment_id: int) -> dict[str, Any]:
    return _detail(assessment_for(request.user, assessment_id))


@router.patch(
    "/spbe/{assessment_id}",
    response=SpbeAssessmentOut,
    summary="Set indicator levels and explanations (all or nothing; draft only)",
)
def patch_spbe(request: HttpRequest, assessment_id: int, payload: AssessmentPatch) -> Any:
    assessment = assessment_for(request.user, assessment_id)
    scores = {
        s.indicator.number: s
        for s in queries.scores_visible_to(request.user).filter(assessment=assessment)
    }
    actor = acting_user(request)
    with transaction.atomic(), state_conflicts():
        for item in payload.levels:
            score = scores.get(item.indicator)
            if score is None:
                raise Http404
            services.save_spbe_score(
                score,
                actor=actor,
                level=item.level,
                explanation=score.explanation if item.explanation is None else item.explanation,
            )
    return _detail(assessment_for(request.user, assessment_id))


@router.get(
    "/spbe/{assessment_id}/next-steps",
    response=NextStepsOut,
    summary="The fewest level increases (then the least effort) reaching a target predicate",
)
def spbe_next_steps(request: HttpRequest, assessment_id: int, target: str = "") -> dict[str, Any]:
    assessment = assessment_for(request.user, assessment_id)
    sheet = queries.sheet(assessment, target or None)
    if target and target != sheet.target:
        raise ValidationError(
            {
                "target": _("Choose a predicate of the instrument: %(codes)s.")
                % {"codes": ", ".join(band["code"] for band in sheet.bands)}
            },
            code="unknown_target",
        )
    return {
        "index": sheet.index,
        "predicate": sheet.predicate,
        "target": sheet.target,
        "reachable": sheet.steps is not None,
        "steps": [
            {
                "indicator": p.indicator.number,
                "name": p.indicator.name,
                "from_level": p.step.from_level,
                "to_level": p.step.to_level,
                "weight": p.step.weight,
                "effort": p.step.effort,
            }
            for p in sheet.steps or []
        ],
    }


def _step(request: HttpRequest, assessment_id: int) -> SpbeAssessment:
    """The self-assessment a workflow step names: 404 if hidden, 403 for a role that may
    never take the step; the service then refuses a wrong state (409)."""
    return assessment_for(request.user, assessment_id, change="evaluation.manage_spbe")


@router.post(
    "/spbe/{assessment_id}/submit",
    response=SpbeAssessmentOut,
    summary="Submit the draft self-assessment: its levels no longer change",
)
def submit_spbe(request: HttpRequest, assessment_id: int) -> dict[str, Any]:
    assessment = _step(request, assessment_id)
    with state_conflicts():
        services.submit_spbe(assessment, actor=acting_user(request))
    return _detail(assessment_for(request.user, assessment_id))


@router.post(
    "/spbe/{assessment_id}/return",
    response=SpbeAssessmentOut,
    summary="Return a submitted self-assessment to draft, with the reason",
)
def return_spbe(request: HttpRequest, assessment_id: int, payload: SpbeReturnIn) -> dict[str, Any]:
    assessment = _step(request, assessment_id)
    with state_conflicts():
        services.return_spbe_to_draft(assessment, actor=acting_user(request), reason=payload.reason)
    return _detail(assessment_for(request.user, assessment_id))


@router.post(
    "/spbe/{assessment_id}/publish",
    response=SpbeAssessmentOut,
    summary="Publish a submitted self-assessment: every signed-in user may then read it",
)
def publish_spbe(request: HttpRequest, assessment_id: int) -> dict[str, Any]:
    assessment = _step(request, assessment_id)
    with state_conflicts():
        services.publish_spbe(assessment, actor=acting_user(request))
    return _detail(assessment_for(request.user, assessment_id))


def _programme(request: HttpRequest, programme_id: int, change: str | None = None) -> Any:
    return get_for_user(
        request.user,
        programmes_visible_to(request.user),
        view="planning.view_masterplan",
        change=change,
        pk=programme_id,
    )


def _tags(programme: Any) -> list[dict[str, Any]]:
    return [
        {
            "indicator_id": tag.indicator_id,
            "instrument": tag.indicator.instrument.code,
            "number": tag.indicator.number,
            "name": tag.indicator.name,
        }
        for tag in programme.spbe_tags.select_related("indicator__instrument").order_by(
            "indicator__instrument__first_year", "indicator__number"
        )
    ]


@router.get(
    "/programmes/{programme_id}/spbe-indicators",
    response=list[SpbeTagOut],
    summary="The SPBE indicators a programme raises",
)
def get_programme_tags(request: HttpRequest, programme_id: int) -> list[dict[str, Any]]:
    return _tags(_programme(request, programme_id))


@router.put(
    "/programmes/{programme_id}/spbe-indicators",
    response=list[SpbeTagOut],
    summary="Set the SPBE indicators a programme raises (exactly those sent)",
)
def put_programme_tags(
    request: HttpRequest, programme_id: int, payload: TagsIn
) -> list[dict[str, Any]]:
    programme = _programme(request, programme_id, change="evaluation.tag_spbe_programme")
    indicators = list(SpbeIndicator.objects.filter(pk__in=payload.indicator_ids))
    if len(indicators) != len(set(payload.indicator_ids)):
        indicators.append(SpbeIndicator(pk=0))  # the service names the unknown id as refused
    services.set_programme_spbe_tags(programme, actor=acting_user(request), indicators=indicators)
    return _tags(programme)
