"""Project-wide pages: home, health check and the error pages."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils import timezone
from django.utils.translation import gettext as _

from kotacerdas.accounts.models import Membership, User
from kotacerdas.accounts.queries import memberships_for_home
from kotacerdas.lib.errors import error_body
from kotacerdas.lib.waiting import Waiting
from kotacerdas.planning.review import queries as planning_review
from kotacerdas.readiness import queries as readiness
from kotacerdas.regions.models import Region
from kotacerdas.regions.queries import programme_counts
from kotacerdas.selection import queries as selection


@dataclass
class HomeGroup:
    """What waits for the user in one region (``region`` ``None``: national work)."""

    region: Region | None
    memberships: list[Membership] = field(default_factory=list)
    waiting: list[Waiting] = field(default_factory=list)


def waiting_by_region(user: User, memberships: Sequence[Membership]) -> list[HomeGroup]:
    """Each app's waiting work, grouped by the regions the user belongs to (national work
    first); a fixed number of queries whatever the data size."""
    groups: dict[int | None, HomeGroup] = {}
    for membership in memberships:
        key = membership.region_id
        groups.setdefault(key, HomeGroup(membership.region)).memberships.append(membership)
    for source in (readiness.waiting_for, planning_review.waiting_for, selection.waiting_for):
        for item in source(user):
            key = item.region_id if item.region_id in groups else None
            groups.setdefault(key, HomeGroup(None)).waiting.append(item)
    national = groups.pop(None, None)
    return ([national] if national else []) + list(groups.values())


def home(request: HttpRequest) -> HttpResponse:
    """Landing page: what waits for the signed-in user, region by region, or an introduction
    for the public."""
    context: dict[str, Any] = {"counts": programme_counts()}
    user = request.user
    if isinstance(user, User) and user.is_authenticated:
        memberships = list(memberships_for_home(user))
        context["memberships"] = memberships
        context["groups"] = waiting_by_region(user, memberships)
    return render(request, "home.html", context)


def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database answers, 503 when it does not. No session, no template."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse(
        {"status": "ok", "database": "ok", "time": timezone.now().isoformat()}, status=200
    )


def _error(request: HttpRequest, template: str, status: int) -> HttpResponse:
    if request.path.startswith("/api/"):
        codes = {400: "bad_request", 403: "forbidden", 404: "not_found", 500: "server_error"}
        return JsonResponse(error_body(codes[status], template_message(status)), status=status)
    # No request context for 500: the failure may lie in a context processor or the DB.
    if status == 500:
        return HttpResponse(loader.get_template(template).render(), status=status)
    return render(request, template, status=status)


def template_message(status: int) -> str:
    return {
        400: _("The request could not be understood."),
        403: _("You do not have permission to do this."),
        404: _("The page or object was not found, or you do not have access to it."),
        500: _("Something went wrong on our side. The error has been logged."),
    }[status]


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, "errors/400.html", 400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, "errors/403.html", 403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, "errors/404.html", 404)


def server_error(request: HttpRequest) -> HttpResponse:
    return _error(request, "errors/500.html", 500)
