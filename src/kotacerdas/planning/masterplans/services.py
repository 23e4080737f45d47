"""State changes of a masterplan, its team and its stakeholder register.

Each function is one transaction: it locks what it changes, checks the actor's permission on
the current rows, and writes to the audit trail as the actor.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kotacerdas.accounts.actors import Actor, acting, require, user_of
from kotacerdas.framework.models import FrameworkVersion
from kotacerdas.lib.concurrency import check_version
from kotacerdas.regions.models import Agency, Region

from .locks import assign, lock_draft, lock_masterplan, lock_part, new_or_locked
from .models import Masterplan, Stakeholder, TeamMember
from .signals import masterplan_created

MASTERPLAN_FIELDS = (
    "title",
    "start_year",
    "years",
    "regulation_type",
    "regulation_number",
    "regulation_date",
    "regulation_file",
)
TEAM_FIELDS = (
    "body",
    "name",
    "position",
    "agency",
    "organisation",
    "role_in_body",
    "decree_number",
    "decree_date",
    "decree_file",
)
STAKEHOLDER_FIELDS = ("group", "name", "contact_person", "email", "phone")


# Masterplan -------------------------------------------------------------------------


def create_masterplan(
    region: Region,
    *,
    actor: Actor,
    title: str,
    start_year: int,
    years: int,
    framework: FrameworkVersion,
) -> Masterplan:
    """Start a masterplan (a draft) for a kabupaten/kota."""
    with transaction.atomic(), acting(actor):
        current = Region.objects.select_related("province").get(pk=region.pk)
        if current.is_province:
            raise ValidationError({"region": _("A masterplan belongs to a kabupaten or kota.")})
        require(actor, "planning.add_masterplan", current)
        masterplan = Masterplan(
            region=current,
            title=title,
            start_year=start_year,
            years=years,
            framework=framework,
            created_by=user_of(actor),
        )
        masterplan.full_clean()
        masterplan.save()
        masterplan_created.send(Masterplan, masterplan=masterplan, actor=actor)
    return masterplan


def _check_period(current: Masterplan) -> None:
    outside = current.programmes.exclude(
        start_year__gte=current.start_year, end_year__lte=current.end_year
    ).values_list("code", flat=True)[:5]
    if outside:
        raise ValidationError(
            {
                "start_year": _(
                    "Programmes %(codes)s would fall outside the period %(start)d–%(end)d."
                )
                % {
                    "codes": ", ".join(outside),
                    "start": current.start_year,
                    "end": current.end_year,
                }
            }
        )


def update_masterplan(
    masterplan: Masterplan, *, actor: Actor, opened_version: int | None, **fields: Any
) -> Masterplan:
    """Change the title, period or legal basis; the period must still hold every programme."""
    with transaction.atomic(), acting(actor):
        current = lock_draft(masterplan.pk, actor, "planning.change_masterplan")
        check_version(current, opened_version)
        assign(current, fields, MASTERPLAN_FIELDS)
        current.full_clean()
        _check_period(current)
        current.save()
    return current


# Team and stakeholders ----------------------------------------------------------------


def _check_agency_in_region(agency: Agency | None, masterplan: Masterplan) -> None:
    if agency is not None and agency.region_id != masterplan.region_id:
        raise ValidationError(
            {"agency": _("Choose an agency of %(region)s.") % {"region": masterplan.region.name}}
        )


P = TypeVar("P", TeamMember, Stakeholder)


def _edited(
    model: type[P],
    plan: Masterplan,
    existing: P | None,
    actor: Actor,
    opened_version: int | None,
    fields: Mapping[str, Any],
    allowed: tuple[str, ...],
) -> P:
    """A new row of the (locked) masterplan, or ``existing`` locked and checked for a concurrent
    edit, with ``fields`` set and validated; not saved yet."""
    obj = new_or_locked(model, existing, actor, opened_version, masterplan=plan)
    assign(obj, fields, allowed)
    obj.full_clean()
    return obj


def save_team_member(
    masterplan: Masterplan,
    *,
    actor: Actor,
    member: TeamMember | None = None,
    opened_version: int | None = None,
    **fields: Any,
) -> TeamMember:
    """Add a member to the council, implementation team or forum, or change one."""
    with transaction.atomic(), acting(actor):
        plan = lock_draft(masterplan.pk, actor, "planning.change_team")
        obj = _edited(TeamMember, plan, member, actor, opened_version, fields, TEAM_FIELDS)
        _check_agency_in_region(obj.agency, plan)
        obj.save()
    return obj


def delete_team_member(member: TeamMember, *, actor: Actor) -> None:
    """Remove a member of the team."""
    with transaction.atomic(), acting(actor):
        lock_part(TeamMember, member.pk, actor, "planning.change_team", "masterplan_id").delete()


def save_stakeholder(
    masterplan: Masterplan,
    *,
    actor: Actor,
    stakeholder: Stakeholder | None = None,
    opened_version: int | None = None,
    **fields: Any,
) -> Stakeholder:
    """Register a pentahelix partner, or change one."""
    with transaction.atomic(), acting(actor):
        plan = lock_draft(masterplan.pk, actor, "planning.change_stakeholders")
        obj = _edited(
            Stakeholder, plan, stakeholder, actor, opened_version, fields, STAKEHOLDER_FIELDS
        )
        obj.save()
    return obj


def delete_stakeholder(stakeholder: Stakeholder, *, actor: Actor) -> None:
    """Remove a partner from the register (the programmes it partners lose it)."""
    with transaction.atomic(), acting(actor):
        row = lock_part(
            Stakeholder, stakeholder.pk, actor, "planning.change_stakeholders", "masterplan_id"
        )
        row.delete()


# Adoption ---------------------------------------------------------------------------------

# The regulations a head of region adopts a masterplan with.
ADOPTING_REGULATIONS = (
    Masterplan.RegulationType.PERWAL,
    Masterplan.RegulationType.PERBUP,
    Masterplan.RegulationType.PERDA,
)


def record_adoption(
    region: Region,
    *,
    actor: Actor,
    regulation_type: str,
    regulation_number: str,
    regulation_date: date | None,
) -> Masterplan:
    """Record the regulation (Perwal/Perbup) that adopts the region's approved or published
    masterplan as its legal basis. The approved versions stay the snapshots that were
    approved; only the masterplan's current legal basis changes."""
    with transaction.atomic(), acting(actor):
        # The masterplan in force: the latest approved or published one, not a newer draft.
        adopted = (
            Masterplan.objects.filter(
                region_id=region.pk,
                status__in=(Masterplan.Status.APPROVED, Masterplan.Status.PUBLISHED),
            )
            .order_by("-start_year", "-pk")
            .values_list("pk", flat=True)
            .first()
        )
        if adopted is None:
            raise ValidationError(
                _(
                    "The region has no approved or published masterplan; only an approved "
                    "masterplan can be adopted as a regulation."
                )
            )
        current = lock_masterplan(adopted)
        require(actor, "planning.record_adoption", current)
        if current.status not in (Masterplan.Status.APPROVED, Masterplan.Status.PUBLISHED):
            # Its status changed between the look-up and the lock.
            raise ValidationError(
                _(
                    "The masterplan is %(status)s; only an approved masterplan can be adopted "
                    "as a regulation."
                )
                % {"status": current.get_status_display().lower()}
            )
        errors: dict[str, str] = {}
        if regulation_type not in ADOPTING_REGULATIONS:
            errors["regulation_type"] = _("Choose Perwal, Perbup or Perda.")
        if not regulation_number.strip():
            errors["regulation_number"] = _("Give the regulation's number.")
        if regulation_date is None:
            errors["regulation_date"] = _("Give the date the regulation was enacted.")
        elif regulation_date > timezone.localdate():
            errors["regulation_date"] = _("The regulation's date cannot be in the future.")
        if errors:
            raise ValidationError(errors)
        current.regulation_type = regulation_type
        current.regulation_number = regulation_number.strip()
        current.regulation_date = regulation_date
        current.full_clean()
        current.save(update_fields=["regulation_type", "regulation_number", "regulation_date"])
    return current
