"""Writing a programme with its supporting agencies, partners, funding, dependencies, the
goals it serves and milestones, and the masterplan's yearly budget ceilings.

A programme and everything attached to it is saved together or not at all; every bad value is
reported against the field (and row) it came from (see ``checks.py``). Each function is one
transaction: it locks what it changes, checks the actor's permission on the current rows, and
writes to the audit trail as the actor.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kotacerdas.accounts.actors import Actor, acting, require, user_of
from kotacerdas.lib.concurrency import check_version

from ..masterplans.locks import ensure_draft, lock_draft, lock_masterplan
from ..masterplans.models import Masterplan
from .checks import Attachments, Funding, Support, check_milestone, check_programme
from .models import (
    BudgetCeiling,
    FundingLine,
    Milestone,
    Programme,
    ProgrammeDependency,
    ProgrammeSupport,
)

PROGRAMME_FIELDS = (
    "code",
    "name",
    "dimension",
    "element",
    "problem",
    "description",
    "innovation",
    "horizon",
    "start_year",
    "end_year",
    "start_quarter",
    "end_quarter",
    "lead_agency",
    "status",
    "rpjmd_code",
    "months_to_first_result",
    "is_quick_win",
)


def _save_supports(programme: Programme, supports: Sequence[Support], actor: Actor) -> None:
    existing = {s.agency_id: s for s in programme.supports.all()}
    wanted = {s.agency.pk: s for s in supports}
    for agency_id, old in existing.items():
        if agency_id not in wanted:
            old.delete()
    for agency_id, support in wanted.items():
        row = existing.get(agency_id)
        if row is None:
            ProgrammeSupport.objects.create(
                programme=programme,
                agency=support.agency,
                role=support.role,
                created_by=user_of(actor),
            )
        elif row.role != support.role:
            row.role = support.role
            row.save()


def _save_funding(programme: Programme, funding: Sequence[Funding], actor: Actor) -> None:
    existing = list(programme.funding.order_by("pk"))
    for row, line in zip(existing, funding, strict=False):
        if (row.source, row.year, row.amount) != (line.source, line.year, line.amount):
            row.source, row.year, row.amount = line.source, line.year, line.amount
            row.save()
    for row in existing[len(funding) :]:
        row.delete()
    for line in funding[len(existing) :]:
        FundingLine.objects.create(
            programme=programme,
            source=line.source,
            year=line.year,
            amount=line.amount,
            created_by=user_of(actor),
        )


def _save_dependencies(programme: Programme, depends_on: Sequence[Programme], actor: Actor) -> None:
    existing = {d.depends_on_id: d for d in programme.dependencies.all()}
    wanted = {p.pk for p in depends_on}
    for pk, row in existing.items():
        if pk not in wanted:
            row.delete()
    for pk in wanted - set(existing):
        ProgrammeDependency.objects.create(
            programme=programme, depends_on_id=pk, created_by=user_of(actor)
        )


def _save(
    masterplan: Masterplan, programme: Programme, parts: Attachments, actor: Actor
) -> Programme:
    """Check everything, then save the programme and the parts given."""
    check_programme(masterplan, programme, parts)
    programme.save()
    if parts.supports is not None:
        _save_supports(programme, parts.supports, actor)
    if parts.funding is not None:
        _save_funding(programme, parts.funding, actor)
    if parts.partners is not None:
        programme.partners.set(parts.partners)
    if parts.depends_on is not None:
        _save_dependencies(programme, parts.depends_on, actor)
    if parts.goals is not None:
        programme.goals.set(parts.goals)
    return programme


def _lock_programme(pk: int) -> Programme:
    """The programme as it is now, locked, with what its rules and checks read."""
    return (
        Programme.objects.select_for_update(of=("self",))
        .select_related("masterplan__region", "dimension", "element", "lead_agency")
        .get(pk=pk)
    )


def create_programme(
    masterplan: Masterplan,
    *,
    actor: Actor,
    fields: Mapping[str, Any],
    parts: Attachments | None = None,
) -> Programme:
    """Add a programme; an agency editor may only add programmes their own agency leads."""
    with transaction.atomic(), acting(actor):
        current_plan = lock_masterplan(masterplan.pk)
        ensure_draft(current_plan)
        require(actor, "planning.add_programme", current_plan)
        programme = Programme(masterplan=current_plan, created_by=user_of(actor))
        for name, value in fields.items():
            if name in PROGRAMME_FIELDS:
                setattr(programme, name, value)
        # An agency editor adds only programmes their own agency leads.
        require(actor, "planning.change_programme", programme)
        return _save(current_plan, programme, parts or Attachments(), actor)


def update_programme(
    programme: Programme,
    *,
    actor: Actor,
    opened_version: int | None,
    fields: Mapping[str, Any],
    parts: Attachments | None = None,
) -> Programme:
    """Change a programme and what hangs off it, refusing if someone saved it meanwhile."""
    with transaction.atomic(), acting(actor):
        current = _lock_programme(programme.pk)
        ensure_draft(current.masterplan)
        require(actor, "planning.change_programme", current)
        check_version(current, opened_version)
        for name, value in fields.items():
            if name in PROGRAMME_FIELDS:
                setattr(current, name, value)
        # An editor cannot hand the programme to an agency they do not edit.
        require(actor, "planning.change_programme", current)
        return _save(current.masterplan, current, parts or Attachments(), actor)


def delete_programme(programme: Programme, *, actor: Actor) -> None:
    """Remove a programme with its agencies, funding, dependencies and milestones."""
    with transaction.atomic(), acting(actor):
        current = _lock_programme(programme.pk)
        ensure_draft(current.masterplan)
        require(actor, "planning.delete_programme", current)
        current.delete()


# Milestones ---------------------------------------------------------------------------


def create_milestone(
    programme: Programme,
    *,
    actor: Actor,
    name: str,
    year: int | None,
    quarter: int | None = None,
    done: bool = False,
) -> Milestone:
    """Add a milestone inside the programme's years (and quarters, where the programme has
    them); whoever may edit the programme may add one."""
    with transaction.atomic(), acting(actor):
        current = _lock_programme(programme.pk)
        ensure_draft(current.masterplan)
        require(actor, "planning.change_programme", current)
        name = (name or "").strip()
        check_milestone(current, name, year, quarter)
        milestone = Milestone(
            programme=current,
            name=name,
            year=cast(int, year),
            quarter=quarter,
            done=done,
            created_by=user_of(actor),
        )
        milestone.full_clean()
        milestone.save()
    return milestone


def delete_milestone(milestone: Milestone, *, actor: Actor) -> None:
    """Remove a milestone; whoever may edit the programme may remove one."""
    with transaction.atomic(), acting(actor):
        current = (
            Milestone.objects.select_for_update(of=("self",))
            .select_related("programme__masterplan__region")
            .get(pk=milestone.pk)
        )
        ensure_draft(current.programme.masterplan)
        require(actor, "planning.change_programme", current.programme)
        current.delete()


# Budget ceilings ---------------------------------------------------------------------


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
