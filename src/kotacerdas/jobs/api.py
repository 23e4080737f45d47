"""JSON API of background jobs: one job's progress, the caller's own jobs, a retry."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate

from kotacerdas.accounts.access import get_for_user
from kotacerdas.accounts.edge import acting_user
from kotacerdas.lib.errors import state_conflicts
from kotacerdas.lib.openapi import inline_choices
from kotacerdas.lib.pagination import LimitOffsetPagination

from . import queries, services
from .models import Job, Status

router = Router(tags=["jobs"])

StatusChoice = Annotated[Status, inline_choices(Status)]


class JobOut(Schema):
    id: uuid.UUID
    kind: str
    label: str
    region_code: str | None
    status: StatusChoice
    step: str
    percent: int
    error: str
    outcome_message: str
    outcome_url: str
    attempts: int
    created: dt.datetime
    started: dt.datetime | None
    finished: dt.datetime | None

    @staticmethod
    def resolve_region_code(obj: Job) -> str | None:
        return obj.region.code if obj.region is not None else None

    @staticmethod
    def resolve_step(obj: Job) -> str:
        return obj.step_text

    @staticmethod
    def resolve_error(obj: Job) -> str:
        return obj.error_text

    @staticmethod
    def resolve_outcome_message(obj: Job) -> str:
        return obj.outcome_text


def _job(request: HttpRequest, job_id: uuid.UUID, change: str | None = None) -> Job:
    return get_for_user(
        request.user, queries.for_access(), view="jobs.view_job", change=change, pk=job_id
    )


@router.get("/jobs", response=list[JobOut], summary="Your own background jobs, newest first")
@paginate(LimitOffsetPagination)
def list_jobs(request: HttpRequest) -> Any:
    return queries.owned_by(request.user)


@router.get("/jobs/{job_id}", response=JobOut, summary="One background job and its progress")
def get_job(request: HttpRequest, job_id: uuid.UUID) -> Any:
    return _job(request, job_id)


@router.post("/jobs/{job_id}/retry", response=JobOut, summary="Queue a failed job of yours again")
def retry_job(request: HttpRequest, job_id: uuid.UUID) -> Any:
    job = _job(request, job_id, change="jobs.retry_job")
    with state_conflicts():
        return services.retry_job(actor=acting_user(request), job=job)
