"""State changes of masterplans, their team, stakeholders, strategy and budget ceilings.

Each function is one transaction, written to the audit trail as the acting user. Programmes
live in ``programmes.py``; review, approval and versions in ``review.py``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kotacerdas.framework.models import Dimension, FrameworkVersion
from kotacerdas.lib.audit import acting_as
from kotacerdas.lib.concurrency import check_version
from kotacerdas.readiness.models import SwotEntry
from kotacerdas.regions.models import Region

from .models import (
    BudgetCeiling,
    Comment,
    Goal,
    Masterplan,
    Mission,
    PolicyDirection,
    Programme,
    Stakeholder,
    TeamMember,
    Vision,
)

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


def _creator(actor: Any) -> Any:
    return actor if getattr(actor, "pk", None) else None


def require_perm(actor: Any, perm: str, obj: Any) -> None:
    """Services called by system work pass ``actor=None`` and are not checked."""
    if actor is not None and not actor.has_perm(perm, obj):
        raise PermissionDenied


def ensure_draft(masterplan: Masterplan) -> None:
    if masterplan.status != Masterplan.Status.DRAFT:
        raise ValidationError(
            _("The masterplan is %(status)s; it can only be changed while it is a draft.")
            % {"status": masterplan.get_status_display().lower()}
        )


def _lock(masterplan: Masterplan) -> Masterplan:
    current = (
        Masterplan.objects.select_for_update(of=("self",))
        .select_related("region")
        .get(pk=masterplan.pk)
    )
    ensure_draft(current)
    return current


def _assign(obj: Any, fields: Mapping[str, Any], allowed: tuple[str, ...]) -> None:
    for name, value in fields.items():
        if name in allowed:
            setattr(obj, name, value)


# Masterplan -------------------------------------------------------------------------


def create_masterplan(
    region: Region,
    *,
    actor: Any,
    title: str,
    start_year: int,
    years: int,
    framework: FrameworkVersion,
) -> Masterplan:
    """Start a masterplan (a draft) for a kabupaten/kota."""
    if region.is_province:
        raise ValidationError({"region": _("A masterplan belongs to a kabupaten or kota.")})
    with transaction.atomic(), acting_as(actor):
        masterplan = Masterplan(
            region=region,
            title=title,
            start_year=start_year,
            years=years,
            framework=framework,
            created_by=_creator(actor),
        )
        masterplan.full_clean()
        masterplan.save()
        from .quickwins import ensure_criteria

        ensure_criteria(masterplan, actor=actor)
    return masterplan


def update_masterplan(
    masterplan: Masterplan, *, actor: Any, opened_version: int | None, **fields: Any
) -> Masterplan:
    """Change the title, period or legal basis; the period must still hold every programme."""
    with transaction.atomic(), acting_as(actor):
        current = _lock(masterplan)
        check_version(current, opened_version)
        _assign(current, fields, MASTERPLAN_FIELDS)
        current.full_clean()
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
        current.save()
    return current


# Team and stakeholders ----------------------------------------------------------------


def _check_agency_in_region(agency: Any, masterplan: Masterplan, field: str = "agency") -> None:
    if agency is not None and agency.region_id != masterplan.region_id:
        raise ValidationError(
            {field: _("Choose an agency of %(region)s.") % {"region": masterplan.region.name}}
        )


def save_team_member(
    masterplan: Masterplan,
    *,
    actor: Any,
    member: TeamMember | None = None,
    opened_version: int | None = None,
    **fields: Any,
) -> TeamMember:
    """Add a member to the council, implementation team or forum, or change one."""
    with transaction.atomic(), acting_as(actor):
        current_plan = _lock(masterplan)
        if member is None:
            obj = TeamMember(masterplan=current_plan, created_by=_creator(actor))
        else:
            obj = TeamMember.objects.select_for_update().get(pk=member.pk, masterplan=masterplan)
            check_version(obj, opened_version)
        _assign(obj, fields, TEAM_FIELDS)
        _check_agency_in_region(obj.agency, current_plan)
        obj.full_clean()
        obj.save()
    return obj


def delete_team_member(member: TeamMember, *, actor: Any) -> None:
    with transaction.atomic(), acting_as(actor):
        _lock(member.masterplan)
        member.delete()


def save_stakeholder(
    masterplan: Masterplan,
    *,
    actor: Any,
    stakeholder: Stakeholder | None = None,
    opened_version: int | None = None,
    **fields: Any,
) -> Stakeholder:
    """Register a pentahelix partner, or change one."""
    with transaction.atomic(), acting_as(actor):
        current_plan = _lock(masterplan)
        if stakeholder is None:
            obj = Stakeholder(masterplan=current_plan, created_by=_creator(actor))
        else:
            obj = Stakeholder.objects.select_for_update().get(
                pk=stakeholder.pk, masterplan=masterplan
            )
            check_version(obj, opened_version)
        _assign(obj, fields, STAKEHOLDER_FIELDS)
        obj.full_clean()
        obj.save()
    return obj


def delete_stakeholder(stakeholder: Stakeholder, *, actor: Any) -> None:
    with transaction.atomic(), acting_as(actor):
        _lock(stakeholder.masterplan)
        stakeholder.delete()


# Strategy -----------------------------------------------------------------------------


Citations = Iterable[SwotEntry | int] | None


def _citations(
    masterplan: Masterplan, entries: Iterable[SwotEntry | int], current: Any = None
) -> list[SwotEntry]:
    """The SWOT entries a piece of strategy may cite: entries of the masterplan's region, not
    removed (an entry it already cites stays citable after removal, keeping its label)."""
    wanted = [e.pk if isinstance(e, SwotEntry) else int(e) for e in entries]
    found = {e.pk: e for e in SwotEntry.objects.filter(pk__in=wanted).select_related("assessment")}
    cited: set[int] = set()
    if current is not None and current.pk:
        cited = set(current.swot_entries.values_list("pk", flat=True))
    errors = []
    for pk in dict.fromkeys(wanted):
        entry = found.get(pk)
        if entry is None or entry.assessment.region_id != masterplan.region_id:
            errors.append(
                _("SWOT entry %(id)s is not part of the SWOT of %(region)s.")
                % {"id": pk, "region": masterplan.region.name}
            )
        elif entry.removed_at is not None and pk not in cited:
            errors.append(
                _("SWOT entry %(label)s (%(year)s) has been removed from the SWOT.")
                % {"label": entry.label, "year": entry.assessment.year}
            )
    if errors:
        raise ValidationError({"swot_entries": errors})
    return [found[pk] for pk in dict.fromkeys(wanted)]


def _cite(obj: Any, entries: list[SwotEntry] | None) -> None:
    if entries is not None:
        obj.swot_entries.set(entries)


def save_vision(
    masterplan: Masterplan,
    *,
    actor: Any,
    text: str,
    rpjmd_reference: str = "",
    swot_entries: Citations = None,
) -> Vision:
    """Write the vision; ``swot_entries`` (entries or ids) replaces its citations if given."""
    with transaction.atomic(), acting_as(actor):
        current_plan = _lock(masterplan)
        vision = Vision.objects.filter(masterplan=current_plan).first() or Vision(
            masterplan=current_plan, created_by=_creator(actor)
        )
        cited = None if swot_entries is None else _citations(current_plan, swot_entries, vision)
        vision.text, vision.rpjmd_reference = text, rpjmd_reference
        vision.full_clean()
        vision.save()
        _cite(vision, cited)
    return vision


def save_mission(
    masterplan: Masterplan,
    *,
    actor: Any,
    mission: Mission | None = None,
    text: str,
    rpjmd_reference: str = "",
    swot_entries: Citations = None,
    position: int | None = None,
) -> Mission:
    """Add a mission at the end (or at ``position``), or change one."""
    with transaction.atomic(), acting_as(actor):
        current_plan = _lock(masterplan)
        if mission is None:
            obj = Mission(masterplan=current_plan, created_by=_creator(actor))
            obj.position = position or current_plan.missions.count() + 1
        else:
            obj = Mission.objects.select_for_update().get(pk=mission.pk, masterplan=masterplan)
            if position:
                obj.position = position
        cited = None if swot_entries is None else _citations(current_plan, swot_entries, obj)
        obj.text, obj.rpjmd_reference = text, rpjmd_reference
        obj.full_clean()
        obj.save()
        _cite(obj, cited)
    return obj


def delete_mission(mission: Mission, *, actor: Any) -> None:
    """Remove a mission with its goals."""
    with transaction.atomic(), acting_as(actor):
        _lock(mission.masterplan)
        for goal in mission.goals.all():
            goal.delete()
        mission.delete()


def save_goal(
    mission: Mission,
    *,
    actor: Any,
    goal: Goal | None = None,
    text: str,
    rpjmd_reference: str = "",
    swot_entries: Citations = None,
) -> Goal:
    """Add a goal (sasaran) under a mission, or change one."""
    with transaction.atomic(), acting_as(actor):
        current_plan = _lock(mission.masterplan)
        if goal is None:
            obj = Goal(mission=mission, created_by=_creator(actor))
            obj.position = mission.goals.count() + 1
        else:
            obj = Goal.objects.select_for_update().get(pk=goal.pk, mission=mission)
        cited = None if swot_entries is None else _citations(current_plan, swot_entries, obj)
        obj.text, obj.rpjmd_reference = text, rpjmd_reference
        obj.full_clean()
        obj.save()
        _cite(obj, cited)
    return obj


def delete_goal(goal: Goal, *, actor: Any) -> None:
    with transaction.atomic(), acting_as(actor):
        _lock(goal.mission.masterplan)
        goal.delete()


def save_policy_direction(
    masterplan: Masterplan,
    *,
    actor: Any,
    dimension: Dimension,
    text: str,
    rpjmd_reference: str = "",
    swot_entries: Citations = None,
) -> PolicyDirection | None:
    """Set the policy direction of one dimension; an empty text removes it."""
    if dimension.framework_id != masterplan.framework_id:
        raise ValidationError(
            {"dimension": _("The dimension is not part of this masterplan's framework.")}
        )
    with transaction.atomic(), acting_as(actor):
        current_plan = _lock(masterplan)
        obj = PolicyDirection.objects.filter(masterplan=current_plan, dimension=dimension).first()
        if not text.strip():
            if obj is not None:
                obj.delete()
            return None
        cited = None if swot_entries is None else _citations(current_plan, swot_entries, obj)
        if obj is None:
            obj = PolicyDirection(
                masterplan=current_plan, dimension=dimension, created_by=_creator(actor)
            )
        obj.text, obj.rpjmd_reference = text, rpjmd_reference
        obj.full_clean()
        obj.save()
        _cite(obj, cited)
    return obj


# Budget ceilings ----------------------------------------------------------------------


def save_ceilings(
    masterplan: Masterplan, *, actor: Any, ceilings: Mapping[int, Decimal | None]
) -> None:
    """Set the yearly budget ceilings; a year left empty has no ceiling."""
    errors = {
        f"year_{year}": _("The ceiling for %(year)d cannot be negative.") % {"year": year}
        for year, amount in ceilings.items()
        if amount is not None and amount < 0
    }
    errors.update(
        {
            f"year_{year}": _("%(year)d is outside the period %(start)d–%(end)d.")
            % {"year": year, "start": masterplan.start_year, "end": masterplan.end_year}
            for year in ceilings
            if year not in masterplan.period
        }
    )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(), acting_as(actor):
        current_plan = Masterplan.objects.select_for_update().get(pk=masterplan.pk)
        existing = {c.year: c for c in current_plan.ceilings.all()}
        for year, amount in ceilings.items():
            row = existing.get(year)
            if amount is None:
                if row is not None:
                    row.delete()
            elif row is None:
                BudgetCeiling.objects.create(
                    masterplan=current_plan, year=year, amount=amount, created_by=_creator(actor)
                )
            elif row.amount != amount:
                row.amount = amount
                row.save()


# Comments -----------------------------------------------------------------------------


def add_comment(
    masterplan: Masterplan,
    *,
    actor: Any,
    text: str,
    section: str = Comment.Section.PROGRAMMES,
    programme: Programme | None = None,
) -> Comment:
    """Comment on a section of the masterplan or on one programme."""
    if not text.strip():
        raise ValidationError({"text": _("Write a comment.")})
    if programme is not None:
        require_perm(actor, "planning.comment_programme", programme)
        section = Comment.Section.PROGRAMMES
    else:
        require_perm(actor, "planning.comment_masterplan", masterplan)
    if section not in Comment.Section.values:
        raise ValidationError({"section": _("Choose a section of the masterplan.")})
    with transaction.atomic(), acting_as(actor):
        return Comment.objects.create(
            masterplan=masterplan,
            programme=programme,
            section=section,
            author=_creator(actor),
            text=text.strip(),
            created_by=_creator(actor),
        )


def resolve_comment(comment: Comment, *, actor: Any) -> Comment:
    """The coordinator marks a comment as dealt with."""
    from django.utils import timezone

    with transaction.atomic(), acting_as(actor):
        current = Comment.objects.select_for_update().get(pk=comment.pk)
        if current.resolved_at is None:
            current.resolved_at = timezone.now()
            current.save(update_fields=["resolved_at"])
    return current
