"""What the guidance pages and API share: fetching what a URL names through the access
helper (404 when hidden, 403 when not allowed) and putting a refusal on a form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from kotacerdas.accounts.access import get_for_user
from kotacerdas.accounts.actors import allowed
from kotacerdas.regions.models import Region

from . import queries
from .models import Cohort, CohortRegion, Comment, Expert, FollowUp, Session, SessionFile

VIEW = "guidance.view_guidance"


def national_only(user: Any, perm: str = "guidance.view_pipeline") -> None:
    """Programme-office pages: signed-in users without the role get 403."""
    if not allowed(user, perm):
        raise PermissionDenied


def cohort_for(user: Any, pk: int) -> Cohort:
    national_only(user)
    return get_for_user(user, Cohort.objects.select_related("campaign"), view=None, pk=pk)


def region_for(user: Any, code: str) -> Region:
    """The region the reader may see, named by its code (404 otherwise)."""
    return get_for_user(user, Region.objects.select_related("province"), view=VIEW, code=code)


def member_for(user: Any, code: str, change: str | None = None) -> CohortRegion:
    """The region's place in its latest cohort; 404 when it is in none or hidden."""
    region = region_for(user, code)
    member = queries.current_member(user, region.pk)
    if member is None:
        raise Http404
    if change is not None and not allowed(user, change, member):
        raise PermissionDenied
    return member


def current_member_for(user: Any, code: str) -> CohortRegion | None:
    """The region's place in its latest cohort with the cohort's stage calendar, in one
    query; ``None`` when no cohort holds the region (the caller then asks ``region_for``,
    which says 404 when the region is hidden)."""
    try:
        return get_for_user(
            user,
            queries.with_plans(queries.members_visible_to(user)),
            view=VIEW,
            pk=queries.latest_member_pk(code),
        )
    except Http404:
        return None


def member_by_pk(user: Any, pk: int, change: str | None = None) -> CohortRegion:
    return get_for_user(user, queries.members_visible_to(user), view=VIEW, change=change, pk=pk)


def session_for(user: Any, pk: int, change: str | None = None) -> Session:
    return get_for_user(user, queries.sessions_visible_to(user), view=VIEW, change=change, pk=pk)


def follow_up_for(user: Any, pk: int, change: str | None = None) -> FollowUp:
    return get_for_user(user, queries.follow_ups_visible_to(user), view=VIEW, change=change, pk=pk)


def session_file_for(user: Any, pk: int, change: str | None = None) -> SessionFile:
    return get_for_user(
        user, queries.session_files_visible_to(user), view=VIEW, change=change, pk=pk
    )


def comment_for(user: Any, pk: int, change: str | None = None) -> Comment:
    return get_for_user(user, queries.comments_visible_to(user), view=VIEW, change=change, pk=pk)


def expert_for(user: Any, pk: int, view: str = "guidance.view_expert_calendar") -> Expert:
    return get_for_user(user, Expert.objects.all(), view=view, pk=pk)


def add_errors(form: forms.Form, error: ValidationError) -> None:
    """A service's refusal shown on the form: on its field when the form has it."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)
