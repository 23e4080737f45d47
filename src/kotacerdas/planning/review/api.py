"""JSON API of a masterplan's review: its workflow steps and its approved versions."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Body, Field, Router, Schema

from kotacerdas.accounts.models import User
from kotacerdas.lib.errors import state_conflicts

from ..masterplans.api import MasterplanOut, api_id, masterplan_or_404
from ..masterplans.edges import acting_user
from ..masterplans.models import Masterplan
from . import queries, services

router = Router()


class VersionOut(Schema):
    number: int
    created: datetime
    approved_by: str | None = Field(None, alias="created_by.username")


class MasterplanSubmitIn(Schema):
    confirm_incomplete: bool = Field(
        False, description="Submit even though the draft is still incomplete"
    )


class MasterplanReturnIn(Schema):
    reason: str = Field(..., min_length=1, max_length=2000, description="Why it goes back")


@router.get(
    "/masterplans/{masterplan_id}/versions",
    response=list[VersionOut],
    summary="Approved versions of a masterplan (the region's own readers)",
    operation_id=api_id("list_masterplan_versions"),
)
def list_masterplan_versions(request: HttpRequest, masterplan_id: int) -> Any:
    """Frozen versions stay inside the region once the masterplan is published, as on the
    pages: another region's user gets 403."""
    masterplan = masterplan_or_404(request, masterplan_id, change="planning.view_internal")
    return list(queries.versions_of(masterplan))


def _step(
    request: HttpRequest,
    masterplan_id: int,
    perm: str,
    run: Callable[[Masterplan, User], object],
) -> Masterplan:
    """Run a workflow step on a masterplan the user may see.

    The step's permission holds only in one status: someone whose role allows the step while
    the masterplan is in another status is told so (409 ``invalid_state``, through
    ``masterplan_or_404``); someone whose role never allows it gets 403. The service checks
    both again under its lock.
    """
    masterplan: Masterplan = masterplan_or_404(request, masterplan_id, change=perm)
    user = acting_user(request)
    with state_conflicts():
        run(masterplan, user)
    return masterplan_or_404(request, masterplan_id)


@router.post(
    "/masterplans/{masterplan_id}/submit",
    response=MasterplanOut,
    summary="Submit a draft for review (coordinator)",
    operation_id=api_id("submit_masterplan"),
)
def submit_masterplan(
    request: HttpRequest, masterplan_id: int, payload: Body[MasterplanSubmitIn | None] = None
) -> Any:
    """A draft that is still incomplete (no team, no legal basis, programmes without a lead
    agency, funding, goal or indicator) answers 409 ``incomplete``, one detail per gap, unless
    the body says `{"confirm_incomplete": true}`."""
    confirmed = payload is not None and payload.confirm_incomplete
    return _step(
        request,
        masterplan_id,
        "planning.submit_masterplan",
        lambda plan, user: services.submit_for_review(
            plan, actor=user, confirm_incomplete=confirmed
        ),
    )


@router.post(
    "/masterplans/{masterplan_id}/return",
    response=MasterplanOut,
    summary="Return a masterplan in review to draft, saying why (council, assessor, coordinator)",
    operation_id=api_id("return_masterplan"),
)
def return_masterplan(request: HttpRequest, masterplan_id: int, payload: MasterplanReturnIn) -> Any:
    return _step(
        request,
        masterplan_id,
        "planning.return_masterplan",
        lambda plan, user: services.return_to_draft(plan, actor=user, reason=payload.reason),
    )


@router.post(
    "/masterplans/{masterplan_id}/approve",
    response=MasterplanOut,
    summary="Approve a masterplan in review, freezing a new version (council member)",
    operation_id=api_id("approve_masterplan"),
)
def approve_masterplan(request: HttpRequest, masterplan_id: int) -> Any:
    return _step(
        request,
        masterplan_id,
        "planning.approve_masterplan",
        lambda plan, user: services.approve_masterplan(plan, actor=user),
    )


@router.post(
    "/masterplans/{masterplan_id}/publish",
    response=MasterplanOut,
    summary="Publish an approved masterplan (coordinator)",
    operation_id=api_id("publish_masterplan"),
)
def publish_masterplan(request: HttpRequest, masterplan_id: int) -> Any:
    return _step(
        request,
        masterplan_id,
        "planning.publish_masterplan",
        lambda plan, user: services.publish_masterplan(plan, actor=user),
    )
