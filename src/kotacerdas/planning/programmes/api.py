"""JSON API of programmes: the same services, queries and rules as the pages."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.errors import ValidationError as RequestInvalid
from ninja.pagination import paginate

from kotacerdas.accounts.access import get_for_user
from kotacerdas.framework.models import Element
from kotacerdas.lib.concurrency import ConcurrentEditError
from kotacerdas.lib.ids import RowId
from kotacerdas.lib.openapi import inline_choices
from kotacerdas.lib.pagination import LimitOffsetPagination

from ..masterplans.api import api_id, conflict_response, masterplan_or_404
from ..masterplans.edges import VIEW, acting_user
from ..masterplans.models import Masterplan, Stakeholder
from ..masterplans.states import state_refusal
from ..strategy.models import Goal
from . import services
from .checks import Attachments, Funding, Support
from .extras import extra_outputs
from .models import FundingLine, Programme, ProgrammeDependency, ProgrammeSupport

router = Router()


class SupportSchema(Schema):
    agency_id: int
    role: str = Field("", max_length=200)


class FundingSchema(Schema):
    source: Annotated[FundingLine.Source, inline_choices(FundingLine.Source)]
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
    horizon: Annotated[Programme.Horizon, inline_choices(Programme.Horizon)]
    start_year: int
    end_year: int
    start_quarter: int | None
    end_quarter: int | None
    lead_agency_id: int | None
    status: Annotated[Programme.Status, inline_choices(Programme.Status)]
    rpjmd_code: str
    months_to_first_result: int | None
    is_quick_win: bool
    version: int
    supports: list[SupportSchema]
    funding: list[FundingSchema]
    partner_ids: list[int]
    depends_on_ids: list[int]
    goal_ids: list[int] = Field(description="The goals (sasaran) of the strategy it serves")
    extras: dict[str, Any] = Field(
        description="What other modules say about the programme, by key: `spbe_indicators`, "
        "the SPBE indicators it raises (`indicator_id`, `instrument` code, `number`, `name`)"
    )

    @staticmethod
    def resolve_extras(obj: Programme) -> dict[str, Any]:
        return {extra.key: extra.value(obj) for extra in extra_outputs()}

    @staticmethod
    def resolve_goal_ids(obj: Programme) -> list[int]:
        return sorted(g.pk for g in _rows(obj, "goals"))

    @staticmethod
    def resolve_partner_ids(obj: Programme) -> list[int]:
        return [p.pk for p in _rows(obj, "partners")]

    @staticmethod
    def resolve_depends_on_ids(obj: Programme) -> list[int]:
        return [d.depends_on_id for d in _rows(obj, "dependencies")]

    @staticmethod
    def resolve_supports(obj: Programme) -> list[dict[str, Any]]:
        rows = _rows(obj, "supports")
        return [{"agency_id": s.agency_id, "role": s.role} for s in rows]

    @staticmethod
    def resolve_funding(obj: Programme) -> list[dict[str, Any]]:
        rows = _rows(obj, "funding")
        return [{"source": f.source, "year": f.year, "amount": f.amount} for f in rows]


class ProgrammePatch(Schema):
    version: int | None = Field(None, description="The version you read; a newer one → 409")
    code: str | None = Field(None, min_length=1, max_length=30)
    name: str | None = Field(None, min_length=1, max_length=250)
    dimension_id: int | None = None
    element_id: int | None = None
    problem: str | None = None
    description: str | None = None
    innovation: str | None = None
    horizon: Annotated[Programme.Horizon, inline_choices(Programme.Horizon)] | None = None
    start_year: int | None = None
    end_year: int | None = None
    start_quarter: int | None = Field(None, ge=1, le=4, description="Empty: the whole year")
    end_quarter: int | None = Field(None, ge=1, le=4, description="Empty: the whole year")
    lead_agency_id: int | None = None
    status: Annotated[Programme.Status, inline_choices(Programme.Status)] | None = None
    rpjmd_code: str | None = Field(None, max_length=60)
    months_to_first_result: int | None = Field(None, ge=0, le=240)
    is_quick_win: bool | None = None
    supports: list[SupportSchema] | None = Field(None, description="Replaces them all")
    funding: list[FundingSchema] | None = Field(None, description="Replaces them all")
    partner_ids: list[RowId] | None = None
    depends_on_ids: list[RowId] | None = None
    goal_ids: list[RowId] | None = Field(
        None, description="Goals of this masterplan's missions it serves; replaces them all"
    )


class ProgrammeIn(ProgrammePatch):
    code: str = Field(..., min_length=1, max_length=30)
    name: str = Field(..., min_length=1, max_length=250)
    dimension_id: int
    horizon: Annotated[Programme.Horizon, inline_choices(Programme.Horizon)]
    start_year: int
    end_year: int


def _with_parts(programmes: QuerySet[Programme]) -> QuerySet[Programme]:
    """With what hangs off each programme, as plain lists (``<part>_rows``): a prefetch into the
    related managers builds a queryset per programme and part, 400 for a page of 100."""
    return programmes.prefetch_related(
        Prefetch("supports", ProgrammeSupport.objects.order_by("pk"), to_attr="supports_rows"),
        Prefetch("funding", FundingLine.objects.order_by("pk"), to_attr="funding_rows"),
        Prefetch("partners", Stakeholder.objects.all(), to_attr="partners_rows"),
        Prefetch(
            "dependencies", ProgrammeDependency.objects.order_by(), to_attr="dependencies_rows"
        ),
        Prefetch("goals", Goal.objects.order_by("pk"), to_attr="goals_rows"),
        *(extra.prefetch() for extra in extra_outputs()),
    )


def _rows(obj: Programme, related: str) -> list[Any]:
    """The rows of ``obj.<related>``: prefetched as ``<related>_rows``, or read now."""
    rows = getattr(obj, f"{related}_rows", None)
    return list(getattr(obj, related).all()) if rows is None else rows


def _programme(request: HttpRequest, programme_id: int, change: str | None = None) -> Any:
    return get_for_user(
        request.user,
        _with_parts(Programme.objects.select_related("masterplan__region__province")),
        view=VIEW,
        change=change,
        state_refusal=state_refusal,
        pk=programme_id,
    )


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
        k: v for k, v in data.items() if k in services.PROGRAMME_FIELDS and not k.endswith("_id")
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
    parts = Attachments()
    if data.get("supports") is not None:
        supports = data["supports"]
        found = _lookup(agencies, [s["agency_id"] for s in supports], "supports")
        parts.supports = [
            Support(agency, s["role"]) for agency, s in zip(found, supports, strict=True)
        ]
    if data.get("funding") is not None:
        parts.funding = [Funding(**row) for row in data["funding"]]
    if data.get("partner_ids") is not None:
        parts.partners = _lookup(masterplan.stakeholders.all(), data["partner_ids"], "partner_ids")
    if data.get("depends_on_ids") is not None:
        parts.depends_on = _lookup(
            masterplan.programmes.all(), data["depends_on_ids"], "depends_on_ids"
        )
    if data.get("goal_ids") is not None:
        parts.goals = _goals(masterplan, data["goal_ids"])
    return fields, parts


def _goals(masterplan: Masterplan, ids: list[int]) -> list[Goal]:
    """The goals ``ids`` name; any that is not a goal of this masterplan is a 422 naming
    ``goal_ids`` (the request names what cannot be linked)."""
    goals = Goal.objects.filter(mission__masterplan=masterplan, pk__in=ids)
    found = {goal.pk: goal for goal in goals.select_related("mission")}
    missing = [str(i) for i in dict.fromkeys(ids) if i not in found]
    if missing:
        message = _("Not a goal of this masterplan: %(ids)s.") % {"ids": ", ".join(missing)}
        raise RequestInvalid([{"loc": ("body", "payload", "goal_ids"), "msg": message}])
    return [found[i] for i in dict.fromkeys(ids)]


@router.get(
    "/masterplans/{masterplan_id}/programmes",
    response=list[ProgrammeOut],
    summary="Programmes of a masterplan",
    operation_id=api_id("list_programmes"),
)
@paginate(LimitOffsetPagination)
def list_programmes(request: HttpRequest, masterplan_id: int) -> Any:
    masterplan = masterplan_or_404(request, masterplan_id)
    return _with_parts(masterplan.programmes.order_by("code"))


@router.post(
    "/masterplans/{masterplan_id}/programmes",
    response={201: ProgrammeOut},
    summary="Add a programme (coordinator, or an editor of the lead agency)",
    operation_id=api_id("create_programme"),
)
def create_programme(request: HttpRequest, masterplan_id: int, payload: ProgrammeIn) -> Status:
    masterplan = masterplan_or_404(request, masterplan_id, change="planning.add_programme")
    masterplan = Masterplan.objects.select_related("region", "framework").get(pk=masterplan.pk)
    fields, parts = _resolve(masterplan, payload.model_dump(exclude_unset=True))
    programme = services.create_programme(
        masterplan, actor=acting_user(request), fields=fields, parts=parts
    )
    return Status(201, _with_parts(Programme.objects.all()).get(pk=programme.pk))


@router.get(
    "/programmes/{programme_id}",
    response=ProgrammeOut,
    summary="One programme",
    operation_id=api_id("get_programme"),
)
def get_programme(request: HttpRequest, programme_id: int) -> Any:
    return _programme(request, programme_id)


@router.patch(
    "/programmes/{programme_id}",
    response={200: ProgrammeOut, 409: dict},
    summary="Change a programme; send the `version` you read to be told of a concurrent edit",
    operation_id=api_id("update_programme"),
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
        services.update_programme(
            programme,
            actor=acting_user(request),
            opened_version=version,
            fields=fields,
            parts=parts,
        )
    except ConcurrentEditError:
        return conflict_response(_programme(request, programme_id), sent, ProgrammeOut)
    return _programme(request, programme_id)


@router.delete(
    "/programmes/{programme_id}",
    response={204: None},
    summary="Delete a programme",
    operation_id=api_id("delete_programme"),
)
def delete_programme(request: HttpRequest, programme_id: int) -> Status:
    programme = _programme(request, programme_id, change="planning.delete_programme")
    services.delete_programme(programme, actor=acting_user(request))
    return Status(204, None)
