"""Whether a refused change is refused because of the assessment's status.

Answering an item is allowed only while the assessment is editable, reviewing it only once
it is submitted; the API tells someone whose role would allow the change in another status
that the status is the reason (409 ``invalid_state``), and keeps 403 for the others.
"""

from __future__ import annotations

import copy
from functools import partial
from typing import Any

from django.utils.translation import gettext as _

from kotacerdas.accounts import access
from kotacerdas.accounts.access import StateTable

from .models import Answer, Assessment, Evidence


def in_status(obj: Any, status: str) -> Any:
    """A copy of ``obj`` whose assessment is in ``status``; nothing is saved."""
    probe = copy.copy(obj)
    if isinstance(obj, Assessment):
        probe.status = status
    elif isinstance(obj, Evidence):
        probe.answer = in_status(obj.answer, status)
    else:
        probe.assessment = in_status(obj.assessment, status)
    return probe


def _assessment_of(obj: Any) -> Assessment | None:
    if isinstance(obj, Assessment):
        return obj
    if isinstance(obj, Evidence):
        return obj.answer.assessment
    if isinstance(obj, Answer) or hasattr(obj, "assessment_id"):
        return obj.assessment
    return None


def _reason(assessment: Assessment) -> str:
    if not assessment.is_editable:
        return _(
            "This assessment has been submitted and is read-only until an assessor returns it."
        )
    return _("Only a submitted assessment can be reviewed.")


STATES = StateTable(
    statuses=Assessment.Status.values,
    holder=_assessment_of,
    in_status=in_status,
    reason=_reason,
)

# Why a change is refused, if the assessment's status is the only reason
# (``get_for_user(..., state_refusal=state_refusal)``).
state_refusal = partial(access.state_refusal, STATES)
