"""State changes of the strategy: vision, missions, goals and policy directions, each citing
the SWOT entries of the region it answers.

Each function is one transaction: it locks the masterplan, checks it is a draft the actor may
change, and writes to the audit trail as the actor.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kotacerdas.accounts.actors import Actor, acting, user_of
from kotacerdas.framework.models import Dimension
from kotacerdas.readiness.models import SwotEntry

from ..masterplans.locks import lock_draft, lock_part, new_or_locked
from ..masterplans.models import Masterplan
from .models import Goal, Mission, PolicyDirection, StrategyText, Vision

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
