"""Every permission predicate of the application, in one module.

Objects are checked with Django's ``user.has_perm(perm, obj)`` (the ``rules`` backend);
later apps register their own permissions here, built from these predicates.
"""

from __future__ import annotations

from typing import Any

import rules
from django.contrib.auth.models import AnonymousUser

from .models import Role, User
from .scope import scope_of


def _region_of(obj: Any) -> Any:
    """The kabupaten/kota (or province) an object belongs to."""
    if obj is None:
        return None
    if obj.__class__.__name__ == "Region":
        return obj
    return getattr(obj, "region", None)


@rules.predicate
def is_national_admin(user: User | AnonymousUser) -> bool:
    return scope_of(user).national


@rules.predicate
def can_view_region_data(user: User | AnonymousUser, obj: Any) -> bool:
    """Member of the region, its province's viewer, an assessor of it, or national."""
    region = _region_of(obj)
    if region is None:
        return False
    return scope_of(user).can_view_region(region.pk, region.province_id)


@rules.predicate
def is_region_coordinator(user: User | AnonymousUser, obj: Any) -> bool:
    region = _region_of(obj)
    return region is not None and scope_of(user).has_role(Role.REGION_COORDINATOR, region.pk)


@rules.predicate
def is_authenticated(user: User | AnonymousUser) -> bool:
    return bool(getattr(user, "is_authenticated", False))


@rules.predicate
def is_own(user: User | AnonymousUser, obj: Any) -> bool:
    return obj is not None and getattr(obj, "user_id", None) == user.pk


@rules.predicate
def is_self(user: User | AnonymousUser, obj: Any) -> bool:
    """The object is the user's own account."""
    return obj is not None and user.pk is not None and obj.pk == user.pk


# Regions and agencies
rules.add_perm("regions.view_region_data", can_view_region_data)
rules.add_perm("regions.activate_region", is_national_admin)
rules.add_perm("regions.change_time_zone", is_national_admin)
rules.add_perm("regions.view_agency", can_view_region_data)
rules.add_perm("regions.manage_agencies", is_region_coordinator)
rules.add_perm("regions.change_agency", is_region_coordinator)

# Members and the audit trail of a region
rules.add_perm("accounts.view_members", can_view_region_data)
rules.add_perm("accounts.manage_members", is_region_coordinator)
rules.add_perm("accounts.view_region_audit", is_region_coordinator)
rules.add_perm("accounts.manage_users", is_national_admin)
rules.add_perm("accounts.assign_assessors", is_national_admin)
rules.add_perm("accounts.answer_invitation", is_authenticated & is_own)

# Personal API tokens
rules.add_perm("accounts.create_apitoken", is_authenticated & is_self)
rules.add_perm("accounts.view_apitoken", is_authenticated & is_own)
rules.add_perm("accounts.change_apitoken", is_authenticated & is_own)

# Framework catalogue
rules.add_perm("framework.manage_framework", is_national_admin)
