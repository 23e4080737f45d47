"""Agency matrix and budget view of a masterplan, and the yearly budget ceilings."""

from __future__ import annotations

from csp.decorators import csp_update
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from .. import queries, services
from ..forms import CeilingForm
from .common import acting_user, masterplan_context, masterplan_for


@login_required
@require_GET
def agency_matrix(request: HttpRequest, pk: int) -> HttpResponse:
    """Which agency leads or supports which programme, its workload and budget per year."""
    masterplan = masterplan_for(request, pk)
    return render(
        request,
        "planning/agency_matrix.html",
        masterplan_context(request, masterplan, matrix=queries.agency_matrix(masterplan)),
    )


@login_required
@require_GET
def budget_view(request: HttpRequest, pk: int) -> HttpResponse:
    masterplan = masterplan_for(request, pk)
    return render(
        request,
        "planning/budget.html",
        masterplan_context(request, masterplan, budget=queries.budget_summary(masterplan)),
    )


@login_required
@require_http_methods(["GET", "POST"])
def ceiling_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The coordinator sets the most the region means to spend in each year."""
    masterplan = masterplan_for(request, pk, change="planning.change_masterplan")
    form = CeilingForm(request.POST or None, masterplan=masterplan)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_ceilings(masterplan, actor=acting_user(request), ceilings=form.ceilings())
        except ValidationError as exc:
            for name, errors in exc.message_dict.items():
                for error in errors:
                    form.add_error(name if name in form.fields else None, error)
        else:
            messages.success(request, _("Budget ceilings saved."))
            return redirect("planning:budget_view", pk=masterplan.pk)
    return render(
        request,
        "planning/simple_form.html",
        masterplan_context(
            request,
            masterplan,
            form=form,
            heading=_("Budget ceilings"),
            back="planning:budget_view",
        ),
    )


# frappe-gantt sizes its chart through style attributes; scripts stay as strict as everywhere.
@csp_update({"style-src": ["'unsafe-inline'"]})  # type: ignore[arg-type]
@login_required
@require_GET
def roadmap_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The programmes over the period: a Gantt by dimension, a printable table, the conflicts."""
    masterplan = masterplan_for(request, pk)
    return render(
        request,
        "planning/roadmap.html",
        masterplan_context(request, masterplan, roadmap=queries.roadmap(masterplan)),
    )
