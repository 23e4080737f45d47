"""JSON API of the framework catalogue (public reference data)."""

from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from kotacerdas.accounts.access import get_for_user
from kotacerdas.accounts.api_auth import PUBLIC
from kotacerdas.lib.pagination import LimitOffsetPagination

from . import queries
from .models import FrameworkVersion

router = Router(tags=["framework"], auth=PUBLIC)


class Bilingual(Schema):
    id: str
    en: str


class FrameworkVersionOut(Schema):
    id: int
    profile: str
    number: str
    name: Bilingual
    source: str
    locked: bool

    @staticmethod
    def resolve_name(obj: FrameworkVersion) -> dict[str, str]:
        return {"id": obj.name_id, "en": obj.name_en}

    @staticmethod
    def resolve_locked(obj: FrameworkVersion) -> bool:
        return obj.locked_at is not None


class TagOut(Schema):
    code: str
    id: str
    en: str


class ElementOut(Schema):
    id: int = Field(..., description="Send it as `element_id` of a programme")
    code: str
    position: int
    name: Bilingual
    tags: list[TagOut]

    @staticmethod
    def resolve_name(obj: Any) -> dict[str, str]:
        return {"id": obj.name_id, "en": obj.name_en}


class DimensionOut(Schema):
    id: int = Field(..., description="Send it as `dimension_id` of a programme")
    code: str
    position: int
    name: Bilingual
    elements: list[ElementOut]

    @staticmethod
    def resolve_name(obj: Any) -> dict[str, str]:
        return {"id": obj.name_id, "en": obj.name_en}

    @staticmethod
    def resolve_elements(obj: Any) -> list[Any]:
        return list(obj.elements.all())


@router.get("/framework/versions", response=list[FrameworkVersionOut], summary="Framework versions")
@paginate(LimitOffsetPagination)
def list_versions(request: HttpRequest) -> Any:
    return queries.versions()


@router.get(
    "/framework/versions/{version_id}/dimensions",
    response=list[DimensionOut],
    summary="Dimensions of a version, each with its elements",
)
def list_dimensions(request: HttpRequest, version_id: int) -> Any:
    version = get_for_user(request.user, FrameworkVersion.objects.all(), view=None, pk=version_id)
    return list(queries.dimensions_of(version))
