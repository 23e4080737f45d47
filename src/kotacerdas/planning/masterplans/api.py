"""JSON API of masterplans: the same services, queries and rules as the pages."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from kotacerdas.accounts.access import get_for_user
from kotacerdas.framework.models import FrameworkVersion
from kotacerdas.framework.queries import default_version
from kotacerdas.lib.concurrency import ConcurrentEditError
from kotacerdas.lib.errors import error_body
from kotacerdas.lib.openapi import inline_choices
from kotacerdas.lib.pagination import LimitOffsetPagination
from kotacerdas.regions.models import Region

from . import queries, services
from .edges import VIEW, acting_user
from .models import Masterplan, Stakeholder
from .states import state_refusal

router = Router()


def api_id(name: str) -> str:
    """The operation id an endpoint had before planning was cut into slices (clients and the
    API reference name operations by it)."""
    return f"kotacerdas_planning_api_{name}"


RegulationType = Annotated[Masterplan.RegulationType, inline_choices(Masterplan.RegulationType)]


class MasterplanOut(Schema):
    id: int
    region_code: str = Field(..., alias="region.code")
    title: str
    start_year: int
    end_year: int
    years: int
    framework_id: int
    status: Annotated[Masterplan.Status, inline_choices(Masterplan.Status)]
    return_reason: str
    submitted_at: datetime | None
    approved_at: datetime | None
    published_at: datetime | None
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
    regulation_type: (
        Annotated[Masterplan.RegulationType, inline_choices(Masterplan.RegulationType)] | None
    ) = None
    regulation_number: str | None = Field(None, max_length=100)
    regulation_date: date | None = None


def masterplan_or_404(request: HttpRequest, masterplan_id: int, change: str | None = None) -> Any:
    return get_for_user(
        request.user,
        Masterplan.objects.select_related("region", "region__province"),
        view=VIEW,
        change=change,
        state_refusal=state_refusal,
        pk=masterplan_id,
    )


def conflict_response(
    current: Any, sent: dict[str, Any], schema: Any, request: HttpRequest | None = None
) -> Status:
    """409 with, for every field sent, the value sent and the value saved meanwhile (as the
    schema shows it to ``request``'s user, if given)."""
    context = {"request": request} if request is not None else None
    saved = schema.from_orm(current, context=context).model_dump(mode="json")
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


@router.get(
    "/regions/{code}/masterplans",
    response=list[MasterplanOut],
    summary="Masterplans of a region",
    operation_id=api_id("list_masterplans"),
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
    operation_id=api_id("create_masterplan"),
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


@router.get(
    "/masterplans/{masterplan_id}",
    response=MasterplanOut,
    summary="One masterplan",
    operation_id=api_id("get_masterplan"),
)
def get_masterplan(request: HttpRequest, masterplan_id: int) -> Any:
    return masterplan_or_404(request, masterplan_id)


@router.patch(
    "/masterplans/{masterplan_id}",
    response={200: MasterplanOut, 409: dict},
    summary="Change a draft masterplan (coordinator)",
    operation_id=api_id("update_masterplan"),
)
def update_masterplan(request: HttpRequest, masterplan_id: int, payload: MasterplanPatch) -> Any:
    masterplan = masterplan_or_404(request, masterplan_id, change="planning.change_masterplan")
    sent = payload.model_dump(exclude_unset=True, mode="json")
    fields = payload.model_dump(exclude_unset=True)
    version = fields.pop("version", None)
    try:
        return services.update_masterplan(
            masterplan, actor=acting_user(request), opened_version=version, **fields
        )
    except ConcurrentEditError as exc:
        return conflict_response(exc.current, sent, MasterplanOut)


# Stakeholders (the pentahelix register; their ids are a programme's ``partner_ids``) ---------

StakeholderGroup = Annotated[Stakeholder.Group, inline_choices(Stakeholder.Group)]
INTERNAL = "planning.view_internal"


def _contacts_visible(obj: Stakeholder, context: Any) -> bool:
    """Contact details stay inside the region, as on the stakeholder page."""
    request = (context or {}).get("request")
    return request is not None and bool(request.user.has_perm(INTERNAL, obj.masterplan))


class StakeholderOut(Schema):
    id: int
    masterplan_id: int
    group: StakeholderGroup
    name: str
    contact_person: str | None = Field(None, description="null for readers outside the region")
    email: str | None = Field(None, description="null for readers outside the region")
    phone: str | None = Field(None, description="null for readers outside the region")
    programme_ids: list[int] = Field(..., description="Programmes it is a partner of")
    version: int

    @staticmethod
    def resolve_contact_person(obj: Stakeholder, context: Any) -> str | None:
        return obj.contact_person if _contacts_visible(obj, context) else None

    @staticmethod
    def resolve_email(obj: Stakeholder, context: Any) -> str | None:
        return obj.email if _contacts_visible(obj, context) else None

    @staticmethod
    def resolve_phone(obj: Stakeholder, context: Any) -> str | None:
        return obj.phone if _contacts_visible(obj, context) else None

    @staticmethod
    def resolve_programme_ids(obj: Stakeholder) -> list[int]:
        return [p.pk for p in obj.programmes.all()]


def omissible(**constraints: Any) -> Any:
    """A field a PATCH may leave out (it then stays as it is) but not send as null: its type
    stays the value's type, so the OpenAPI document and validation refuse null (422)."""
    return Field(None, **constraints)


class StakeholderPatch(Schema):
    """Fields left out stay as they are; send ``""`` to clear a contact detail."""

    version: int | None = Field(None, description="The version you read; a newer one → 409")
    group: StakeholderGroup = omissible()
    name: str = omissible(min_length=1, max_length=200)
    contact_person: str = omissible(max_length=150)
    email: str = omissible(max_length=254)
    phone: str = omissible(max_length=40)


class StakeholderIn(Schema):
    group: StakeholderGroup
    name: str = Field(..., min_length=1, max_length=200)
    contact_person: str = Field("", max_length=150)
    email: str = Field("", max_length=254)
    phone: str = Field("", max_length=40)


def _stakeholders() -> QuerySet[Stakeholder]:
    return Stakeholder.objects.select_related("masterplan__region__province").prefetch_related(
        "programmes"
    )


def _stakeholder(request: HttpRequest, stakeholder_id: int, change: str | None = None) -> Any:
    return get_for_user(
        request.user,
        _stakeholders(),
        view=VIEW,
        change=change,
        state_refusal=state_refusal,
        pk=stakeholder_id,
    )


@router.get(
    "/masterplans/{masterplan_id}/stakeholders",
    response=list[StakeholderOut],
    summary="Stakeholders of a masterplan",
    operation_id=api_id("list_stakeholders"),
)
@paginate(LimitOffsetPagination)
def list_stakeholders(request: HttpRequest, masterplan_id: int) -> Any:
    """By pentahelix group, then name. Contact details (person, e-mail, phone) are `null` for
    readers outside the region of a published masterplan."""
    masterplan = masterplan_or_404(request, masterplan_id)
    return _stakeholders().filter(masterplan=masterplan).order_by("group", "name", "pk")


@router.post(
    "/masterplans/{masterplan_id}/stakeholders",
    response={201: StakeholderOut},
    summary="Register a stakeholder (coordinator, while a draft)",
    operation_id=api_id("create_stakeholder"),
)
def create_stakeholder(request: HttpRequest, masterplan_id: int, payload: StakeholderIn) -> Status:
    masterplan = masterplan_or_404(request, masterplan_id, change="planning.change_stakeholders")
    saved = services.save_stakeholder(
        masterplan, actor=acting_user(request), **payload.model_dump()
    )
    return Status(201, _stakeholder(request, saved.pk))


@router.get(
    "/stakeholders/{stakeholder_id}",
    response=StakeholderOut,
    summary="One stakeholder",
    operation_id=api_id("get_stakeholder"),
)
def get_stakeholder(request: HttpRequest, stakeholder_id: int) -> Any:
    return _stakeholder(request, stakeholder_id)


@router.patch(
    "/stakeholders/{stakeholder_id}",
    response={200: StakeholderOut, 409: dict},
    summary="Change a stakeholder; send the `version` you read to be told of a concurrent edit",
    operation_id=api_id("update_stakeholder"),
)
def update_stakeholder(request: HttpRequest, stakeholder_id: int, payload: StakeholderPatch) -> Any:
    stakeholder = _stakeholder(request, stakeholder_id, change="planning.change_stakeholders")
    sent = payload.model_dump(exclude_unset=True, mode="json")
    fields = payload.model_dump(exclude_unset=True)
    version = fields.pop("version", None)
    try:
        services.save_stakeholder(
            stakeholder.masterplan,
            actor=acting_user(request),
            stakeholder=stakeholder,
            opened_version=version,
            **fields,
        )
    except ConcurrentEditError:
        current = _stakeholder(request, stakeholder_id)
        return conflict_response(current, sent, StakeholderOut, request)
    return _stakeholder(request, stakeholder_id)


@router.delete(
    "/stakeholders/{stakeholder_id}",
    response={204: None},
    summary="Remove a stakeholder (the programmes it partners lose it)",
    operation_id=api_id("delete_stakeholder"),
)
def delete_stakeholder(request: HttpRequest, stakeholder_id: int) -> Status:
    stakeholder = _stakeholder(request, stakeholder_id, change="planning.change_stakeholders")
    services.delete_stakeholder(stakeholder, actor=acting_user(request))
    return Status(204, None)
