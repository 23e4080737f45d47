"""Who may read and change masterplans and programmes.

A masterplan is read by those who may read its region's data; once published, by every
signed-in user. It is changed only while it is a draft: the masterplan, team,
stakeholders and strategy by the region's coordinator; a programme by the coordinator or an
editor of its lead agency. A council member reads and approves but never edits.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeAlias

import rules

from kotacerdas.accounts.models import Role
from kotacerdas.accounts.rules import can_view_region_data, is_authenticated
from kotacerdas.accounts.scope import scope_of

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from kotacerdas.accounts.models import User

# Who a predicate is asked about: a signed-in user or an anonymous visitor.
Who: TypeAlias = "User | AnonymousUser"


def masterplan_of(obj: Any) -> Any:
    """The masterplan an object belongs to (itself, or through ``masterplan``/``programme``)."""
    if obj is None:
        return None
    if obj.__class__.__name__ == "Masterplan":
        return obj
    if hasattr(obj, "programme_id") and obj.__class__.__name__ != "Comment":
        return obj.programme.masterplan
    return getattr(obj, "masterplan", None)


def _region_id(obj: Any) -> int | None:
    masterplan = masterplan_of(obj)
    return None if masterplan is None else masterplan.region_id


def _status(obj: Any) -> str | None:
    masterplan = masterplan_of(obj)
    return None if masterplan is None else masterplan.status


def _has(user: Who, role: Role, obj: Any) -> bool:
    """Holds ``role`` in the object's region (national admins always do)."""
    return scope_of(user).has_role(role, _region_id(obj))


def _strictly(user: Who, role: Role, obj: Any) -> bool:
    """Holds ``role`` in the object's region as a membership (national admins do not)."""
    return _region_id(obj) in scope_of(user).roles.get(role, frozenset())


@rules.predicate
def can_read_region(user: Who, obj: Any) -> bool:
    masterplan = masterplan_of(obj)
    return masterplan is not None and can_view_region_data(user, masterplan.region)


@rules.predicate
def is_published(user: Who, obj: Any) -> bool:
    return _status(obj) == "published"


@rules.predicate
def is_draft(user: Who, obj: Any) -> bool:
    return _status(obj) == "draft"


@rules.predicate
def is_in_review(user: Who, obj: Any) -> bool:
    return _status(obj) == "in_review"


@rules.predicate
def is_approved(user: Who, obj: Any) -> bool:
    return _status(obj) == "approved"


@rules.predicate
def is_coordinator(user: Who, obj: Any) -> bool:
    return _has(user, Role.REGION_COORDINATOR, obj)


@rules.predicate
def is_council_member(user: Who, obj: Any) -> bool:
    return _strictly(user, Role.COUNCIL_MEMBER, obj)


@rules.predicate
def is_assessor(user: Who, obj: Any) -> bool:
    return _strictly(user, Role.ASSESSOR, obj)


@rules.predicate
def is_agency_editor(user: Who, obj: Any) -> bool:
    return _strictly(user, Role.AGENCY_EDITOR, obj)


@rules.predicate
def edits_lead_agency(user: Who, obj: Any) -> bool:
    """An editor of the programme's lead agency, in the programme's region."""
    lead = getattr(obj, "lead_agency_id", None)
    return lead is not None and is_agency_editor(user, obj) and lead in scope_of(user).agencies


@rules.predicate
def edits_supporting_agency(user: Who, obj: Any) -> bool:
    """An editor of one of the programme's supporting agencies (``supporting_agency_ids`` set
    by ``programmes.queries.attach_supporting_agencies``, or supports prefetched)."""
    if obj is None or obj.__class__.__name__ != "Programme" or not is_agency_editor(user, obj):
        return False
    agencies = scope_of(user).agencies
    known = getattr(obj, "supporting_agency_ids", None)
    if known is not None:
        return not agencies.isdisjoint(known)
    return any(support.agency_id in agencies for support in obj.supports.all())


@rules.predicate
def is_region_level_masterplan(user: Who, obj: Any) -> bool:
    """The object is a region: used for creating a masterplan in it."""
    return obj is not None and obj.__class__.__name__ == "Region" and not obj.is_province


@rules.predicate
def coordinates_region(user: Who, obj: Any) -> bool:
    return obj is not None and scope_of(user).has_role(Role.REGION_COORDINATOR, obj.pk)


can_view = is_authenticated & (can_read_region | is_published)
can_edit_masterplan = is_draft & is_coordinator
can_edit_programme = is_draft & (is_coordinator | edits_lead_agency)

rules.add_perm("planning.view_masterplan", can_view)
# What stays inside the region once a masterplan is published: review comments, stakeholders'
# contact details, frozen versions and their comparison.
rules.add_perm("planning.view_internal", is_authenticated & can_read_region)
rules.add_perm("planning.add_masterplan", is_region_level_masterplan & coordinates_region)
rules.add_perm("planning.change_masterplan", can_edit_masterplan)
rules.add_perm("planning.start_new_draft", is_coordinator & (is_approved | is_published))
# The regulation (Perwal/Perbup) that adopts an approved masterplan; the service says why when
# the masterplan is not approved yet.
rules.add_perm("planning.record_adoption", is_coordinator)
rules.add_perm("planning.add_programme", is_draft & (is_coordinator | is_agency_editor))
rules.add_perm("planning.change_programme", can_edit_programme)
rules.add_perm("planning.score_quick_wins", is_draft & (is_coordinator | is_agency_editor))
rules.add_perm("planning.delete_programme", can_edit_programme)
rules.add_perm(
    "planning.comment_programme",
    can_read_region
    & (
        is_coordinator
        | is_assessor
        | is_council_member
        | edits_lead_agency
        | edits_supporting_agency
    ),
)
rules.add_perm(
    "planning.comment_masterplan",
    can_read_region & (is_coordinator | is_assessor | is_council_member),
)
rules.add_perm("planning.resolve_comment", is_coordinator)
rules.add_perm("planning.submit_masterplan", is_draft & is_coordinator)
rules.add_perm(
    "planning.return_masterplan",
    is_in_review & (is_coordinator | is_assessor | is_council_member),
)
rules.add_perm("planning.approve_masterplan", is_in_review & is_council_member)
rules.add_perm("planning.publish_masterplan", is_approved & is_coordinator)

# The parts of a masterplan only its coordinator changes, each checked by its own service.
for _part in ("team", "stakeholders", "strategy", "budget_ceilings"):
    rules.add_perm(f"planning.change_{_part}", can_edit_masterplan)
rules.add_perm("planning.weigh_quick_wins", can_edit_masterplan)
rules.add_perm("planning.choose_quick_wins", can_edit_masterplan)
# One programme's quick-win scores: the coordinator scores every programme, an agency editor
# those its agency leads or supports (supports prefetched).
rules.add_perm(
    "planning.score_programme",
    is_draft & (is_coordinator | edits_lead_agency | edits_supporting_agency),
)
