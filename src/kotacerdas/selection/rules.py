"""Permissions of the selection module.

Campaigns are reached through ``queries.campaigns_visible_to(user)`` (a campaign that is
not visible is a 404); these predicates decide what a user may do with what they see.
Assessors see only the applications they are assigned to: their assessor membership of a
region does not by itself open that region's applications.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeAlias

import rules

from kotacerdas.accounts.models import Role
from kotacerdas.accounts.rules import is_national_admin, is_region_coordinator
from kotacerdas.accounts.scope import scope_of

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from kotacerdas.accounts.models import User

    from .models import Application

Visitor: TypeAlias = "User | AnonymousUser"

REGION_ROLES = (Role.REGION_COORDINATOR, Role.AGENCY_EDITOR, Role.COUNCIL_MEMBER)


def assessor_ids(application: Application) -> set[int]:
    """The assessors assigned to ``application``, read once per object."""
    cached = getattr(application, "_assessor_ids", None)
    if cached is None:
        cached = set(application.assignments.values_list("assessor_id", flat=True))
        application._assessor_ids = cached  # type: ignore[attr-defined]
    return cached


@rules.predicate
def is_assigned_assessor(user: Visitor, application: Application | None) -> bool:
    if application is None or not getattr(user, "is_authenticated", False):
        return False
    return user.pk in assessor_ids(application)


@rules.predicate
def is_applicant_member(user: Visitor, application: Application | None) -> bool:
    """A coordinator, agency editor or council member of the applying region."""
    if application is None:
        return False
    return application.region_id in scope_of(user).regions_with(*REGION_ROLES)


@rules.predicate
def may_see_campaigns(user: Visitor) -> bool:
    """National admins, region users and assessors: the people campaigns concern."""
    scope = scope_of(user)
    return scope.national or bool(scope.regions_with(*REGION_ROLES, Role.ASSESSOR))


rules.add_perm("selection.view_campaigns", may_see_campaigns)
rules.add_perm("selection.manage_campaign", is_national_admin)
rules.add_perm("selection.apply", is_region_coordinator)
rules.add_perm(
    "selection.view_application", is_national_admin | is_applicant_member | is_assigned_assessor
)
rules.add_perm("selection.verify_application", is_national_admin | is_assigned_assessor)
