"""Review actions, frozen versions and their comparison, and the user's notifications."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from .. import review
from ..compare_view import compare_versions
from ..forms import ReturnForm
from ..models import MasterplanVersion, Notification
from .common import acting_user, masterplan_context, masterplan_for, report


def _act(request: HttpRequest, pk: int, perm: str, action: Any, done: str) -> HttpResponse:
    masterplan = masterplan_for(request, pk, change=perm)
    try:
        action(masterplan, actor=acting_user(request))
    except ValidationError as exc:
        report(request, exc)
    else:
        messages.success(request, done)
    return redirect(masterplan)


@login_required
@require_POST
def masterplan_submit(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        "planning.submit_masterplan",
        review.submit_for_review,
        _("Submitted for review; the council and assessors have been told."),
    )


@login_required
@require_POST
def masterplan_approve(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        "planning.approve_masterplan",
        review.approve_masterplan,
        _("Approved; this version is now frozen."),
    )


@login_required
@require_POST
def masterplan_publish(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request, pk, "planning.publish_masterplan", review.publish_masterplan, _("Published.")
    )


@login_required
@require_POST
def masterplan_new_draft(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        "planning.start_new_draft",
        review.start_new_draft,
        _("A new draft was started; the approved versions are kept."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def masterplan_return(request: HttpRequest, pk: int) -> HttpResponse:
    masterplan = masterplan_for(request, pk, change="planning.return_masterplan")
    form = ReturnForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            review.return_to_draft(
                masterplan, actor=acting_user(request), reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Returned to draft."))
            return redirect(masterplan)
    return render(
        request,
        "planning/simple_form.html",
        masterplan_context(
            request,
            masterplan,
            form=form,
            heading=_("Return to draft"),
            back="planning:masterplan_detail",
        ),
    )


@login_required
@require_GET
def version_list(request: HttpRequest, pk: int) -> HttpResponse:
    masterplan = masterplan_for(request, pk)
    versions = list(
        masterplan.versions.select_related("created_by").defer("snapshot").order_by("-number")
    )
    return render(
        request,
        "planning/version_list.html",
        masterplan_context(request, masterplan, versions=versions),
    )


@login_required
@require_GET
def version_compare(request: HttpRequest, pk: int) -> HttpResponse:
    """Two versions side by side, section by section; ``current`` is the draft as it stands."""
    masterplan = masterplan_for(request, pk, with_vision=True)
    numbers = [request.GET.get("a", ""), request.GET.get("b", "current")]
    versions = {v.number: v for v in masterplan.versions.order_by("number")}
    snapshots: list[tuple[str, Any]] = []
    for n in numbers:
        if n == "current":
            snapshots.append((_("Current draft"), None))
        elif n.isdigit() and int(n) in versions:
            snapshots.append((_("Version %(n)s") % {"n": n}, versions[int(n)].snapshot))
        else:
            raise Http404
    sections = compare_versions(masterplan, snapshots[0][1], snapshots[1][1])
    return render(
        request,
        "planning/version_compare.html",
        masterplan_context(
            request,
            masterplan,
            old_label=snapshots[0][0],
            new_label=snapshots[1][0],
            sections=sections,
            version_numbers=list(versions),
            a=numbers[0],
            b=numbers[1],
        ),
    )


@login_required
@require_GET
def notification_list(request: HttpRequest) -> HttpResponse:
    """The user's notices about masterplans in review."""
    user = acting_user(request)
    notes = Notification.objects.filter(user=user).select_related("masterplan")
    page = Paginator(notes, 50).get_page(request.GET.get("page"))
    rows = [(n, review.notice_text(n.kind, n.masterplan, n.actor_name, n.note)) for n in page]
    return render(request, "planning/notification_list.html", {"page": page, "rows": rows})


@login_required
@require_POST
def notification_read(request: HttpRequest) -> HttpResponse:
    review.mark_notifications_read(acting_user(request))
    return redirect("planning:notification_list")


__all__ = ["MasterplanVersion"]
