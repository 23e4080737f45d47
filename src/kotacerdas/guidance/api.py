"""JSON API of the guidance: cohorts and their pipeline, a region's sessions, a session's
attendance, an expert's calendar. The same services, queries and rules as the pages."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from kotacerdas.accounts.edge import acting_user
from kotacerdas.lib.ids import RowId
from kotacerdas.lib.openapi import inline_choices
from kotacerdas.lib.pagination import LimitOffsetPagination

from . import calendars, queries, services
from .checks import AttendanceIn
from .edges import (
    cohort_for,
    comment_for,
    expert_for,
    member_for,
    national_only,
    session_for,
)
from .models import Attendance, Comment, Group, Session

router = Router(tags=["guidance"])

KindChoice = Annotated[Session.Kind, inline_choices(Session.Kind)]
FormatChoice = Annotated[Session.Format, inline_choices(Session.Format)]
GroupChoice = Annotated[Group, inline_choices(Group)]
ModeChoice = Annotated[Attendance.Mode, inline_choices(Attendance.Mode)]


ADOPTION_HELP = (
    "For the adoption event: perwal, perbup or perda; with its number and date it becomes the "
    "legal basis of the region's approved masterplan"
)


class CohortOut(Schema):
    id: int
    name: str
    year: int
    campaign_id: int | None
    participants: int


class PipelineCellOut(Schema):
    stage: str
    planned_start: dt.date | None
    planned_end: dt.date | None
    sessions: int
    held: bool
    complete: bool
    overdue: bool


class PipelineRowOut(Schema):
    region_code: str
    region_name: str
    province_name: str
    rank: int | None
    experts: list[str]
    behind: bool
    open_comments: int = Field(..., description="Experts' comments not yet resolved")
    stages: list[PipelineCellOut]


class SessionOut(Schema):
    id: int
    region_code: str
    kind: KindChoice
    stage: str
    title: str
    starts_on: dt.date
    ends_on: dt.date
    format: FormatChoice
    venue: str
    city: str
    opened_by: str
    agenda: str
    minutes: str
    expert_ids: list[int]
    regulation_type: str = Field(..., description="The adoption event's regulation, if any")
    regulation_number: str
    regulation_date: dt.date | None
    version: int

    @staticmethod
    def resolve_region_code(obj: Session) -> str:
        return obj.member.region.code

    @staticmethod
    def resolve_expert_ids(obj: Session) -> list[int]:
        return sorted(e.pk for e in obj.experts.all())


class SessionSaved(SessionOut):
    warnings: list[str] = Field(default_factory=list, description="An expert elsewhere at once")


class SessionIn(Schema):
    title: str = Field(..., min_length=1, max_length=200)
    starts_on: dt.date
    ends_on: dt.date
    kind: KindChoice = Session.Kind.STAGE
    stage: str = Field("", max_length=1, description="1–4 for a Bimtek stage session")
    format: FormatChoice = Session.Format.IN_PERSON
    venue: str = Field("", max_length=200)
    city: str = Field("", max_length=100)
    opened_by: str = Field("", max_length=150, description="A role, not a name")
    agenda: str = Field("", max_length=10000)
    minutes: str = Field("", max_length=50000)
    expert_ids: list[RowId] = Field(default_factory=list)
    regulation_type: str = Field("", max_length=10, description=ADOPTION_HELP)
    regulation_number: str = Field("", max_length=100)
    regulation_date: dt.date | None = None


class SessionPatch(Schema):
    version: int | None = Field(None, description="The version you read; a newer one → 409")
    title: str | None = Field(None, min_length=1, max_length=200)
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    kind: KindChoice | None = None
    stage: str | None = Field(None, max_length=1)
    format: FormatChoice | None = None
    venue: str | None = Field(None, max_length=200)
    city: str | None = Field(None, max_length=100)
    opened_by: str | None = Field(None, max_length=150)
    agenda: str | None = Field(None, max_length=10000)
    minutes: str | None = Field(None, max_length=50000)
    expert_ids: list[RowId] | None = None
    regulation_type: str | None = Field(None, max_length=10, description=ADOPTION_HELP)
    regulation_number: str | None = Field(None, max_length=100)
    regulation_date: dt.date | None = None


class AttendanceRowIn(Schema):
    day: dt.date
    group: GroupChoice
    participant: str = Field(..., min_length=1, max_length=150)
    agency_id: int | None = None
    organisation: str = Field("", max_length=200)
    mode: ModeChoice = Attendance.Mode.IN_PERSON
    substitute: bool = False


class AttendanceBatch(Schema):
    rows: list[AttendanceRowIn] = Field(..., max_length=2000)


class AttendanceOut(Schema):
    recorded: int
    days: list[dt.date]


@router.get("/cohorts", response=list[CohortOut], summary="Bimtek cohorts (programme office)")
@paginate(LimitOffsetPagination)
def list_cohorts(request: HttpRequest) -> Any:
    national_only(request.user)
    return queries.cohorts_visible_to(request.user).order_by("-year", "pk")


@router.get(
    "/cohorts/{cohort_id}/pipeline",
    response=list[PipelineRowOut],
    summary="Every cohort region × stage: planned, held, deliverables complete, overdue",
)
@paginate(LimitOffsetPagination)
def cohort_pipeline(request: HttpRequest, cohort_id: int) -> Any:
    cohort = cohort_for(request.user, cohort_id)
    return [
        {
            "region_code": row.member.region.code,
            "region_name": row.member.region.name,
            "province_name": row.member.region.province.name if row.member.region.province else "",
            "rank": row.member.rank,
            "experts": row.expert_names,
            "behind": row.behind,
            "open_comments": row.open_comments,
            "stages": [
                {
                    "stage": cell.stage,
                    "planned_start": cell.planned.starts_on if cell.planned else None,
                    "planned_end": cell.planned.ends_on if cell.planned else None,
                    "sessions": cell.sessions,
                    "held": cell.held,
                    "complete": cell.complete,
                    "overdue": cell.overdue,
                }
                for cell in row.cells
            ],
        }
        for row in queries.pipeline(cohort)
    ]


def _sessions(rows: Any) -> Any:
    return rows.select_related("member__region").prefetch_related("experts")


@router.get(
    "/regions/{code}/sessions",
    response=list[SessionOut],
    summary="Sessions of a region's guidance",
)
@paginate(LimitOffsetPagination)
def list_region_sessions(request: HttpRequest, code: str) -> Any:
    member = member_for(request.user, code)
    return _sessions(Session.objects.filter(member=member)).order_by("starts_on", "pk")


def _saved(scheduled: services.Scheduled) -> Any:
    session = _sessions(Session.objects.all()).get(pk=scheduled.session.pk)
    session.warnings = scheduled.warnings
    return session


@router.post(
    "/regions/{code}/sessions",
    response={201: SessionSaved},
    summary="Schedule a session (or another event) for a region",
)
def create_region_session(request: HttpRequest, code: str, payload: SessionIn) -> Status:
    member = member_for(request.user, code, change="guidance.change_sessions")
    data = services.SessionIn(**payload.model_dump())
    scheduled = services.schedule_session(member, actor=acting_user(request), data=data)
    return Status(201, _saved(scheduled))


@router.get("/sessions/{session_id}", response=SessionOut, summary="One session")
def get_session(request: HttpRequest, session_id: int) -> Any:
    session_for(request.user, session_id)
    return _sessions(Session.objects.all()).get(pk=session_id)


@router.patch("/sessions/{session_id}", response=SessionSaved, summary="Change a session")
def update_session(request: HttpRequest, session_id: int, payload: SessionPatch) -> Any:
    session = session_for(request.user, session_id, change="guidance.change_sessions")
    sent = payload.model_dump(exclude_unset=True)
    version = sent.pop("version", None)
    current = {
        name: getattr(session, name)
        for name in (
            *("title", "starts_on", "ends_on", "kind", "stage", "format"),
            *("venue", "city", "opened_by", "agenda", "minutes"),
            *("regulation_type", "regulation_number", "regulation_date"),
        )
    }
    current["expert_ids"] = [e.pk for e in session.experts.all()]
    # A null regulation date clears it (with the type and number, to turn the adoption event
    # into another kind); any other null leaves the field as it is.
    current.update({k: v for k, v in sent.items() if v is not None or k == "regulation_date"})
    scheduled = services.update_session(
        session, actor=acting_user(request), data=services.SessionIn(**current), version=version
    )
    return _saved(scheduled)


@router.post(
    "/sessions/{session_id}/attendance",
    response=AttendanceOut,
    summary="Record a session's attendance in bulk: the rows replace those of the days named",
)
def record_session_attendance(
    request: HttpRequest, session_id: int, payload: AttendanceBatch
) -> Any:
    session = session_for(request.user, session_id, change="guidance.record_attendance")
    rows = [AttendanceIn(**row.model_dump()) for row in payload.rows]
    try:
        count = services.record_attendance(session, actor=acting_user(request), rows=rows)
    except services.AttendanceRefused as refused:
        raise ValidationError(
            {f"rows[{n - 1}].{name}": text for n, name, text in refused.problems}
        ) from None
    return {"recorded": count, "days": sorted({r.day for r in rows})}


class GuidanceCommentOut(Schema):
    id: int
    region_code: str
    stage: str = Field(..., description="1–4, or empty for the guidance as a whole")
    session_id: int | None
    text: str
    author: str
    created: dt.datetime
    resolved: bool
    resolved_at: dt.datetime | None
    resolved_by: str

    @staticmethod
    def resolve_region_code(obj: Comment) -> str:
        return obj.member.region.code

    @staticmethod
    def resolve_author(obj: Comment) -> str:
        return _name(obj.created_by)

    @staticmethod
    def resolve_resolved(obj: Comment) -> bool:
        return obj.resolved_at is not None

    @staticmethod
    def resolve_resolved_by(obj: Comment) -> str:
        return _name(obj.resolved_by)


def _name(user: Any) -> str:
    return (user.get_full_name() or user.username) if user is not None else ""


class GuidanceCommentIn(Schema):
    text: str = Field(..., min_length=1, max_length=5000)
    stage: str = Field("", max_length=1, description="1–4, or empty for the guidance as a whole")
    session_id: RowId | None = Field(None, description="A session of the region (its stage)")


def _comments(rows: Any) -> Any:
    return rows.select_related("member__region", "created_by", "resolved_by")


@router.get(
    "/regions/{code}/guidance-comments",
    response=list[GuidanceCommentOut],
    summary="Experts' comments on a region's guidance, open ones first",
)
@paginate(LimitOffsetPagination)
def list_guidance_comments(request: HttpRequest, code: str) -> Any:
    member = member_for(request.user, code)
    return _comments(Comment.objects.filter(member=member)).order_by(
        F("resolved_at").desc(nulls_first=True), "-created", "-pk"
    )


@router.post(
    "/regions/{code}/guidance-comments",
    response={201: GuidanceCommentOut},
    summary="An assigned expert comments on a region's stage or session",
)
def add_guidance_comment(request: HttpRequest, code: str, payload: GuidanceCommentIn) -> Status:
    member = member_for(request.user, code, change="guidance.comment")
    session = None
    if payload.session_id is not None:
        session = session_for(request.user, payload.session_id)
    comment = services.add_comment(
        member,
        actor=acting_user(request),
        text=payload.text,
        stage=payload.stage,
        session=session,
    )
    return Status(201, _comments(Comment.objects.all()).get(pk=comment.pk))


@router.post(
    "/guidance-comments/{comment_id}/resolve",
    response=GuidanceCommentOut,
    summary="The region's coordinator marks an expert's comment resolved",
)
def resolve_guidance_comment(request: HttpRequest, comment_id: int) -> Any:
    comment = comment_for(request.user, comment_id, change="guidance.resolve_comments")
    services.resolve_comment(comment, actor=acting_user(request))
    return _comments(Comment.objects.all()).get(pk=comment.pk)


ICS = {"content": {"text/calendar": {"schema": {"type": "string"}}}}


@router.get(
    "/experts/{expert_id}/calendar.ics",
    summary="An expert's sessions as iCalendar (the expert or the programme office)",
    openapi_extra={"responses": {200: {"description": "iCalendar feed", **ICS}}},
)
def expert_calendar(request: HttpRequest, expert_id: int) -> HttpResponse:
    expert = expert_for(request.user, expert_id)
    content = calendars.feed(expert.name, queries.expert_sessions(expert))
    return HttpResponse(content, content_type="text/calendar; charset=utf-8")
