"""JSON API of a masterplan's approved versions."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema

from ..masterplans.api import api_id, masterplan_or_404
from . import queries

router = Router()


class VersionOut(Schema):
    number: int
    created: datetime
    approved_by: str | None = Field(None, alias="created_by.username")


@router.get(
    "/masterplans/{masterplan_id}/versions",
    response=list[VersionOut],
    summary="Approved versions of a masterplan",
    operation_id=api_id("list_masterplan_versions"),
)
def list_masterplan_versions(request: HttpRequest, masterplan_id: int) -> Any:
    masterplan = masterplan_or_404(request, masterplan_id)
    return list(queries.versions_of(masterplan))
