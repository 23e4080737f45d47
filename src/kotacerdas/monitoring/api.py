"""JSON API of monitoring: indicators, their targets and realisations, verification. The same
services, queries and rules as the pages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import StringConstraints

from kotacerdas.accounts.edge import acting_user
from kotacerdas.lib.errors import state_conflicts
from kotacerdas.lib.openapi import inline_choices
from kotacerdas.lib.pagination import LimitOffsetPagination
from kotacerdas.regions.models import Agency

from . import services, tags
from .api_review import decide
from .edges import indicator_for, programme_for, realisation_for
from .models import Frequency, Indicator, Quality, Realisation, State, Target
from .services import EvidenceIn

router = Router(tags=["monitoring"])

Level = Annotated[Indicator.Level, inline_choices(Indicator.Level)]
Direction = Annotated[Indicator.Direction, inline_choices(Indicator.Direction)]
FrequencyChoice = Annotated[Frequency, inline_choices(Frequency)]
QualityChoice = Annotated[Quality, inline_choices(Quality)]
StateChoice = Annotated[State, inline_choices(State)]
Value = Annotated[
    Decimal | Annotated[str, StringConstraints(max_length=40)],
    Field(
        description="A number; as text it may be written in the request's language "
        "(`1.250,5` with `Accept-Language: id`)",
    ),
]


class TargetSchema(Schema):
    year: int
    quarter: int | None = Field(None, ge=1, le=4, description="Empty: the whole year")
    value: Decimal = Field(..., max_digits=20, decimal_places=4)


class IndicatorOut(Schema):
    id: int
    masterplan_id: int
    programme_id: int | None
    dimension_id: int | None
    level: Level
    code: str
    name: str
    definition: str
    unit: str
    direction: Direction
    range_min: Decimal | None
    range_max: Decimal | None
    baseline_value: Decimal | None
    baseline_year: int | None
    data_source: str
    responsible_agency_id: int | None
    frequency: FrequencyChoice
    tags: list[str]
    version: int
    targets: list[TargetSchema]

    @staticmethod
    def resolve_targets(obj: Indicator) -> list[dict[str, Any]]:
        return [{"year": t.year, "quarter": t.quarter, "value": t.value} for t in obj.targets.all()]


class IndicatorPatch(Schema):
    version: int | None = Field(None, description="The version you read; a newer one → 409")
    level: Level | None = None
    code: str | None = Field(None, min_length=1, max_length=30)
    name: str | None = Field(None, min_length=1, max_length=250)
    definition: str | None = Field(None, max_length=5000)
    unit: str | None = Field(None, min_length=1, max_length=50)
    direction: Direction | None = None
    range_min: Decimal | None = Field(None, max_digits=20, decimal_places=4)
    range_max: Decimal | None = Field(None, max_digits=20, decimal_places=4)
    baseline_value: Decimal | None = Field(None, max_digits=20, decimal_places=4)
    baseline_year: int | None = Field(None, ge=2000, le=2100)
    data_source: str | None = Field(None, max_length=250)
    responsible_agency_id: int | None = None
    frequency: FrequencyChoice | None = None
    tags: list[str] | None = Field(None, description="`<family>:<code>`, e.g. `sdg:11`")
    targets: list[TargetSchema] | None = Field(
        None, description="Targets to set (others are kept); a year or quarter not sent stays"
    )


class IndicatorIn(IndicatorPatch):
    level: Level = Indicator.Level.OUTCOME
    code: str = Field(..., min_length=1, max_length=30)
    name: str = Field(..., min_length=1, max_length=250)
    unit: str = Field(..., min_length=1, max_length=50)


class RealisationEvidenceOut(Schema):
    id: int
    title: str
    url: str
    has_file: bool

    @staticmethod
    def resolve_has_file(obj: Any) -> bool:
        return bool(obj.file)


class RealisationOut(Schema):
    id: int
    indicator_id: int
    year: int
    sub_period: int
    value: Decimal
    note: str
    quality: QualityChoice
    state: StateChoice
    is_current: bool
    corrects_id: int | None
    correction_reason: str
    reported_at: dt.datetime | None
    verified_at: dt.datetime | None
    return_comment: str
    evidence: list[RealisationEvidenceOut]

    @staticmethod
    def resolve_evidence(obj: Realisation) -> list[Any]:
        return list(obj.evidence.all())


class LinkIn(Schema):
    title: str = Field("", max_length=200)
    url: str = Field(..., min_length=1, max_length=500)


class RealisationIn(Schema):
    year: int
    sub_period: int = Field(0, ge=0, le=12, description="0 yearly; 1–2, 1–4 or 1–12")
    value: Value
    note: str = Field("", max_length=5000)
    quality: QualityChoice = Quality.MEASURED
    evidence_links: list[LinkIn] = Field(default_factory=list, max_length=20)


class CorrectionIn(Schema):
    value: Value
    reason: str = Field(..., min_length=1, max_length=5000)
    note: str = Field("", max_length=5000)
    quality: QualityChoice = Quality.MEASURED
    evidence_links: list[LinkIn] = Field(default_factory=list, max_length=20)


class RealisationReturnIn(Schema):
    comment: str = Field(..., min_length=1, max_length=5000)


def _with_targets(rows: QuerySet[Indicator]) -> QuerySet[Indicator]:
    return rows.prefetch_related(
        Prefetch("targets", queryset=Target.objects.order_by("year", "quarter"))
    )


def _fields(masterplan: Any, data: dict[str, Any]) -> dict[str, Any]:
    """A request body → the fields the services take; ids checked to belong."""
    fields = {k: v for k, v in data.items() if k in services.INDICATOR_FIELDS}
    if "responsible_agency_id" in data:
        agency_id = data["responsible_agency_id"]
        agency = None
        if agency_id is not None:
            agency = Agency.objects.filter(pk=agency_id, region_id=masterplan.region_id).first()
            if agency is None:
                raise ValidationError(
                    {"responsible_agency_id": _("Choose an agency of the region.")}
                )
        fields["responsible_agency"] = agency
    if "tags" in data and data["tags"] is not None:
        fields["tags"] = tags.clean_tags(data["tags"])
    return fields


def _targets(data: dict[str, Any]) -> dict[tuple[int, int | None], Decimal | None]:
    return {(t["year"], t.get("quarter")): t["value"] for t in data.get("targets") or []}


def _links(links: list[LinkIn]) -> list[EvidenceIn]:
    return [EvidenceIn(title=link.title, url=link.url) for link in links]


def _realisation(pk: int) -> Realisation:
    return _realisations(Realisation.objects.all()).get(pk=pk)


def _realisations(rows: QuerySet[Realisation]) -> QuerySet[Realisation]:
    return rows.prefetch_related("evidence")


@router.get(
    "/programmes/{programme_id}/indicators",
    response=list[IndicatorOut],
    summary="Indicators of a programme",
)
@paginate(LimitOffsetPagination)
def list_programme_indicators(request: HttpRequest, programme_id: int) -> Any:
    programme = programme_for(request.user, programme_id)
    return _with_targets(Indicator.objects.filter(programme=programme).order_by("code"))


@router.post(
    "/programmes/{programme_id}/indicators",
    response={201: IndicatorOut},
    summary="Add an output or outcome indicator to a programme, with its targets",
)
def create_programme_indicator(
    request: HttpRequest, programme_id: int, payload: IndicatorIn
) -> Status:
    programme = programme_for(request.user, programme_id, change="monitoring.change_indicator")
    data = payload.model_dump(exclude_unset=True)
    data.pop("version", None)
    fields = _fields(programme.masterplan, data)
    fields["programme"] = programme
    fields.setdefault("level", Indicator.Level.OUTCOME)
    actor = acting_user(request)
    with transaction.atomic():
        indicator = services.create_indicator(programme.masterplan, actor=actor, fields=fields)
        if data.get("targets"):
            services.set_targets(indicator, _targets(data), actor=actor)
    return Status(201, _with_targets(Indicator.objects.all()).get(pk=indicator.pk))


@router.get("/indicators/{indicator_id}", response=IndicatorOut, summary="One indicator")
def get_indicator(request: HttpRequest, indicator_id: int) -> Any:
    return indicator_for(request.user, indicator_id)


@router.patch(
    "/indicators/{indicator_id}",
    response={200: IndicatorOut, 409: dict},
    summary="Change an indicator (and set targets) while its masterplan is a draft",
)
def update_indicator(request: HttpRequest, indicator_id: int, payload: IndicatorPatch) -> Any:
    indicator = indicator_for(request.user, indicator_id, change="monitoring.change_indicator")
    data = payload.model_dump(exclude_unset=True)
    version = data.pop("version", None)
    fields = _fields(indicator.masterplan, data)
    actor = acting_user(request)
    with transaction.atomic():
        services.update_indicator(indicator, actor=actor, fields=fields, opened_version=version)
        if data.get("targets"):
            services.set_targets(indicator, _targets(data), actor=actor)
    return indicator_for(request.user, indicator_id)


@router.delete(
    "/indicators/{indicator_id}",
    response={204: None},
    summary="Delete an indicator with its targets (draft masterplan)",
)
def delete_indicator(request: HttpRequest, indicator_id: int) -> Status:
    indicator = indicator_for(request.user, indicator_id, change="monitoring.change_indicator")
    services.delete_indicator(indicator, actor=acting_user(request))
    return Status(204, None)


@router.get(
    "/indicators/{indicator_id}/realisations",
    response=list[RealisationOut],
    summary="Every realisation of an indicator, corrections included (newest period first)",
)
@paginate(LimitOffsetPagination)
def list_realisations(request: HttpRequest, indicator_id: int, current: bool = False) -> Any:
    indicator = indicator_for(request.user, indicator_id)
    rows = Realisation.objects.filter(indicator=indicator)
    if current:
        rows = rows.filter(is_current=True)
    return _realisations(rows.order_by("-year", "-sub_period", "-pk"))


@router.post(
    "/indicators/{indicator_id}/realisations",
    response={201: RealisationOut},
    summary="Report a realisation (the responsible agency's editor or the coordinator)",
)
def report_realisation(request: HttpRequest, indicator_id: int, payload: RealisationIn) -> Status:
    indicator = indicator_for(request.user, indicator_id, change="monitoring.report_realisation")
    with state_conflicts():
        row = services.report_realisation(
            indicator,
            actor=acting_user(request),
            year=payload.year,
            sub_period=payload.sub_period,
            value=payload.value,
            note=payload.note,
            quality=payload.quality,
            evidence=_links(payload.evidence_links),
        )
    return Status(201, _realisations(Realisation.objects.all()).get(pk=row.pk))


@router.post(
    "/realisations/{realisation_id}/correct",
    response={201: RealisationOut},
    summary="Correct the current value of a period, with the reason (the earlier one is kept)",
)
def correct_realisation(request: HttpRequest, realisation_id: int, payload: CorrectionIn) -> Status:
    row = realisation_for(request.user, realisation_id, change="monitoring.report_realisation")
    with state_conflicts():
        new = services.correct_realisation(
            row,
            actor=acting_user(request),
            value=payload.value,
            reason=payload.reason,
            note=payload.note,
            quality=payload.quality,
            evidence=_links(payload.evidence_links),
        )
    return Status(201, _realisations(Realisation.objects.all()).get(pk=new.pk))


@router.post(
    "/realisations/{realisation_id}/verify",
    response=RealisationOut,
    summary="Verify a reported value (the coordinator)",
)
def verify_realisation(request: HttpRequest, realisation_id: int) -> Any:
    return decide(
        request,
        realisation_for,
        realisation_id,
        perm="monitoring.verify_realisation",
        service=services.verify_realisation,
        reread=_realisation,
    )


@router.post(
    "/realisations/{realisation_id}/return",
    response=RealisationOut,
    summary="Return a reported value to the agency with a comment (the coordinator)",
)
def return_realisation(
    request: HttpRequest, realisation_id: int, payload: RealisationReturnIn
) -> Any:
    return decide(
        request,
        realisation_for,
        realisation_id,
        perm="monitoring.verify_realisation",
        service=services.return_realisation,
        reread=_realisation,
        comment=payload.comment,
    )


# Programme progress, thresholds and weights, in their own module.
from .api_progress import router as progress_router  # noqa: E402

router.add_router("", progress_router)
