"""JSON API of programme progress (report, verify, return) and of the rules a masterplan's
status is judged by (thresholds, roll-up weights). The same services and rules as the
pages; mounted on ``api.router``."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import StringConstraints

from kotacerdas.accounts.edge import acting_user
from kotacerdas.lib.openapi import inline_choices
from kotacerdas.lib.pagination import LimitOffsetPagination

from . import queries, services, services_progress, weights
from .api_review import decide
from .edges import masterplan_for, programme_for, progress_for
from .models import ProgrammeProgress, State

router = Router(tags=["monitoring"])

StateChoice = Annotated[State, inline_choices(State)]
Value = Annotated[
    Decimal | Annotated[str, StringConstraints(max_length=40)],
    Field(
        description="A number; as text it may be written in the request's language "
        "(`1.250,5` with `Accept-Language: id`)",
    ),
]


class MonitoringSpendingOut(Schema):
    funding_line_id: int
    amount: Decimal


class MonitoringProgressOut(Schema):
    id: int
    programme_id: int
    year: int
    physical_progress: Decimal = Field(..., description="Physical progress in %")
    beneficiaries: int | None = Field(
        ..., description="Citizens reached in the year (penerima manfaat), if reported"
    )
    narrative: str
    state: StateChoice
    reported_at: dt.datetime | None
    verified_at: dt.datetime | None
    return_comment: str
    spending: list[MonitoringSpendingOut] = Field(
        ..., description="Budget realised (Rupiah) per funding line of the year"
    )

    @staticmethod
    def resolve_spending(obj: ProgrammeProgress) -> list[Any]:
        return list(obj.spending.all())


class MonitoringSpendingIn(Schema):
    funding_line_id: int
    amount: Value


class MonitoringProgressIn(Schema):
    year: int
    physical_progress: Value
    beneficiaries: int | None = Field(
        None,
        ge=0,
        le=1_000_000_000,
        description="Citizens reached in the year (penerima manfaat); empty if not known",
    )
    narrative: str = Field("", max_length=5000)
    spending: list[MonitoringSpendingIn] = Field(default_factory=list, max_length=100)
    reason: str = Field(
        "", max_length=5000, description="Required to correct a verified year: why it changes"
    )


class MonitoringReturnIn(Schema):
    comment: str = Field(..., min_length=1, max_length=5000)


class MonitoringThresholds(Schema):
    on_track: Value = Field(..., description="On track from this achievement (%)")
    at_risk: Value = Field(..., description="At risk from this achievement (%), below: off track")


class MonitoringWeight(Schema):
    id: int = Field(..., description="The programme's or dimension's id")
    weight: Value = Field(..., description="From 0 (left out of the roll-up); 1 by default")


class MonitoringWeightOut(Schema):
    id: int
    code: str
    weight: Decimal


class MonitoringProgrammeWeightOut(MonitoringWeightOut):
    dimension_id: int


class MonitoringWeightsOut(Schema):
    dimensions: list[MonitoringWeightOut]
    programmes: list[MonitoringProgrammeWeightOut]


class MonitoringWeightsIn(Schema):
    dimensions: list[MonitoringWeight] = Field(default_factory=list, max_length=100)
    programmes: list[MonitoringWeight] = Field(default_factory=list, max_length=2000)


def _progress(rows: QuerySet[ProgrammeProgress]) -> QuerySet[ProgrammeProgress]:
    return rows.prefetch_related("spending")


def _one_progress(pk: int) -> ProgrammeProgress:
    return _progress(ProgrammeProgress.objects.all()).get(pk=pk)


# --- programme progress ---------------------------------------------------------------


@router.get(
    "/programmes/{programme_id}/progress",
    response=list[MonitoringProgressOut],
    summary="A programme's progress per year (physical %, budget realised, narrative)",
)
@paginate(LimitOffsetPagination)
def list_progress(request: HttpRequest, programme_id: int) -> Any:
    programme = programme_for(request.user, programme_id)
    return _progress(ProgrammeProgress.objects.filter(programme=programme).order_by("year"))


@router.post(
    "/programmes/{programme_id}/progress",
    response={201: MonitoringProgressOut},
    summary="Report (or correct, with a reason once verified) a programme's progress in a year",
)
def report_progress(
    request: HttpRequest, programme_id: int, payload: MonitoringProgressIn
) -> Status:
    programme = programme_for(request.user, programme_id, change="monitoring.report_progress")
    row = services_progress.report_progress(
        programme,
        actor=acting_user(request),
        year=payload.year,
        physical_progress=payload.physical_progress,
        narrative=payload.narrative,
        spending={s.funding_line_id: s.amount for s in payload.spending},
        reason=payload.reason,
        beneficiaries=payload.beneficiaries,
    )
    return Status(201, _progress(ProgrammeProgress.objects.all()).get(pk=row.pk))


@router.post(
    "/progress/{progress_id}/verify",
    response=MonitoringProgressOut,
    summary="Verify a programme's progress report (the coordinator)",
)
def verify_progress(request: HttpRequest, progress_id: int) -> Any:
    return decide(
        request,
        progress_for,
        progress_id,
        perm="monitoring.verify_progress",
        service=services_progress.verify_progress,
        reread=_one_progress,
    )


@router.post(
    "/progress/{progress_id}/return",
    response=MonitoringProgressOut,
    summary="Return a programme's progress report with a comment (the coordinator)",
)
def return_progress(request: HttpRequest, progress_id: int, payload: MonitoringReturnIn) -> Any:
    return decide(
        request,
        progress_for,
        progress_id,
        perm="monitoring.verify_progress",
        service=services_progress.return_progress,
        reread=_one_progress,
        comment=payload.comment,
    )


# --- thresholds and weights -------------------------------------------------------------


def _thresholds(masterplan: Any) -> dict[str, Decimal]:
    found = queries.thresholds_of(masterplan)
    return {"on_track": found.on_track, "at_risk": found.at_risk}


@router.get(
    "/masterplans/{masterplan_id}/thresholds",
    response=MonitoringThresholds,
    summary="The achievement from which the masterplan's status is on track and at risk",
)
def get_thresholds(request: HttpRequest, masterplan_id: int) -> Any:
    return _thresholds(masterplan_for(request.user, masterplan_id))


@router.put(
    "/masterplans/{masterplan_id}/thresholds",
    response=MonitoringThresholds,
    summary="Set the status thresholds (the coordinator)",
)
def set_thresholds(request: HttpRequest, masterplan_id: int, payload: MonitoringThresholds) -> Any:
    masterplan = masterplan_for(request.user, masterplan_id, change="monitoring.set_thresholds")
    services.set_thresholds(
        masterplan,
        actor=acting_user(request),
        on_track=payload.on_track,
        at_risk=payload.at_risk,
    )
    return _thresholds(masterplan)


def _weights(masterplan: Any) -> dict[str, Any]:
    return {
        "dimensions": [
            {"id": d.pk, "code": d.code, "weight": d.rollup_weight}  # type: ignore[attr-defined]
            for d in queries.weighted_dimensions(masterplan)
        ],
        "programmes": [
            {
                "id": p.pk,
                "code": p.code,
                "dimension_id": p.dimension_id,
                "weight": p.rollup_weight,  # type: ignore[attr-defined]
            }
            for p in queries.weighted_programmes(masterplan)
        ],
    }


@router.get(
    "/masterplans/{masterplan_id}/rollup-weights",
    response=MonitoringWeightsOut,
    summary="The roll-up weight of each dimension and programme (1 unless set)",
)
def get_rollup_weights(request: HttpRequest, masterplan_id: int) -> Any:
    return _weights(masterplan_for(request.user, masterplan_id))


@router.put(
    "/masterplans/{masterplan_id}/rollup-weights",
    response=MonitoringWeightsOut,
    summary="Set roll-up weights (the coordinator); dimensions and programmes not sent stay",
)
def set_rollup_weights(
    request: HttpRequest, masterplan_id: int, payload: MonitoringWeightsIn
) -> Any:
    masterplan = masterplan_for(request.user, masterplan_id, change="monitoring.set_weights")
    weights.set_weights(
        masterplan,
        actor=acting_user(request),
        programmes={w.id: w.weight for w in payload.programmes},
        dimensions={w.id: w.weight for w in payload.dimensions},
    )
    return _weights(masterplan)
