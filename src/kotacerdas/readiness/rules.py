"""Permissions of the readiness module, built from the predicates in ``accounts.rules``.

Objects carry their region through ``.region`` (assessments) or ``.assessment.region``;
querysets select those relations so a check costs no query beyond the cached scope.
"""

from __future__ import annotations

from typing import Any

import rules

from kotacerdas.accounts.models import Role
from kotacerdas.accounts.rules import can_view_region_data, is_region_coordinator
from kotacerdas.accounts.scope import scope_of


def _assessment_of(obj: Any) -> Any:
    if obj is None:
        return None
    if obj.__class__.__name__ == "Assessment":
        return obj
    if obj.__class__.__name__ == "Evidence":
        return obj.answer.assessment
    return getattr(obj, "assessment", None)


@rules.predicate
def can_view_assessment(user: Any, obj: Any) -> bool:
    assessment = _assessment_of(obj)
    return assessment is not None and can_view_region_data(user, assessment.region)


@rules.predicate
def coordinates_assessment(user: Any, obj: Any) -> bool:
    assessment = _assessment_of(obj)
    return assessment is not None and is_region_coordinator(user, assessment.region)


@rules.predicate
def is_editable(user: Any, obj: Any) -> bool:
    assessment = _assessment_of(obj)
    return assessment is not None and assessment.is_editable


@rules.predicate
def edits_for_answer_agency(user: Any, obj: Any) -> bool:
    """An agency editor whose agency the item is assigned to."""
    answer = obj.answer if obj.__class__.__name__ == "Evidence" else obj
    agency_id = getattr(answer, "agency_id", None)
    if agency_id is None or agency_id not in scope_of(user).agencies:
        return False
    return scope_of(user).has_role(Role.AGENCY_EDITOR, answer.assessment.region_id)


@rules.predicate
def assesses_region(user: Any, obj: Any) -> bool:
    assessment = _assessment_of(obj)
    return assessment is not None and scope_of(user).has_role(Role.ASSESSOR, assessment.region_id)


@rules.predicate
def is_submitted(user: Any, obj: Any) -> bool:
    assessment = _assessment_of(obj)
    return assessment is not None and not assessment.is_editable


rules.add_perm("readiness.view_assessment", can_view_assessment)
rules.add_perm("readiness.start_assessment", is_region_coordinator)
rules.add_perm("readiness.manage_assessment", coordinates_assessment & is_editable)
rules.add_perm(
    "readiness.answer_item",
    is_editable & (coordinates_assessment | edits_for_answer_agency),
)
rules.add_perm("readiness.return_assessment", is_submitted & assesses_region)
rules.add_perm("readiness.change_swot", coordinates_assessment & is_editable)
