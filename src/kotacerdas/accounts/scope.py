"""What a user may reach, computed once per request from their memberships.

Every predicate in ``accounts.rules`` and every ``visible_to(user)`` queryset reads this,
so a page costs one membership query however many objects it checks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Q

from .actors import SystemActor
from .models import Membership, Role

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from .models import User

_CACHE_ATTR = "_kotacerdas_scope"


@dataclass(frozen=True)
class Scope:
    """The regions and agencies one user reaches, by role."""

    authenticated: bool = False
    national: bool = False
    roles: dict[str, frozenset[int]] = field(default_factory=dict)
    agencies: frozenset[int] = frozenset()
    agency_regions: frozenset[int] = frozenset()

    def regions_with(self, *roles: Role) -> frozenset[int]:
        found: set[int] = set()
        for role in roles:
            found |= self.roles.get(role, frozenset())
        return frozenset(found)

    @property
    def member_regions(self) -> frozenset[int]:
        """Kabupaten/kota where the user holds any region-level role."""
        return self.regions_with(
            Role.REGION_COORDINATOR, Role.AGENCY_EDITOR, Role.COUNCIL_MEMBER, Role.ASSESSOR
        )

    @property
    def provinces(self) -> frozenset[int]:
        return self.regions_with(Role.PROVINCE_VIEWER)

    def can_view_region(self, region_id: int, province_id: int | None) -> bool:
        if self.national:
            return True
        return region_id in self.member_regions or (
            region_id in self.provinces
            or (province_id is not None and province_id in self.provinces)
        )

    def has_role(self, role: Role, region_id: int | None) -> bool:
        return self.national or (region_id is not None and region_id in self.roles.get(role, ()))

    def region_filter(self, prefix: str = "") -> Q:
        """A filter for rows whose region (reached through ``prefix``) the user may read."""
        if self.national:
            # Always true, yet still a condition: an empty Q() would vanish when OR-ed
            # (``Q() | Q(published)`` is just ``Q(published)``), hiding drafts from
            # national admins.
            return Q(**{f"{prefix}id__isnull": False})
        if not self.authenticated:
            return Q(pk__in=[])
        region_ids = self.member_regions | self.provinces
        return Q(**{f"{prefix}id__in": region_ids}) | Q(
            **{f"{prefix}province_id__in": self.provinces}
        )


ANONYMOUS = Scope()
# The system actor (commands, workers) reaches every region, as it may do everything.
EVERYWHERE = Scope(authenticated=True, national=True)


def scope_of(user: User | AnonymousUser | SystemActor) -> Scope:
    """The user's scope, cached on the user object for the rest of the request."""
    if isinstance(user, SystemActor):
        return EVERYWHERE
    if user is None or not user.is_authenticated or not user.is_active:
        return ANONYMOUS
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    roles: dict[str, set[int]] = {}
    agencies: set[int] = set()
    agency_regions: set[int] = set()
    national = False  # from a national_admin membership only, never the superuser flag
    for role, region_id, agency_id in Membership.objects.filter(user=user).values_list(
        "role", "region_id", "agency_id"
    ):
        if role == Role.NATIONAL_ADMIN:
            national = True
            continue
        roles.setdefault(role, set()).add(region_id)
        if agency_id is not None:
            agencies.add(agency_id)
            agency_regions.add(region_id)
    scope = Scope(
        authenticated=True,
        national=national,
        roles={role: frozenset(ids) for role, ids in roles.items()},
        agencies=frozenset(agencies),
        agency_regions=frozenset(agency_regions),
    )
    setattr(user, _CACHE_ATTR, scope)
    return scope


def forget_scope(user: User | AnonymousUser | SystemActor) -> None:
    """Drop the cached scope after the user's memberships changed."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)
