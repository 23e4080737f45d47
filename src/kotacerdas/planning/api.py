"""JSON API of masterplans and programmes: the same services, queries and rules as the pages."""

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from kotacerdas.accounts.access import get_for_user
from kotacerdas.accounts.api_auth import SIGNED_IN
from kotacerdas.framework.models import Element, FrameworkVersion
from kotacerdas.framework.queries import default_version
from kotacerdas.lib.concurrency import ConcurrentEditError
from kotacerdas.lib.errors import error_body
from kotacerdas.regions.models import Region

from . import programmes as programme_services
from . import queries, quickwins, services
from .models import FundingLine, Masterplan, Programme, ProgrammeSupport
from .views.common import acting_user

router = Router(tags=["planning"], auth=SIGNED_IN)

VIEW = "planning.view_masterplan"


class MasterplanOut(Schema):
    id: int
    region_code: str = Field(..., alias="region.code")
    title: str
    start_year: int
    end_year: int
    years: int
    framework_id: int
    status: Masterplan.Status
    return_reason: str
    regulation_type: str
    regulation_number: str
    regulation_date: date | None
    version: int


class MasterplanIn(Schema):
    title: str = Field(..., min_length=1, max_length=200)
    start_year: int = Field(..., ge=2000, le=2100)
    years: int = Field(5, ge=5, le=10)
    framework_id: int | None = None


class MasterplanPatch(Schema):
    version: int | None = Field(None, description="The version you read; a newer one → 409")
    title: str | None = Field(None, min_length=1, max_length=200)
    start_year: int | None = Field(None, ge=2000, le=2100)
    years: int | None = Field(None, ge=5, le=10)
    regulation_type: Masterplan.RegulationType | None = None
    regulation_number: str | None = Field(None, max_length=100)
    regulation_date: date | None = None


class SupportSchema(Schema):
    agency_id: int
    role: str = Field("", max_length=200)


class FundingSchema(Schema):
    source: FundingLine.Source
    year: int
    amount: Decimal = Field(..., max_digits=18, decimal_places=2)


class ProgrammeOut(Schema):
    id: int
    masterplan_id: int
    code: str
    name: str
    dimension_id: int
    element_id: int | None
    problem: str
    description: str
    innovation: str
    horizon: Programme.Horizon
    start_year: int
    end_year: int
    start_quarter: int | None
    end_quarter: int | None
    lead_agency_id: int | None
    status: Programme.Status
    rpjmd_code: str
    months_to_first_result: int | None
    is_quick_win: bool
    version: int
    supports: list[SupportSchema]
    funding: list[FundingSchema]
    partner_ids: list[int]
    depends_on_ids: list[int]

    @staticmethod
    def resolve_partner_ids(obj: Programme) -> list[int]:
        return [p.pk for p in obj.partners.all()]

    @staticmethod
    def resolve_depends_on_ids(obj: Programme) -> list[int]:
        return [d.depends_on_id for d in obj.dependencies.all()]

    @staticmethod
    def resolve_supports(obj: Programme) -> list[dict[str, Any]]:
        return [{"agency_id": s.agency_id, "role": s.role} for s in obj.supports.all()]

    @staticmethod
    def resolve_funding(obj: Programme) -> list[dict[str, Any]]:
        return [{"source": f.source, "year": f.year, "amount": f.amount} for f in obj.funding.all()]


class ProgrammePatch(Schema):
    version: int | None = Field(None, description="The version you read; a newer one → 409")
    code: str | None = Field(None, min_length=1, max_length=30)
    name: str | None = Field(None, min_length=1, max_length=250)
    dimension_id: int | None = None
    element_id: int | None = None
    problem: str | None = None
    description: str | None = None
    innovation: str | None = None
    horizon: Programme.Horizon | None = None
    start_year: int | None = None
    end_year: int | None = None
    start_quarter: int | None = Field(None, ge=1, le=4, description="Empty: the whole year")
    end_quarter: int | None = Field(None, ge=1, le=4, description="Empty: the whole year")
    lead_agency_id: int | None = None
    status: Programme.Status | None = None
    rpjmd_code: str | None = Field(None, max_length=60)
    months_to_first_result: int | None = Field(None, ge=0, le=240)
    is_quick_win: bool | None = None
    supports: list[SupportSchema] | None = Field(None, description="Replaces them all")
    funding: list[FundingSchema] | None = Field(None, description="Replaces them all")
    partner_ids: list[int] | None = None
    depends_on_ids: list[int] | None = None


