"""JSON API of the roadmap."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Field, Router, Schema

from ..masterplans.api import api_id, masterplan_or_404
from . import queries
from .queries import Roadmap

router = Router()


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
    programme_id: int = Field(..., alias="programme.pk")
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
    operation_id=api_id("get_roadmap"),
)
def get_roadmap(request: HttpRequest, masterplan_id: int) -> Roadmap:
    return queries.roadmap(masterplan_or_404(request, masterplan_id))
