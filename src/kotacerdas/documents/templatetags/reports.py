"""The reports generated about an object, listed on that object's own page (a selection
campaign's ranking, an evaluation's result, a readiness or SPBE assessment's scores):
``{% load reports %}{% generated_reports obj %}``.

The list is shown to whoever may download those reports (the same rule as the
permission-checked file view, checked once for the object) and costs one query.
"""

from __future__ import annotations

from typing import Any

from django import template

from kotacerdas.accounts.actors import allowed

from ..models import GeneratedReport
from ..report_kinds import EVALUATION_PERMISSION, GENERATE, RANKING_PERMISSION

register = template.Library()

SHOWN = 20

# The field of ``GeneratedReport`` naming the object, and the permission on the object that
# lets a user read its reports (as ``documents.view_report`` decides for each report).
# A readiness or SPBE assessment's reports are the region's: its readers read them.
SUBJECTS = {
    "selection.campaign": ("campaign", RANKING_PERMISSION),
    "evaluation.evaluation": ("evaluation", EVALUATION_PERMISSION),
    "readiness.assessment": ("assessment", GENERATE),
    "evaluation.spbeassessment": ("spbe_assessment", GENERATE),
}


@register.inclusion_tag("documents/reports/_generated.html", takes_context=True)
def generated_reports(context: Any, subject: Any) -> dict[str, Any]:
    field, permission = SUBJECTS[subject._meta.label_lower]
    user = context.get("user")
    reports: list[GeneratedReport] = []
    shown = user is not None and allowed(user, permission, subject)
    if shown:
        reports = list(
            GeneratedReport.objects.filter(**{field: subject})
            .select_related("created_by")
            .order_by("-created", "-pk")[:SHOWN]
        )
    return {"shown": shown, "reports": reports, "region": getattr(subject, "region", None)}
