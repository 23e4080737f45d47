"""Review actions, comments, frozen versions and their comparison."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kotacerdas.accounts.access import get_for_user
from kotacerdas.accounts.queries import describe_changes, history_with_parts
from kotacerdas.lib.errors import Incomplete
from kotacerdas.lib.numbers import whole_number

from ..masterplans.edges import (
    VIEW,
    acting_user,
    form_page,
    masterplan_context,
    masterplan_for,
    report,
)
from ..programmes.edges import programme_for
from ..programmes.models import Programme
from . import queries, services
from .forms import CommentForm, ReturnForm
from .models import Comment


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
@require_http_methods(["GET", "POST"])
def masterplan_submit(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: what is still incomplete, each gap a link to where it is fixed, and the button that
    submits anyway; POST: submit. An incomplete draft goes only with that button's
    ``confirm_incomplete``; otherwise the list comes back with the refusal."""
    if request.method == "POST":
        masterplan = masterplan_for(request, pk, change="planning.submit_masterplan")
        try:
            services.submit_for_review(
                masterplan,
                actor=acting_user(request),
                confirm_incomplete=request.POST.get("confirm_incomplete") == "1",
            )
        except Incomplete as exc:
            report(request, exc)
            return redirect("planning:masterplan_submit", pk=masterplan.pk)
        except ValidationError as exc:
            report(request, exc)
        else:
            messages.success(
                request, _("Submitted for review; the council and assessors have been told.")
            )
        return redirect(masterplan)
    masterplan = masterplan_for(request, pk, change="planning.submit_masterplan")
    return render(
        request,
        "planning/submit_confirm.html",
        masterplan_context(request, masterplan, gaps=queries.submission_gaps(masterplan)),
    )


@login_required
@require_POST
def masterplan_approve(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        "planning.approve_masterplan",
        services.approve_masterplan,
        _("Approved; this version is now frozen."),
    )


@login_required
@require_POST
def masterplan_publish(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request, pk, "planning.publish_masterplan", services.publish_masterplan, _("Published.")
    )


@login_required
@require_POST
def masterplan_new_draft(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        "planning.start_new_draft",
        services.start_new_draft,
        _("A new draft was started; the approved versions are kept."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def masterplan_return(request: HttpRequest, pk: int) -> HttpResponse:
    masterplan = masterplan_for(request, pk, change="planning.return_masterplan")
    form = ReturnForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.return_to_draft(
                masterplan, actor=acting_user(request), reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Returned to draft."))
            return redirect(masterplan)
    back = masterplan.get_absolute_url()
    return form_page(request, masterplan, form=form, heading=_("Return to draft"), back_url=back)


# Frozen versions hold contact details and the draft: the region's people only.
INTERNAL = "planning.view_internal"
HISTORY_PAGE = 50


@login_required
@require_GET
def version_list(request: HttpRequest, pk: int) -> HttpResponse:
    masterplan = masterplan_for(request, pk, change=INTERNAL)
    versions = list(queries.versions_of(masterplan))
    return render(
        request,
        "planning/version_list.html",
        masterplan_context(request, masterplan, versions=versions),
    )


@login_required
@require_GET
def version_compare(request: HttpRequest, pk: int) -> HttpResponse:
    """Two versions side by side, section by section; ``current`` is the draft as it stands."""
    masterplan = masterplan_for(request, pk, change=INTERNAL, with_vision=True)
    numbers = [request.GET.get("a", ""), request.GET.get("b", "current")]
    versions = {v.number: v for v in masterplan.versions.order_by("number")}
    snapshots: list[tuple[str, Any]] = []
    for n in numbers:
        if n == "current":
            snapshots.append((_("Current draft"), None))
        elif (number := whole_number(n)) in versions:
            snapshots.append((_("Version %(n)s") % {"n": n}, versions[number].snapshot))
        else:
            raise Http404
    sections = queries.compare_versions(masterplan, snapshots[0][1], snapshots[1][1])
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


def _history_page(
    request: HttpRequest, masterplan: Any, entries: Any, heading: str, **extra: Any
) -> HttpResponse:
    page = Paginator(entries, HISTORY_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "planning/history.html",
        masterplan_context(
            request,
            masterplan,
            heading=heading,
            page=page,
            rows=describe_changes(page),
            query="",
            **extra,
        ),
    )


@login_required
@require_GET
def masterplan_history(request: HttpRequest, pk: int) -> HttpResponse:
    """Every change of the masterplan and of what it holds (team, strategy, programmes…)."""
    masterplan = masterplan_for(request, pk, change=INTERNAL)
    entries = history_with_parts(masterplan, "masterplan_id")
    return _history_page(
        request, masterplan, entries, _("History of %(name)s") % {"name": masterplan.title}
    )


@login_required
@require_GET
def programme_history(request: HttpRequest, pk: int) -> HttpResponse:
    """Every change of one programme and of its funding, supports, dependencies, milestones
    and quick-win scores."""
    programme = get_for_user(
        request.user,
        Programme.objects.select_related("masterplan__region__province", "masterplan__framework"),
        view=VIEW,
        change=INTERNAL,
        pk=pk,
    )
    entries = history_with_parts(programme, "programme_id")
    heading = _("History of %(name)s") % {"name": f"{programme.code} {programme.name}"}
    return _history_page(request, programme.masterplan, entries, heading, programme=programme)


@login_required
@require_POST
def comment_create(request: HttpRequest, pk: int) -> HttpResponse:
    """A comment on a section of the masterplan, or on a programme (``?programme=``)."""
    masterplan = masterplan_for(request, pk)
    programme = None
    if (programme_pk := whole_number(request.GET.get("programme"))) is not None:
        programme = programme_for(request, programme_pk)
        if programme.masterplan_id != masterplan.pk:
            raise PermissionDenied
    form = CommentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write a comment."))
    else:
        try:
            services.add_comment(
                masterplan, actor=acting_user(request), programme=programme, **form.cleaned_data
            )
        except ValidationError as exc:
            report(request, exc)
        else:
            messages.success(request, _("Comment added."))
    return redirect(programme or masterplan)


@login_required
@require_POST
def comment_resolve(request: HttpRequest, pk: int, comment: int) -> HttpResponse:
    masterplan = masterplan_for(request, pk, change="planning.resolve_comment")
    try:
        obj = masterplan.comments.select_related("programme").get(pk=comment)
    except Comment.DoesNotExist as exc:
        raise Http404 from exc
    services.resolve_comment(obj, actor=acting_user(request))
    messages.success(request, _("Comment resolved."))
    return redirect(obj.programme or masterplan)
