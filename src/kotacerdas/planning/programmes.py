"""Writing a programme with its supporting agencies, partners, funding and dependencies.

A programme and everything attached to it is saved together or not at all; every bad
value is reported against the field (and row) it came from.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kotacerdas.accounts.actors import Actor, acting, require, user_of
from kotacerdas.lib.concurrency import check_version
from kotacerdas.regions.models import Agency

from .locks import ensure_draft, lock_draft, lock_masterplan
from .models import (
    FundingLine,
    Masterplan,
    Milestone,
    Programme,
    ProgrammeDependency,
    ProgrammeSupport,
    Stakeholder,
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


@dataclass
class Funding:
    source: str
    year: int
    amount: Decimal


@dataclass
class Support:
    agency: Agency
    role: str = ""


@dataclass
class Attachments:
    """What hangs off a programme; ``None`` leaves that part as it is."""

    supports: Sequence[Support] | None = None
    partners: Sequence[Stakeholder] | None = None
    funding: Sequence[Funding] | None = None
    depends_on: Sequence[Programme] | None = None
    errors: dict[str, list[str]] = field(default_factory=dict)


def find_cycle(edges: Mapping[int, Iterable[int]]) -> list[int] | None:
    """A dependency cycle as the list of nodes on it, or ``None`` (depth-first search)."""
    state: dict[int, int] = {}  # 1 on the current path, 2 finished
    path: list[int] = []

    def visit(node: int) -> list[int] | None:
        state[node] = 1
        path.append(node)
        for nxt in edges.get(node, ()):
            if state.get(nxt) == 1:
                return path[path.index(nxt) :]
            if nxt not in state and (found := visit(nxt)):
                return found
        path.pop()
        state[node] = 2
        return None

    for start in sorted(edges):
        if start not in state and (found := visit(start)):
            return found
    return None


class _Errors:
    def __init__(self) -> None:
        self.by_field: dict[str, list[str]] = {}

    def add(self, name: str, message: str) -> None:
        self.by_field.setdefault(name, []).append(message)

    def raise_any(self) -> None:
        if self.by_field:
            raise ValidationError(self.by_field)


def _check_fields(masterplan: Masterplan, programme: Programme, errors: _Errors) -> None:
    start, end = masterplan.start_year, masterplan.end_year
    for name in ("start_year", "end_year"):
        year = getattr(programme, name)
        if year is not None and not start <= year <= end:
            errors.add(
                name,
                _("%(year)s is outside the masterplan period %(start)d–%(end)d.")
                % {"year": year, "start": start, "end": end},
            )
    if programme.start_year and programme.end_year and programme.end_year < programme.start_year:
        errors.add("end_year", _("The last year comes before the first year."))
    _check_quarters(programme, errors)
    if programme.dimension_id and programme.dimension.framework_id != masterplan.framework_id:
        errors.add("dimension", _("The dimension is not part of this masterplan's framework."))
    element, lead = programme.element, programme.lead_agency
    if element is not None and element.dimension_id != programme.dimension_id:
        errors.add(
            "element",
            _("Element %(element)s belongs to another dimension than %(dimension)s.")
            % {"element": element.name, "dimension": programme.dimension.name},
        )
    if lead is not None and lead.region_id != masterplan.region_id:
        errors.add(
            "lead_agency", _("Choose an agency of %(region)s.") % {"region": masterplan.region.name}
        )
    duplicate = Programme.objects.filter(masterplan=masterplan, code=programme.code).exclude(
        pk=programme.pk
    )
    if programme.code and duplicate.exists():
        errors.add(
            "code",
            _("Code %(code)s is already used in this masterplan.") % {"code": programme.code},
        )


def _check_quarters(programme: Programme, errors: _Errors) -> None:
    for name in ("start_quarter", "end_quarter"):
        quarter = getattr(programme, name)
        if quarter is not None and not 1 <= quarter <= 4:
            errors.add(name, _("A quarter is 1, 2, 3 or 4 (or empty for the whole year)."))
    start, end = programme.start_quarter, programme.end_quarter
    if (
        start
        and end
        and programme.start_year == programme.end_year
        and end < start
        and "end_quarter" not in errors.by_field
    ):
        errors.add("end_quarter", _("The last quarter comes before the first quarter."))
    if programme.pk is None or not (programme.start_year and programme.end_year):
        return
    for milestone in programme.milestones.all():
        problem = milestone_problem(programme, milestone.year, milestone.quarter)
        if problem:
            field = "end_year" if milestone.year > programme.start_year else "start_year"
            errors.add(
                field,
                _("Milestone “%(name)s”: %(problem)s")
                % {"name": milestone.name, "problem": problem},
            )


def milestone_problem(programme: Programme, year: int, quarter: int | None) -> str | None:
    """Why a milestone in ``year`` (and ``quarter``) falls outside the programme, or ``None``."""
    if not programme.start_year <= year <= programme.end_year:
        return _("%(year)s is outside the programme years %(start)d–%(end)d.") % {
            "year": year,
            "start": programme.start_year,
            "end": programme.end_year,
        }
    if quarter is None:
        return None
    if not 1 <= quarter <= 4:
        return _("A quarter is 1, 2, 3 or 4 (or empty for the whole year).")
    first = programme.start_quarter if year == programme.start_year else None
    last = programme.end_quarter if year == programme.end_year else None
    if (first and quarter < first) or (last and quarter > last):
        return _("Q%(quarter)d %(year)s is outside the quarters the programme runs.") % {
            "quarter": quarter,
            "year": year,
        }
    return None


def _check_supports(
    masterplan: Masterplan, programme: Programme, supports: Sequence[Support], errors: _Errors
) -> None:
    seen: set[int] = set()
    for n, support in enumerate(supports, start=1):
        agency = support.agency
        if agency.region_id != masterplan.region_id:
            errors.add(
                "supports",
                _("Supporting agency %(n)d: choose an agency of %(region)s.")
                % {"n": n, "region": masterplan.region.name},
            )
        if agency.pk == programme.lead_agency_id:
            errors.add(
                "supports",
                _("Supporting agency %(n)d: %(agency)s is already the lead agency.")
                % {"n": n, "agency": agency},
            )
        if agency.pk in seen:
            errors.add(
                "supports",
                _("Supporting agency %(n)d: %(agency)s is listed twice.")
                % {"n": n, "agency": agency},
            )
        seen.add(agency.pk)


def _check_funding(programme: Programme, funding: Sequence[Funding], errors: _Errors) -> None:
    sources = set(FundingLine.Source.values)
    for n, line in enumerate(funding, start=1):
        if line.source not in sources:
            errors.add(
                "funding",
                _("Funding line %(n)d: unknown source %(source)s.")
                % {"n": n, "source": line.source},
            )
        if line.amount is None or line.amount < 0:
            errors.add(
                "funding", _("Funding line %(n)d: the amount cannot be negative.") % {"n": n}
            )
        if (
            programme.start_year
            and programme.end_year
            and not (programme.start_year <= line.year <= programme.end_year)
        ):
            errors.add(
                "funding",
                _("Funding line %(n)d: %(year)s is outside the programme years %(start)d–%(end)d.")
                % {
                    "n": n,
                    "year": line.year,
                    "start": programme.start_year,
                    "end": programme.end_year,
                },
            )


def _check_dependencies(
    masterplan: Masterplan, programme: Programme, depends_on: Sequence[Programme], errors: _Errors
) -> None:
    for other in depends_on:
        if other.masterplan_id != masterplan.pk:
            errors.add(
                "depends_on", _("%(code)s belongs to another masterplan.") % {"code": other.code}
            )
        if programme.pk is not None and other.pk == programme.pk:
            errors.add("depends_on", _("A programme cannot depend on itself."))
    if programme.pk is None or errors.by_field.get("depends_on"):
        return  # a new programme has no dependents yet, so it cannot close a cycle
    edges: dict[int, set[int]] = {}
    for src, dst in ProgrammeDependency.objects.filter(
        programme__masterplan=masterplan
    ).values_list("programme_id", "depends_on_id"):
        edges.setdefault(src, set()).add(dst)
    edges[programme.pk] = {other.pk for other in depends_on}
    cycle = find_cycle(edges)
    if cycle:
        codes = dict(Programme.objects.filter(pk__in=cycle).values_list("pk", "code"))
        names = " → ".join(codes[pk] for pk in [*cycle, cycle[0]])
        errors.add(
            "depends_on", _("These dependencies would form a cycle: %(cycle)s.") % {"cycle": names}
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


def _validate_and_save(
    masterplan: Masterplan, programme: Programme, parts: Attachments, actor: Actor
) -> Programme:
    errors = _Errors()
    for name, messages in parts.errors.items():
        for message in messages:
            errors.add(name, message)
    _check_fields(masterplan, programme, errors)
    try:
        programme.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            if name not in errors.by_field:
                for message in messages:
                    errors.add(name, message)
    supports = parts.supports
    if supports is None and programme.pk is not None:
        supports = [Support(s.agency, s.role) for s in programme.supports.select_related("agency")]
    _check_supports(masterplan, programme, supports or [], errors)
    funding = parts.funding
    if funding is None and programme.pk is not None:
        funding = [Funding(f.source, f.year, f.amount) for f in programme.funding.all()]
    _check_funding(programme, funding or [], errors)
    if parts.partners:
        for partner in parts.partners:
            if partner.masterplan_id != masterplan.pk:
                errors.add(
                    "partners",
                    _("%(name)s is not in this masterplan's stakeholder register.")
                    % {"name": partner.name},
                )
    if parts.depends_on is not None:
        _check_dependencies(masterplan, programme, parts.depends_on, errors)
    errors.raise_any()
    programme.save()
    if parts.supports is not None:
        _save_supports(programme, parts.supports, actor)
    if parts.funding is not None:
        _save_funding(programme, parts.funding, actor)
    if parts.partners is not None:
        programme.partners.set(parts.partners)
    if parts.depends_on is not None:
        _save_dependencies(programme, parts.depends_on, actor)
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
        return _validate_and_save(current_plan, programme, parts or Attachments(), actor)


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
        return _validate_and_save(current.masterplan, current, parts or Attachments(), actor)


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
        errors = _Errors()
        name = (name or "").strip()
        if not name:
            errors.add("name", _("Name the milestone."))
        if year is None:
            errors.add("year", _("Give the year of the milestone."))
        else:
            problem = milestone_problem(current, year, quarter)
            if problem:
                errors.add("quarter" if year in current.years else "year", problem)
        errors.raise_any()
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


def set_quick_wins(masterplan: Masterplan, *, actor: Actor, chosen: Iterable[int]) -> int:
    """Mark exactly the programmes in ``chosen`` as quick wins; returns how many changed."""
    wanted = set(chosen)
    changed = 0
    with transaction.atomic(), acting(actor):
        current_plan = lock_draft(masterplan.pk, actor, "planning.choose_quick_wins")
        for programme in current_plan.programmes.select_for_update():
            flag = programme.pk in wanted
            if programme.is_quick_win != flag:
                programme.is_quick_win = flag
                programme.save(update_fields=["is_quick_win"])
                changed += 1
    return changed
