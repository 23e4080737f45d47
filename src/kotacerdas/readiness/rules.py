"""Permissions of the readiness module, built from the predicates in ``accounts.rules``.

Two kinds: the permission a service checks (who may, on the rows it locked; the state
is the service's own check) and the permission a page checks before it offers an action
(who may, and the assessment's current state allows it).

Objects carry their region through ``.region`` (assessments) or ``.assessment.region``;
querysets select those relations so a check costs no query beyond the cached scope.
"""

from __future__ import annotations

from typing import Any

import rules
from django.contrib.auth.models import AnonymousUser

from kotacerdas.accounts.models import Role, User
from kotacerdas.accounts.rules import can_view_region_data, is_region_coordinator
from kotacerdas.accounts.scope import scope_of

Visitor = User | AnonymousUser


def _assessment_of(obj: Any) -> Any:
    if obj is None:
        return None
    if obj.__class__.__name__ == "Assessment":
        return obj
    if obj.__class__.__name__ == "Evidence":
        return obj.answer.assessment
    return getattr(obj, "assessment", None)


@rules.predicate
def can_view_assessment(user: Visitor, obj: Any) -> bool:
    assessment = _assessment_of(obj)
    return assessment is not None and can_view_region_data(user, assessment.region)


@rules.predicate
def coordinates_assessment(user: Visitor, obj: Any) -> bool:
    assessment = _assessment_of(obj)
    return assessment is not None and is_region_coordinator(user, assessment.region)


@rules.predicate
def is_editable(user: Visitor, obj: Any) -> bool:
    assessment = _assessment_of(obj)
    return assessment is not None and assessment.is_editable


@rules.predicate
def edits_for_answer_agency(user: Visitor, obj: Any) -> bool:
    """An agency editor whose agency the item is assigned to."""
    answer = obj.answer if obj.__class__.__name__ == "Evidence" else obj
    agency_id = getattr(answer, "agency_id", None)
    if agency_id is None or agency_id not in scope_of(user).agencies:
        return False
    return scope_of(user).has_role(Role.AGENCY_EDITOR, answer.assessment.region_id)


@rules.predicate
def assesses_region(user: Visitor, obj: Any) -> bool:
    assessment = _assessment_of(obj)
    return assessment is not None and scope_of(user).has_role(Role.ASSESSOR, assessment.region_id)


@rules.predicate
def is_submitted(user: Visitor, obj: Any) -> bool:
    assessment = _assessment_of(obj)
    return assessment is not None and not assessment.is_editable


answers_item = coordinates_assessment | edits_for_answer_agency

# Who may: what each service checks on the rows it has locked. The service checks the
# assessment's state on its own afterwards, so that a refusal because of it says why.
rules.add_perm("readiness.start_assessment", is_region_coordinator)
rules.add_perm("readiness.assign_items", coordinates_assessment)
rules.add_perm("readiness.submit_assessment", coordinates_assessment)
rules.add_perm("readiness.save_answer", answers_item)
rules.add_perm("readiness.change_evidence", answers_item)
rules.add_perm("readiness.change_swot", coordinates_assessment)
rules.add_perm("readiness.return_assessment", assesses_region)

# What the pages offer now: who may, and the assessment's state allows it.
rules.add_perm("readiness.view_assessment", can_view_assessment)
rules.add_perm("readiness.manage_assessment", coordinates_assessment & is_editable)
rules.add_perm("readiness.answer_item", answers_item & is_editable)
rules.add_perm("readiness.edit_swot", coordinates_assessment & is_editable)
rules.add_perm("readiness.review_submission", assesses_region & is_submitted)