class ProgrammeIn(ProgrammePatch):
    code: str = Field(..., min_length=1, max_length=30)
    name: str = Field(..., min_length=1, max_length=250)
    dimension_id: int
    horizon: Programme.Horizon
    start_year: int
    end_year: int


class VersionOut(Schema):
    number: int
    created: datetime
    approved_by: str | None = Field(None, alias="created_by.username")


def _masterplan(request: HttpRequest, masterplan_id: int, change: str | None = None) -> Any:
    return get_for_user(
        request.user,
        Masterplan.objects.select_related("region", "region__province"),
        view=VIEW,
        change=change,
        pk=masterplan_id,
    )


def _with_parts(programmes: QuerySet[Programme]) -> QuerySet[Programme]:
    return programmes.prefetch_related(
        Prefetch("supports", queryset=ProgrammeSupport.objects.order_by("pk")),
        Prefetch("funding", queryset=FundingLine.objects.order_by("pk")),
        "partners",
        "dependencies",
    )


def _programme(request: HttpRequest, programme_id: int, change: str | None = None) -> Any:
    return get_for_user(
        request.user,
        _with_parts(Programme.objects.select_related("masterplan__region__province")),
        view=VIEW,
        change=change,
        pk=programme_id,
    )


def _conflict(current: Any, sent: dict[str, Any], schema: Any) -> Status:
    """409 with, for every field sent, the value sent and the value saved meanwhile."""
    saved = schema.from_orm(current).model_dump(mode="json")
    details = [
        {
            "field": name,
            "message": _("Changed by someone else."),
            "yours": value,
            "current": saved.get(name),
        }
        for name, value in sent.items()
        if name != "version" and saved.get(name) != value
    ]
    body = error_body("conflict", _("Someone else changed this record after you read it."), details)
    return Status(409, {**body, "current": saved})


def _lookup(rows: Any, ids: list[int], field: str) -> list[Any]:
    found = {row.pk: row for row in rows.filter(pk__in=ids)}
    missing = [str(i) for i in ids if i not in found]
    if missing:
        raise ValidationError(
            {field: _("Unknown in this masterplan: %(ids)s.") % {"ids": ", ".join(missing)}}
        )
    return [found[i] for i in ids]


def _resolve(masterplan: Masterplan, data: dict[str, Any]) -> tuple[dict, Any]:
    """Ids in a request body → the objects the services take, each checked to belong."""
    fields = {
        k: v
        for k, v in data.items()
        if k in programme_services.PROGRAMME_FIELDS and not k.endswith("_id")
    }
    dimensions = masterplan.framework.dimensions.all()
    agencies = masterplan.region.agencies.all()
    if "dimension_id" in data:
        fields["dimension"] = _lookup(dimensions, [data["dimension_id"]], "dimension_id")[0]
    if "element_id" in data:
        elements = Element.objects.filter(dimension__framework=masterplan.framework_id)
        element_id = data["element_id"]
        fields["element"] = _lookup(elements, [element_id], "element_id")[0] if element_id else None
    if "lead_agency_id" in data:
        lead = data["lead_agency_id"]
        fields["lead_agency"] = _lookup(agencies, [lead], "lead_agency_id")[0] if lead else None
    parts = programme_services.Attachments()
    if data.get("supports") is not None:
        supports = data["supports"]
        found = _lookup(agencies, [s["agency_id"] for s in supports], "supports")
        parts.supports = [
            programme_services.Support(agency, s["role"])
            for agency, s in zip(found, supports, strict=True)
        ]
    if data.get("funding") is not None:
        parts.funding = [programme_services.Funding(**row) for row in data["funding"]]
    if data.get("partner_ids") is not None:
        parts.partners = _lookup(masterplan.stakeholders.all(), data["partner_ids"], "partner_ids")
    if data.get("depends_on_ids") is not None:
        parts.depends_on = _lookup(
            masterplan.programmes.all(), data["depends_on_ids"], "depends_on_ids"
        )
    return fields, parts


