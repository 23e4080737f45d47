"""The user's notices: a list, and marking them read."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from kotacerdas.accounts.models import User
from kotacerdas.lib.numbers import whole_number

from . import queries, services


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # noqa: S101 - login_required ran
    return request.user


@login_required
@require_GET
def notification_list(request: HttpRequest) -> HttpResponse:
    notices = queries.visible_to(_user(request)).select_related("region")
    page = Paginator(notices, 50).get_page(request.GET.get("page"))
    return render(request, "notifications/notification_list.html", {"page": page})


@login_required
@require_POST
def notification_read(request: HttpRequest) -> HttpResponse:
    """Mark all read, or one (``id``) and follow its link."""
    raw = request.POST.get("id", "")
    pk = whole_number(raw, digits=11)
    ids = [pk] if pk is not None else None
    services.mark_read(_user(request), ids)
    target = request.POST.get("next", "")
    if ids and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("notifications:notification_list")
