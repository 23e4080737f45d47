"""The roadmap page: a Gantt chart by dimension, a printable table, the conflicts."""

from __future__ import annotations

from csp.decorators import csp_update
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from ..masterplans.edges import masterplan_context, masterplan_for
from . import presenters, queries


# frappe-gantt sizes its chart through style attributes; scripts stay as strict as everywhere.
@csp_update({"style-src": ["'unsafe-inline'"]})  # type: ignore[arg-type]
@login_required
@require_GET
def roadmap_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The programmes over the period: a Gantt by dimension, a printable table, the conflicts."""
    masterplan = masterplan_for(request, pk)
    roadmap = queries.roadmap(masterplan)
    return render(
        request,
        "planning/roadmap.html",
        masterplan_context(
            request,
            masterplan,
            roadmap=roadmap,
            table=presenters.year_table(roadmap),
            tasks=presenters.gantt_tasks(roadmap),
            period=presenters.gantt_period(roadmap),
            legend=presenters.legend(roadmap),
            rows=presenters.programme_rows(roadmap),
        ),
    )