@router.get(
    "/regions/{code}/masterplans", response=list[MasterplanOut], summary="Masterplans of a region"
)
@paginate(LimitOffsetPagination)
def list_masterplans(request: HttpRequest, code: str) -> Any:
    """All of the region's masterplans for its team; only published ones for anyone else."""
    region = get_for_user(request.user, Region.objects.all(), view=None, code=code)
    return queries.masterplans_of(request.user, region)


@router.post(
    "/regions/{code}/masterplans",
    response={201: MasterplanOut},
    summary="Start a masterplan (coordinator)",
)
def create_masterplan(request: HttpRequest, code: str, payload: MasterplanIn) -> Status:
    region = get_for_user(
        request.user, Region.objects.all(), view=None, change="planning.add_masterplan", code=code
    )
    if payload.framework_id is not None:
        framework = FrameworkVersion.objects.filter(pk=payload.framework_id).first()
    else:
        framework = default_version()
    if framework is None:
        raise ValidationError({"framework_id": _("Unknown framework version.")})
    masterplan = services.create_masterplan(
        region,
        actor=acting_user(request),
        title=payload.title,
        start_year=payload.start_year,
        years=payload.years,
        framework=framework,
    )
    return Status(201, masterplan)


@router.get("/masterplans/{masterplan_id}", response=MasterplanOut, summary="One masterplan")
def get_masterplan(request: HttpRequest, masterplan_id: int) -> Any:
    return _masterplan(request, masterplan_id)


@router.patch(
    "/masterplans/{masterplan_id}",
    response={200: MasterplanOut, 409: dict},
    summary="Change a draft masterplan (coordinator)",
)
def update_masterplan(request: HttpRequest, masterplan_id: int, payload: MasterplanPatch) -> Any:
    masterplan = _masterplan(request, masterplan_id, change="planning.change_masterplan")
    sent = payload.model_dump(exclude_unset=True, mode="json")
    fields = payload.model_dump(exclude_unset=True)
    version = fields.pop("version", None)
    try:
        return services.update_masterplan(
            masterplan, actor=acting_user(request), opened_version=version, **fields
        )
    except ConcurrentEditError as exc:
        return _conflict(exc.current, sent, MasterplanOut)


@router.get(
    "/masterplans/{masterplan_id}/programmes",
    response=list[ProgrammeOut],
    summary="Programmes of a masterplan",
)
@paginate(LimitOffsetPagination)
def list_programmes(request: HttpRequest, masterplan_id: int) -> Any:
    masterplan = _masterplan(request, masterplan_id)
    return _with_parts(masterplan.programmes.order_by("code"))


@router.post(
    "/masterplans/{masterplan_id}/programmes",
    response={201: ProgrammeOut},
    summary="Add a programme (coordinator, or an editor of the lead agency)",
)
def create_programme(request: HttpRequest, masterplan_id: int, payload: ProgrammeIn) -> Status:
    masterplan = _masterplan(request, masterplan_id, change="planning.add_programme")
    masterplan = Masterplan.objects.select_related("region", "framework").get(pk=masterplan.pk)
    fields, parts = _resolve(masterplan, payload.model_dump(exclude_unset=True))
    programme = programme_services.create_programme(
        masterplan, actor=acting_user(request), fields=fields, parts=parts
    )
    return Status(201, _with_parts(Programme.objects.all()).get(pk=programme.pk))


@router.get("/programmes/{programme_id}", response=ProgrammeOut, summary="One programme")
def get_programme(request: HttpRequest, programme_id: int) -> Any:
    return _programme(request, programme_id)


