"""Who may read and change a masterplan's monitoring.

Monitoring data is read by those who may read the region's data (its members, its
province's viewers, its assessors, national admins). Indicators and targets are part of the
masterplan: changed while it is a draft, by the coordinator, or by an editor of the agency
that leads the programme an indicator measures (impact indicators: the coordinator only).
Realisations are reported by an editor of the indicator's responsible agency, or the
coordinator; programme progress by an editor of the programme's lead agency, or the
coordinator. Only the coordinator verifies or returns, and sets the thresholds.

Objects reach their masterplan through ``masterplan``, ``programme``, ``indicator`` or
``realisation``; querysets select those relations so a check costs no query beyond the
cached scope. The masterplan's state (draft, published) is checked by each service on its
own, after the permission, so that a refusal because of it says why; the ``*_now``
permissions combine both for the pages deciding what to offer.
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


def masterplan_of(obj: Any) -> Any:
    """The masterplan a monitoring object belongs to (or the masterplan itself)."""
    name = obj.__class__.__name__ if obj is not None else ""
    if name == "Masterplan":
        return obj
    if name in {"Indicator", "Thresholds", "RollUpWeight"}:
        return obj.masterplan
    if name in {"Programme"}:
        return obj.masterplan
    if name == "ProgrammeProgress":
        return obj.programme.masterplan
    if name in {"Realisation", "Target"}:
        return obj.indicator.masterplan
    if name == "RealisationEvidence":
        return obj.realisation.indicator.masterplan
    return None


def _indicator_of(obj: Any) -> Any:
    name = obj.__class__.__name__ if obj is not None else ""
    if name == "Indicator":
        return obj
    if name in {"Realisation", "Target"}:
        return obj.indicator
    if name == "RealisationEvidence":
        return obj.realisation.indicator
    return None


def _programme_of(obj: Any) -> Any:
    name = obj.__class__.__name__ if obj is not None else ""
    if name == "Programme":
        return obj
    if name == "ProgrammeProgress":
        return obj.programme
    indicator = _indicator_of(obj)
    return None if indicator is None or indicator.programme_id is None else indicator.programme


def _region_id(obj: Any) -> int | None:
    masterplan = masterplan_of(obj)
    return None if masterplan is None else masterplan.region_id


def _edits_agency(user: Who, obj: Any, agency_id: int | None) -> bool:
    region_id = _region_id(obj)
    return (
        agency_id is not None
        and region_id in scope_of(user).roles.get(Role.AGENCY_EDITOR, frozenset())
        and agency_id in scope_of(user).agencies
    )


@rules.predicate
def can_read(user: Who, obj: Any) -> bool:
    masterplan = masterplan_of(obj)
    return masterplan is not None and can_view_region_data(user, masterplan.region)


@rules.predicate
def is_coordinator(user: Who, obj: Any) -> bool:
    """The region's coordinator (national admins too, as everywhere)."""
    return scope_of(user).has_role(Role.REGION_COORDINATOR, _region_id(obj))


@rules.predicate
def edits_lead_agency(user: Who, obj: Any) -> bool:
    """An editor of the lead agency of the programme the object measures or reports on."""
    programme = _programme_of(obj)
    return programme is not None and _edits_agency(user, obj, programme.lead_agency_id)


@rules.predicate
def edits_responsible_agency(user: Who, obj: Any) -> bool:
    """An editor of the indicator's responsible agency."""
    indicator = _indicator_of(obj)
    return indicator is not None and _edits_agency(user, obj, indicator.responsible_agency_id)


@rules.predicate
def is_draft(user: Who, obj: Any) -> bool:
    masterplan = masterplan_of(obj)
    return masterplan is not None and masterplan.status == "draft"


@rules.predicate
def is_published(user: Who, obj: Any) -> bool:
    masterplan = masterplan_of(obj)
    return masterplan is not None and masterplan.status == "published"


@rules.predicate
def is_reported(user: Who, obj: Any) -> bool:
    return getattr(obj, "state", None) == "reported" and getattr(obj, "is_current", True)


defines_indicators = is_coordinator | edits_lead_agency
reports = is_coordinator | edits_responsible_agency
reports_progress = is_coordinator | edits_lead_agency

rules.add_perm("monitoring.view_monitoring", is_authenticated & can_read)
# What each service checks on the rows it has locked.
rules.add_perm("monitoring.change_indicator", defines_indicators)
rules.add_perm("monitoring.report_realisation", reports)
rules.add_perm("monitoring.verify_realisation", is_coordinator)
rules.add_perm("monitoring.report_progress", reports_progress)
rules.add_perm("monitoring.verify_progress", is_coordinator)
rules.add_perm("monitoring.set_thresholds", is_coordinator)
rules.add_perm("monitoring.set_weights", is_coordinator)
# Reminders are sent by the scheduled command (the system actor) or a national admin.
rules.add_perm("monitoring.send_reminders", is_national_admin)
# What the pages offer now: who may, and the masterplan's state allows it.
rules.add_perm("monitoring.change_indicator_now", defines_indicators & is_draft)
rules.add_perm("monitoring.report_realisation_now", reports & is_published)
rules.add_perm("monitoring.verify_realisation_now", is_coordinator & is_reported)
rules.add_perm("monitoring.report_progress_now", reports_progress & is_published)

# The dashboards' permissions, in their own module.
from . import dashboard_rules  # noqa: E402, F401
