"""State changes of masterplans, their team, stakeholders, strategy and budget ceilings.

Each function is one transaction: it locks what it changes, checks the actor's permission on
the current rows, and writes to the audit trail as the actor. Programmes live in
``programmes.py``; review, approval and versions in ``review.py``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kotacerdas.accounts.actors import Actor, acting, require, user_of
from kotacerdas.framework.models import Dimension, FrameworkVersion
from kotacerdas.lib.concurrency import check_version
from kotacerdas.readiness.models import SwotEntry
from kotacerdas.regions.models import Agency, Region

from .locks import assign, lock_draft, lock_part, new_or_locked
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
from .models.masterplan import StrategyText

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
        from .quickwins import create_default_criteria

        create_default_criteria(masterplan, actor=actor)
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
        obj = new_or_locked(TeamMember, member, actor, opened_version, masterplan=plan)
        assign(obj, fields, TEAM_FIELDS)
        _check_agency_in_region(obj.agency, plan)
        obj.full_clean()
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
        obj = new_or_locked(Stakeholder, stakeholder, actor, opened_version, masterplan=plan)
        assign(obj, fields, STAKEHOLDER_FIELDS)
        obj.full_clean()
        obj.save()
    return obj


def delete_stakeholder(stakeholder: Stakeholder, *, actor: Actor) -> None:
    """Remove a partner from the register (the programmes it partners lose it)."""
    with transaction.atomic(), acting(actor):
        row = lock_part(
            Stakeholder, stakeholder.pk, actor, "planning.change_stakeholders", "masterplan_id"
        )
        row.delete()


# Strategy -----------------------------------------------------------------------------


Citations = Iterable[SwotEntry | int] | None
STRATEGY = "planning.change_strategy"


def _citations(
    masterplan: Masterplan, entries: Iterable[SwotEntry | int], current: StrategyText | Goal
) -> list[SwotEntry]:
    """The SWOT entries a piece of strategy may cite: entries of the masterplan's region, not
    removed (an entry it already cites stays citable after removal, keeping its label)."""
    wanted = [e.pk if isinstance(e, SwotEntry) else int(e) for e in entries]
    found = {e.pk: e for e in SwotEntry.objects.filter(pk__in=wanted).select_related("assessment")}
    cited: set[int] = set()
    if current.pk:
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


def _write_strategy(
    obj: Any, plan: Masterplan, text: str, rpjmd_reference: str, swot_entries: Citations
) -> Any:
    """Set a piece of strategy's text and reference, save it, and replace its citations when
    ``swot_entries`` is given."""
    cited = None if swot_entries is None else _citations(plan, swot_entries, obj)
    obj.text, obj.rpjmd_reference = text, rpjmd_reference
    obj.full_clean()
    obj.save()
    if cited is not None:
        obj.swot_entries.set(cited)
    return obj


def save_vision(
    masterplan: Masterplan,
    *,
    actor: Actor,
    text: str,
    rpjmd_reference: str = "",
    swot_entries: Citations = None,
) -> Vision:
    """Write the vision; ``swot_entries`` (entries or ids) replaces its citations if given."""
    with transaction.atomic(), acting(actor):
        plan = lock_draft(masterplan.pk, actor, STRATEGY)
        vision = Vision.objects.select_for_update().filter(masterplan=plan).first() or Vision(
            masterplan=plan, created_by=user_of(actor)
        )
        written: Vision = _write_strategy(vision, plan, text, rpjmd_reference, swot_entries)
    return written


def save_mission(
    masterplan: Masterplan,
    *,
    actor: Actor,
    mission: Mission | None = None,
    text: str,
    rpjmd_reference: str = "",
    swot_entries: Citations = None,
    position: int | None = None,
) -> Mission:
    """Add a mission at the end (or at ``position``), or change one."""
    with transaction.atomic(), acting(actor):
        plan = lock_draft(masterplan.pk, actor, STRATEGY)
        obj = new_or_locked(Mission, mission, actor, None, masterplan=plan)
        if mission is None:
            obj.position = position or plan.missions.count() + 1
        elif position:
            obj.position = position
        written: Mission = _write_strategy(obj, plan, text, rpjmd_reference, swot_entries)
    return written


def delete_mission(mission: Mission, *, actor: Actor) -> None:
    """Remove a mission with its goals."""
    with transaction.atomic(), acting(actor):
        lock_part(Mission, mission.pk, actor, STRATEGY, "masterplan_id").delete()


def save_goal(
    mission: Mission,
    *,
    actor: Actor,
    goal: Goal | None = None,
    text: str,
    rpjmd_reference: str = "",
    swot_entries: Citations = None,
) -> Goal:
    """Add a goal (sasaran) under a mission, or change one."""
    with transaction.atomic(), acting(actor):
        plan = lock_draft(
            Mission.objects.values_list("masterplan_id", flat=True).get(pk=mission.pk),
            actor,
            STRATEGY,
        )
        parent = Mission.objects.get(pk=mission.pk)
        obj = new_or_locked(Goal, goal, actor, None, mission=parent)
        if goal is None:
            obj.position = parent.goals.count() + 1
        written: Goal = _write_strategy(obj, plan, text, rpjmd_reference, swot_entries)
    return written


def delete_goal(goal: Goal, *, actor: Actor) -> None:
    """Remove a goal."""
    with transaction.atomic(), acting(actor):
        lock_part(Goal, goal.pk, actor, STRATEGY, "mission__masterplan_id").delete()


def save_policy_direction(
    masterplan: Masterplan,
    *,
    actor: Actor,
    dimension: Dimension,
    text: str,
    rpjmd_reference: str = "",
    swot_entries: Citations = None,
) -> PolicyDirection | None:
    """Set the policy direction of one dimension; an empty text removes it."""
    with transaction.atomic(), acting(actor):
        plan = lock_draft(masterplan.pk, actor, STRATEGY)
        if dimension.framework_id != plan.framework_id:
            raise ValidationError(
                {"dimension": _("The dimension is not part of this masterplan's framework.")}
            )
        rows = PolicyDirection.objects.select_for_update().filter(masterplan=plan)
        obj = rows.filter(dimension=dimension).first()
        if not text.strip():
            if obj is not None:
                obj.delete()
            return None
        if obj is None:
            obj = PolicyDirection(masterplan=plan, dimension=dimension, created_by=user_of(actor))
        written: PolicyDirection = _write_strategy(obj, plan, text, rpjmd_reference, swot_entries)
    return written


# Budget ceilings ----------------------------------------------------------------------


def _check_ceilings(masterplan: Masterplan, ceilings: Mapping[int, Decimal | None]) -> None:
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


def save_ceilings(
    masterplan: Masterplan, *, actor: Actor, ceilings: Mapping[int, Decimal | None]
) -> None:
    """Set the yearly budget ceilings; a year left empty has no ceiling."""
    with transaction.atomic(), acting(actor):
        plan = lock_draft(masterplan.pk, actor, "planning.change_budget_ceilings")
        _check_ceilings(plan, ceilings)
        existing = {c.year: c for c in plan.ceilings.select_for_update()}
        for year, amount in ceilings.items():
            row = existing.get(year)
            if amount is None:
                if row is not None:
                    row.delete()
            elif row is None:
                BudgetCeiling.objects.create(
                    masterplan=plan, year=year, amount=amount, created_by=user_of(actor)
                )
            elif row.amount != amount:
                row.amount = amount
                row.save()


# Comments -----------------------------------------------------------------------------


def add_comment(
    masterplan: Masterplan,
    *,
    actor: Actor,
    text: str,
    section: str = Comment.Section.PROGRAMMES,
    programme: Programme | None = None,
) -> Comment:
    """Comment on a section of the masterplan or on one programme."""
    if not text.strip():
        raise ValidationError({"text": _("Write a comment.")})
    with transaction.atomic(), acting(actor):
        plan = Masterplan.objects.select_related("region").get(pk=masterplan.pk)
        if programme is not None:
            current = (
                Programme.objects.select_related("masterplan__region")
                .prefetch_related("supports")
                .get(pk=programme.pk, masterplan=plan)
            )
            require(actor, "planning.comment_programme", current)
            section = Comment.Section.PROGRAMMES
        else:
            current = None
            require(actor, "planning.comment_masterplan", plan)
        if section not in Comment.Section.values:
            raise ValidationError({"section": _("Choose a section of the masterplan.")})
        return Comment.objects.create(
            masterplan=plan,
            programme=current,
            section=section,
            author=user_of(actor),
            text=text.strip(),
            created_by=user_of(actor),
        )


def resolve_comment(comment: Comment, *, actor: Actor) -> Comment:
    """The coordinator marks a comment as dealt with."""
    with transaction.atomic(), acting(actor):
        current = (
            Comment.objects.select_for_update(of=("self",))
            .select_related("masterplan")
            .get(pk=comment.pk)
        )
        require(actor, "planning.resolve_comment", current)
        if current.resolved_at is None:
            current.resolved_at = timezone.now()
            current.save(update_fields=["resolved_at"])
    return current
