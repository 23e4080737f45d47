"""Who may read and change SPBE self-assessments.

A self-assessment is read by those who may read its region's data (members, the province's
viewers, assessors, national admins); once published, by every signed-in user (another
region never sees one before). The coordinator starts it, assigns each indicator's
responsible agency, submits and publishes; an editor of the responsible agency (or the
coordinator) fills an indicator's level, explanation and evidence while it is a draft.
Programmes are tagged with the indicators they raise by the programme's region's
coordinator. National admins may do what coordinators do, as everywhere.

The state (draft, submitted) is checked by each service after the permission, so a refusal
says why; the ``*_now`` permissions combine both for the pages deciding what to offer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeAlias

import rules

from kotacerdas.accounts.models import Role
from kotacerdas.accounts.rules import can_view_region_data, is_authenticated, is_national_admin
from kotacerdas.accounts.scope import scope_of

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from kotacerdas.accounts.models import User

Who: TypeAlias = "User | AnonymousUser"


def assessment_of(obj: Any) -> Any:
    name = obj.__class__.__name__ if obj is not None else ""
    if name == "SpbeAssessment":
        return obj
    if name == "SpbeScore":
        return obj.assessment
    if name == "SpbeEvidence":
        return obj.score.assessment
    return None


def region_of(obj: Any) -> Any:
    name = obj.__class__.__name__ if obj is not None else ""
    if name == "Region":
        return obj
    if name == "Programme":
        return obj.masterplan.region
    if name == "SpbeProgrammeTag":
        return obj.programme.masterplan.region
    assessment = assessment_of(obj)
    return None if assessment is None else assessment.region


def _score_of(obj: Any) -> Any:
    name = obj.__class__.__name__ if obj is not None else ""
    if name == "SpbeScore":
        return obj
    if name == "SpbeEvidence":
        return obj.score
    return None


@rules.predicate
def reads_spbe(user: Who, obj: Any) -> bool:
    region = region_of(obj)
    if region is None:
        return False
    assessment = assessment_of(obj)
    published = assessment is not None and assessment.status == "published"
    return published or bool(can_view_region_data(user, region))


@rules.predicate
def is_coordinator(user: Who, obj: Any) -> bool:
    region = region_of(obj)
    return region is not None and scope_of(user).has_role(Role.REGION_COORDINATOR, region.pk)


@rules.predicate
def edits_responsible_agency(user: Who, obj: Any) -> bool:
    """An editor of the agency responsible for the indicator."""
    score = _score_of(obj)
    if score is None or score.agency_id is None:
        return False
    scope = scope_of(user)
    return (
        score.assessment.region_id in scope.roles.get(Role.AGENCY_EDITOR, frozenset())
        and score.agency_id in scope.agencies
    )


@rules.predicate
def is_draft(user: Who, obj: Any) -> bool:
    assessment = assessment_of(obj)
    return assessment is not None and assessment.status == "draft"


@rules.predicate
def is_submitted(user: Who, obj: Any) -> bool:
    assessment = assessment_of(obj)
    return assessment is not None and assessment.status == "submitted"


fills = is_coordinator | edits_responsible_agency

rules.add_perm("evaluation.view_spbe", is_authenticated & reads_spbe)
rules.add_perm("evaluation.view_spbe_region", is_authenticated & can_view_region_data)
# What each service checks on the rows it has locked.
rules.add_perm("evaluation.start_spbe", is_coordinator)
rules.add_perm("evaluation.manage_spbe", is_coordinator)
rules.add_perm("evaluation.fill_spbe_score", fills)
rules.add_perm("evaluation.tag_spbe_programme", is_coordinator)
rules.add_perm("evaluation.load_spbe_instrument", is_national_admin)
# What the pages offer now: who may, and the state allows it.
rules.add_perm("evaluation.fill_spbe_score_now", fills & is_draft)
rules.add_perm("evaluation.manage_spbe_draft_now", is_coordinator & is_draft)
rules.add_perm("evaluation.publish_spbe_now", is_coordinator & is_submitted)
