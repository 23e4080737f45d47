"""Fetching what a URL names, for the user asking (404 if hidden, 403 if not allowed)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest

from kotacerdas.accounts.access import get_for_user
from kotacerdas.accounts.models import User
from kotacerdas.regions.models import Region

from ..models import Masterplan, Programme
from ..queries import programme_detail

VIEW = "planning.view_masterplan"


def acting_user(request: HttpRequest) -> User:
    """The signed-in user a page or API call acts for (its view requires a login)."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user


def region_for(request: HttpRequest, code: str, change: str | None = None) -> Region:
    return get_for_user(
        request.user,
        Region.objects.select_related("province"),
        view=None,
        change=change,
        code=code,
    )


def masterplan_for(
    request: HttpRequest, pk: int, change: str | None = None, *, with_vision: bool = False
) -> Masterplan:
    related = ["region", "region__province", "framework"] + (["vision"] if with_vision else [])
    return get_for_user(
        request.user,
        Masterplan.objects.select_related(*related),
        view=VIEW,
        change=change,
        pk=pk,
    )


def programme_for(
    request: HttpRequest, pk: int, change: str | None = None, *, full: bool = True
) -> Programme:
    return get_for_user(
        request.user,
        programme_detail(
            Programme.objects.select_related(
                "masterplan__region__province", "dimension", "element", "lead_agency"
            ),
            full=full,
        ),
        view=VIEW,
        change=change,
        pk=pk,
    )


def report(request: HttpRequest, exc: ValidationError) -> None:
    messages.error(request, " ".join(exc.messages))


def section_comments(request: HttpRequest, masterplan: Masterplan, section: str) -> dict:
    """The comments on one section of the masterplan, and whether the user may add or resolve."""
    from ..forms import CommentForm

    user = acting_user(request)
    return {
        "comments": list(
            masterplan.comments.filter(section=section, programme__isnull=True).select_related(
                "author"
            )
        ),
        "can_comment": user.has_perm("planning.comment_masterplan", masterplan),
        "can_resolve": user.has_perm("planning.resolve_comment", masterplan),
        "comment_form": CommentForm(initial={"section": section}),
    }


def masterplan_context(request: HttpRequest, masterplan: Masterplan, **extra: Any) -> dict:
    """What every masterplan page's header needs."""
    user = acting_user(request)
    return {
        "masterplan": masterplan,
        "region": masterplan.region,
        "can_edit": user.has_perm("planning.change_masterplan", masterplan),
        **extra,
    }
