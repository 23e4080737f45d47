"""JSON API of the yearly evaluation: instruments, a region's evaluations, one evaluation
with its scores and indices, and the workflow steps. The same services, queries and rules as
the pages."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any

from django.db import transaction
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from kotacerdas.accounts.access import require
from kotacerdas.accounts.edge import acting_user
from kotacerdas.lib.concurrency import check_version
from kotacerdas.lib.errors import state_conflicts
from kotacerdas.lib.openapi import inline_choices
from kotacerdas.lib.pagination import LimitOffsetPagination

from . import queries, scoring, services
from .edges import evaluation_for, region_for
from .models import Evaluation
from .services import AdjustmentIn, ScoreIn

router = Router(tags=["evaluation"])

StatusChoice = Annotated[Evaluation.Status, inline_choices(Evaluation.Status)]
Code = Annotated[str, Field(min_length=1, max_length=40)]


class ComponentOut(Schema):
    code: str
    weight: Decimal
    name_id: str
    name_en: str


class InstrumentOut(Schema):
    id: int
    code: str
    version: str
    year: int
    name_id: str
    name_en: str
    scale_min: int
    scale_max: int
    components: list[ComponentOut]
    dimensions: list[str]
    criteria_count: int


def _instrument(obj: Any) -> dict[str, Any]:
    return {
        "id": obj.pk,
        "code": obj.code,
        "version": obj.number,
        "year": obj.year,
        "name_id": obj.name_id,
        "name_en": obj.name_en,
        "scale_min": obj.scale_min,
        "scale_max": obj.scale_max,
        "components": [
            {
                "code": c["code"],
                "weight": Decimal(c["weight"]),
                "name_id": c["name"]["id"],
                "name_en": c["name"]["en"],
            }
            for c in obj.components
        ],
        "dimensions": obj.dimension_codes(),
        "criteria_count": len(obj.criteria),
    }


class IndexOut(Schema):
    value: Decimal = Field(..., description="Rounded half-up to two decimals")
    unrounded: Decimal


class EvaluationSummaryOut(Schema):
    id: int
    region: str
    year: int
    status: StatusChoice
    self_index: IndexOut | None
    index: IndexOut | None


def _index(value: Decimal | None) -> dict[str, Decimal] | None:
    return None if value is None else {"value": scoring.round2(value), "unrounded": value}


def _summary(obj: Evaluation) -> dict[str, Any]:
    return {
        "id": obj.pk,
        "region": obj.region.code,
        "year": obj.year,
        "status": obj.status,
        "self_index": _index(obj.self_index),
        "index": _index(obj.index),
    }


class EvaluationScoreOut(Schema):
    component: str
    dimension: str
    self_score: int | None
    narrative: str
    evidence: str
    verified_score: int | None
    reason: str
    counted: int | None = Field(
        ..., description="The verified score where given, else the region's"
    )


class EvaluationDimensionOut(Schema):
    dimension: str
    self_index: IndexOut | None
    index: IndexOut | None
    weaknesses: str | None
    strengths: str | None
    recommendations: str | None


class ComponentScoreOut(Schema):
    component: str
    weight: Decimal
    self_score: Decimal | None
    score: Decimal | None


class EvaluationOut(EvaluationSummaryOut):
    version: int
    instrument_id: int
    scale_min: int
    scale_max: int
    verification_notes: str
    components: list[ComponentScoreOut]
    dimensions: list[EvaluationDimensionOut]
    scores: list[EvaluationScoreOut]


def _terms(result: scoring.Result | None) -> dict[str, Decimal]:
    return {} if result is None else {t.component: t.score for t in result.terms}


def _detail(obj: Evaluation) -> dict[str, Any]:
    sheet = queries.sheet(obj)
    own, verified = _terms(sheet.self_result), _terms(sheet.result)
    instrument = obj.round.instrument
    return {
        **_summary(obj),
        "version": obj.version,
        "instrument_id": instrument.pk,
        "scale_min": instrument.scale_min,
        "scale_max": instrument.scale_max,
        "verification_notes": obj.verification_notes,
        "components": [
            {
                "component": code,
                "weight": weight,
                "self_score": own.get(code),
                "score": verified.get(code),
            }
            for code, weight in sheet.weights.items()
        ],
        "dimensions": [
            {
                "dimension": s.code,
                "self_index": _index(s.self_result.value if s.self_result else None),
                "index": _index(s.result.value if s.result else None),
                "weaknesses": s.report.weaknesses if s.report else None,
                "strengths": s.report.strengths if s.report else None,
                "recommendations": s.report.recommendations if s.report else None,
            }
            for s in sheet.sections
        ],
        "scores": [
            {
                "component": r.component,
                "dimension": r.dimension,
                "self_score": r.score.self_score,
                "narrative": r.score.narrative,
                "evidence": r.score.evidence,
                "verified_score": r.score.verified_score,
                "reason": r.score.reason,
                "counted": r.counted,
            }
            for r in sheet.rows
        ],
    }


class StartIn(Schema):
    year: int = Field(..., ge=2000, le=2100)


class ScoreItem(Schema):
    component: Code
    dimension: Code
    score: int | None = Field(None, description="Empty: not scored yet")
    narrative: str = Field("", max_length=10000)
    evidence: str = Field("", max_length=10000)


class AdjustmentItem(Schema):
    component: Code
    dimension: Code
    score: int | None = Field(None, description="Empty, or the region's score: no change")
    reason: str = Field("", max_length=5000, description="Required when the score changes")


class ReportIn(Schema):
    dimension: Code
    weaknesses: str = Field("", max_length=10000)
    strengths: str = Field("", max_length=10000)
    recommendations: str = Field("", max_length=10000)


class EvaluationPatch(Schema):
    version: int | None = Field(None, description="The version you read; a newer one → 409")
    scores: list[ScoreItem] | None = Field(
        None, description="The region's self-assessment (its coordinator, while a draft)"
    )
    adjustments: list[AdjustmentItem] | None = Field(
        None, description="An assigned assessor's scores, while submitted"
    )
    verification_notes: str | None = Field(None, max_length=10000)
    report: list[ReportIn] | None = Field(
        None, description="An assigned assessor's report per dimension, while submitted"
    )


@router.get(
    "/evaluation/instruments",
    response=list[InstrumentOut],
    summary="Evaluation instruments: components, weights, scale",
)
@paginate(LimitOffsetPagination)
def list_evaluation_instruments(request: HttpRequest) -> Any:
    require(request.user, "evaluation.view_instruments")
    return [_instrument(i) for i in queries.instruments()]


@router.get(
    "/regions/{code}/evaluations",
    response=list[EvaluationSummaryOut],
    summary="A region's yearly evaluations",
)
@paginate(LimitOffsetPagination)
def list_region_evaluations(request: HttpRequest, code: str) -> Any:
    region = region_for(request.user, code)
    return [_summary(e) for e in queries.evaluations_of(request.user, region)]


@router.post(
    "/regions/{code}/evaluations",
    response={201: EvaluationOut},
    summary="Start the region's self-assessment for an open round's year",
)
def start_region_evaluation(request: HttpRequest, code: str, payload: StartIn) -> Status:
    region = region_for(request.user, code)
    require(request.user, "evaluation.start_evaluation", region)
    evaluation = services.start_evaluation(region, actor=acting_user(request), year=payload.year)
    return Status(201, _detail(evaluation_for(request.user, evaluation.pk)))


@router.get(
    "/evaluations/{evaluation_id}",
    response=EvaluationOut,
    summary="One evaluation: scores, indices overall and per dimension, report, status",
)
def get_evaluation(request: HttpRequest, evaluation_id: int) -> Any:
    return _detail(evaluation_for(request.user, evaluation_id))


@router.patch(
    "/evaluations/{evaluation_id}",
    response=EvaluationOut,
    summary="Save the self-assessment (region) or the verification and report (assessor)",
)
def update_evaluation(request: HttpRequest, evaluation_id: int, payload: EvaluationPatch) -> Any:
    assessing = (
        payload.adjustments is not None
        or payload.report is not None
        or payload.verification_notes is not None
    )
    change = "evaluation.verify_evaluation" if assessing else "evaluation.fill_evaluation"
    evaluation = evaluation_for(request.user, evaluation_id, change=change)
    actor = acting_user(request)
    with state_conflicts(), transaction.atomic():
        if payload.version is not None:
            check_version(evaluation, payload.version)
        if payload.scores is not None:
            services.save_scores(
                evaluation,
                actor=actor,
                scores={
                    (s.component, s.dimension): ScoreIn(s.score, s.narrative, s.evidence)
                    for s in payload.scores
                },
            )
        if payload.adjustments is not None or payload.verification_notes is not None:
            services.verify_scores(
                evaluation,
                actor=actor,
                adjustments={
                    (a.component, a.dimension): AdjustmentIn(a.score, a.reason)
                    for a in payload.adjustments or []
                },
                notes=payload.verification_notes,
            )
        for part in payload.report or []:
            services.save_report_section(
                evaluation,
                actor=actor,
                dimension=part.dimension,
                weaknesses=part.weaknesses,
                strengths=part.strengths,
                recommendations=part.recommendations,
            )
    return _detail(evaluation_for(request.user, evaluation_id))


@router.post(
    "/evaluations/{evaluation_id}/submit",
    response=EvaluationOut,
    summary="Submit the self-assessment to the assessors",
)
def submit_evaluation(request: HttpRequest, evaluation_id: int) -> Any:
    evaluation = evaluation_for(request.user, evaluation_id, change="evaluation.submit_evaluation")
    with state_conflicts():
        services.submit_evaluation(evaluation, actor=acting_user(request))
    return _detail(evaluation_for(request.user, evaluation_id))


@router.post(
    "/evaluations/{evaluation_id}/verify",
    response=EvaluationOut,
    summary="Close verification: the index is computed and kept",
)
def verify_evaluation(request: HttpRequest, evaluation_id: int) -> Any:
    evaluation = evaluation_for(request.user, evaluation_id, change="evaluation.verify_evaluation")
    with state_conflicts():
        services.verify_evaluation(evaluation, actor=acting_user(request))
    return _detail(evaluation_for(request.user, evaluation_id))


@router.post(
    "/evaluations/{evaluation_id}/publish",
    response=EvaluationOut,
    summary="Publish the verified result",
)
def publish_evaluation(request: HttpRequest, evaluation_id: int) -> Any:
    evaluation = evaluation_for(request.user, evaluation_id, change="evaluation.publish_evaluation")
    with state_conflicts():
        services.publish_evaluation(evaluation, actor=acting_user(request))
    return _detail(evaluation_for(request.user, evaluation_id))
