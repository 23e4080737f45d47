"""Who may read and change the yearly evaluation.

An evaluation is read by those who read its region's data (its members, its province's
viewers, its assessors, national admins) and, once published, by every signed-in user; a
region never sees another region's scores or report before then. The region's coordinator
starts, fills and submits the self-assessment and answers the report with follow-up
actions; only the assessors assigned to the region in the round adjust scores, write the
report and verify; the national admin opens rounds, assigns assessors, publishes and alone
sees the whole ranking. The evaluation's state is checked by each service after the
permission, so that a refusal because of it says why; the ``*_now`` permissions combine both
for the pages deciding what to offer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeAlias

import rules

from kotacerdas.accounts.models import Role
from kotacerdas.accounts.rules import (
    can_view_region_data,
    is_authenticated,
    is_national_admin,
    is_region_coordinator,
)
from kotacerdas.accounts.scope import scope_of

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from kotacerdas.accounts.models import User

Who: TypeAlias = "User | AnonymousUser"
_ASSESSORS = "_evaluation_assessor_ids"


def evaluation_of(obj: Any) -> Any:
    """The evaluation an object belongs to (or the evaluation itself)."""
    name = obj.__class__.__name__ if obj is not None else ""
    if name == "Evaluation":
        return obj
    if name in {"Score", "ReportSection", "FollowUpAction"}:
        return obj.evaluation
    return None


def assessor_ids(evaluation: Any) -> frozenset[int]:
    """The users assigned to verify the evaluation (one query, kept on the object)."""
    if _ASSESSORS not in evaluation.__dict__:
        from .models import Assignment

        evaluation.__dict__[_ASSESSORS] = frozenset(
            Assignment.objects.filter(
                round_id=evaluation.round_id, region_id=evaluation.region_id
            ).values_list("assessor_id", flat=True)
        )
    return frozenset(evaluation.__dict__[_ASSESSORS])


@rules.predicate
def can_read(user: Who, obj: Any) -> bool:
    evaluation = evaluation_of(obj)
    return evaluation is not None and can_view_region_data(user, evaluation.region)


@rules.predicate
def is_coordinator(user: Who, obj: Any) -> bool:
    """The region's coordinator (national admins too, as everywhere)."""
    evaluation = evaluation_of(obj)
    return evaluation is not None and scope_of(user).has_role(
        Role.REGION_COORDINATOR, evaluation.region_id
    )


@rules.predicate
def is_assigned(user: Who, obj: Any) -> bool:
    """An assessor assigned to the evaluation's region in its round."""
    evaluation = evaluation_of(obj)
    return (
        evaluation is not None
        and user.pk is not None
        and evaluation.region_id in scope_of(user).roles.get(Role.ASSESSOR, frozenset())
        and user.pk in assessor_ids(evaluation)
    )


def _status(*statuses: str) -> Any:
    @rules.predicate
    def check(user: Who, obj: Any) -> bool:
        evaluation = evaluation_of(obj)
        return evaluation is not None and evaluation.status in statuses

    return check


is_draft = _status("draft")
is_submitted = _status("submitted")
is_verified = _status("verified")
is_published = _status("published")

rules.add_perm("evaluation.view_instruments", is_authenticated)
rules.add_perm("evaluation.manage_instruments", is_national_admin)
rules.add_perm("evaluation.manage_rounds", is_national_admin)
rules.add_perm("evaluation.view_ranking", is_national_admin)
rules.add_perm("evaluation.view_evaluation", is_authenticated & (can_read | is_published))
# A region's evaluations list and starting one (the object is the region).
rules.add_perm("evaluation.view_region_evaluations", is_authenticated & can_view_region_data)
rules.add_perm("evaluation.start_evaluation", is_region_coordinator)
# What each service checks on the rows it has locked.
rules.add_perm("evaluation.fill_evaluation", is_coordinator)
rules.add_perm("evaluation.submit_evaluation", is_coordinator)
rules.add_perm("evaluation.verify_evaluation", is_assigned)
rules.add_perm("evaluation.publish_evaluation", is_national_admin)
rules.add_perm("evaluation.respond_evaluation", is_coordinator)
# What the pages offer now: who may, and the evaluation's state allows it.
rules.add_perm("evaluation.fill_evaluation_now", is_coordinator & is_draft)
rules.add_perm("evaluation.verify_evaluation_now", is_assigned & is_submitted)
rules.add_perm("evaluation.publish_evaluation_now", is_national_admin & is_verified)
rules.add_perm("evaluation.respond_evaluation_now", is_coordinator & is_published)
