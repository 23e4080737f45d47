"""Who may read and change the guidance (Bimtek) of a region.

A region's guidance (its cohort place, sessions, attendance, follow-up actions) is read by
those who read the region's data: its members, its province's viewers, its assessors — an
expert assigned to the region is made one of its assessors — and national admins. Sessions,
attendance and follow-up actions are kept by the programme office and the region's
coordinator (Diskominfo, the secretariat). Cohorts, the stage calendar, the expert register
and assignments, and the pipeline are the programme office's; so are experts' contact
details. An expert may read their own calendar. An expert assigned to a region (and the
programme office) comments on its stages and sessions; the region's coordinator resolves
the comments.
"""

from __future__ import annotations

from typing import Any

import rules

from kotacerdas.accounts.rules import (
    can_view_region_data,
    is_authenticated,
    is_national_admin,
    is_region_coordinator,
)


@rules.predicate
def is_the_expert(user: Any, expert: Any) -> bool:
    """The expert record is the user's own."""
    return expert is not None and user.pk is not None and expert.user_id == user.pk


@rules.predicate
def is_assigned_expert(user: Any, obj: Any) -> bool:
    """The user is an expert assigned to guide the object's region (in any cohort)."""
    region = getattr(obj, "region", None)
    if region is None or not getattr(user, "is_authenticated", False):
        return False
    from .models import ExpertAssignment  # rules load before the models are ready

    return ExpertAssignment.objects.filter(
        expert__user_id=user.pk, member__region_id=region.pk
    ).exists()


rules.add_perm("guidance.view_guidance", can_view_region_data)
rules.add_perm("guidance.comment", is_national_admin | is_assigned_expert)
rules.add_perm("guidance.resolve_comments", is_national_admin | is_region_coordinator)
rules.add_perm("guidance.change_sessions", is_national_admin | is_region_coordinator)
rules.add_perm("guidance.record_attendance", is_national_admin | is_region_coordinator)
rules.add_perm("guidance.change_follow_ups", is_national_admin | is_region_coordinator)
rules.add_perm("guidance.manage_cohorts", is_national_admin)
rules.add_perm("guidance.manage_experts", is_national_admin)
rules.add_perm("guidance.view_pipeline", is_national_admin)
rules.add_perm("guidance.view_expert_contact", is_national_admin)
rules.add_perm(
    "guidance.view_expert_calendar", is_national_admin | (is_authenticated & is_the_expert)
)