@router.patch(
    "/programmes/{programme_id}",
    response={200: ProgrammeOut, 409: dict},
    summary="Change a programme; send the `version` you read to be told of a concurrent edit",
)
def update_programme(request: HttpRequest, programme_id: int, payload: ProgrammePatch) -> Any:
    programme = _programme(request, programme_id, change="planning.change_programme")
    masterplan = Masterplan.objects.select_related("region", "framework").get(
        pk=programme.masterplan_id
    )
    sent = payload.model_dump(exclude_unset=True, mode="json")
    data = payload.model_dump(exclude_unset=True)
    version = data.pop("version", None)
    fields, parts = _resolve(masterplan, data)
    try:
        programme_services.update_programme(
            programme,
            actor=acting_user(request),
            opened_version=version,
            fields=fields,
            parts=parts,
        )
    except ConcurrentEditError:
        return _conflict(_programme(request, programme_id), sent, ProgrammeOut)
    return _programme(request, programme_id)


@router.delete("/programmes/{programme_id}", response={204: None}, summary="Delete a programme")
def delete_programme(request: HttpRequest, programme_id: int) -> Status:
    programme = _programme(request, programme_id, change="planning.delete_programme")
    programme_services.delete_programme(programme, actor=acting_user(request))
    return Status(204, None)


@router.get(
    "/masterplans/{masterplan_id}/versions",
    response=list[VersionOut],
    summary="Approved versions of a masterplan",
)
def list_masterplan_versions(request: HttpRequest, masterplan_id: int) -> Any:
    masterplan = _masterplan(request, masterplan_id)
    return list(
        masterplan.versions.select_related("created_by").defer("snapshot").order_by("-number")
    )


class RoadmapMilestone(Schema):
    id: int = Field(..., alias="pk")
    name: str
    year: int
    quarter: int | None
    done: bool


class RoadmapProgramme(Schema):
    id: int = Field(..., alias="pk")
    code: str
    name: str
    dimension_id: int
    start_year: int
    end_year: int
    start_quarter: int | None
    end_quarter: int | None
    is_quick_win: bool
    milestones: list[RoadmapMilestone]


class RoadmapConflict(Schema):
    code: str
    programme_id: int
    year: int | None
    message: str


class RoadmapOut(Schema):
    years: list[int]
    programmes: list[RoadmapProgramme]
    conflicts: list[RoadmapConflict]


@router.get(
    "/masterplans/{masterplan_id}/roadmap",
    response=RoadmapOut,
    summary="Programmes over the period, with the roadmap's conflicts",
)
def get_roadmap(request: HttpRequest, masterplan_id: int) -> dict[str, Any]:
    masterplan = _masterplan(request, masterplan_id)
    data = queries.roadmap(masterplan)
    return {
        "years": data["years"],
        "programmes": data["programmes"],
        "conflicts": [
            {
                "code": c["code"],
                "programme_id": c["programme"]["pk"],
                "year": c["year"],
                "message": c["message"],
            }
            for c in data["conflicts"]
        ],
    }


class CriterionOut(Schema):
    key: str
    name: str
    weight: float
    lower_is_better: bool


class RankedOut(Schema):
    programme_id: int
    code: str
    rank: int
    total: float
    complete: bool
    is_quick_win: bool
    scores: dict[str, int | None]


class QuickWinsOut(Schema):
    criteria: list[CriterionOut]
    ranking: list[RankedOut]
    warnings: list[str]


@router.get(
    "/masterplans/{masterplan_id}/quick-wins",
    response=QuickWinsOut,
    summary="Quick-win ranking with every programme's scores",
)
def get_quick_wins(request: HttpRequest, masterplan_id: int) -> dict[str, Any]:
    masterplan = _masterplan(request, masterplan_id)
    masterplan = Masterplan.objects.select_related("framework").get(pk=masterplan.pk)
    data = quickwins.ranking(masterplan)
    keys = {c.pk: c.key for c in data["criteria"]}
    return {
        "criteria": data["criteria"],
        "ranking": [
            {
                "programme_id": row["programme"].pk,
                "code": row["programme"].code,
                "rank": row["rank"],
                "total": row["total"],
                "complete": row["complete"],
                "is_quick_win": row["programme"].is_quick_win,
                "scores": {keys[cid]: score for cid, score in row["scores"]},
            }
            for row in data["rows"]
        ],
        "warnings": data["warnings"],
    }
