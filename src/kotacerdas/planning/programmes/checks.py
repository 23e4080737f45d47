"""The rules a programme and what hangs off it must keep, each broken one reported against the
field (and row) it came from. Pure checks over the rows they are given, plus the few reads they
need (codes in use, dependencies of the masterplan, milestones of the programme)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from kotacerdas.regions.models import Agency

from ..masterplans.models import Masterplan, Stakeholder
from ..strategy.models import Goal
from .cycles import find_cycle
from .models import FundingLine, Programme, ProgrammeDependency


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
    goals: Sequence[Goal] | None = None
    errors: dict[str, list[str]] = field(default_factory=dict)


class Errors:
    """Messages collected per field, raised together as one ``ValidationError``."""

    def __init__(self) -> None:
        self.by_field: dict[str, list[str]] = {}

    def add(self, name: str, message: str) -> None:
        self.by_field.setdefault(name, []).append(message)

    def raise_any(self) -> None:
        if self.by_field:
            raise ValidationError(self.by_field)


def check_fields(masterplan: Masterplan, programme: Programme, errors: Errors) -> None:
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
    check_quarters(programme, errors)
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


def check_quarters(programme: Programme, errors: Errors) -> None:
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


def check_supports(
    masterplan: Masterplan, programme: Programme, supports: Sequence[Support], errors: Errors
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


def check_funding(programme: Programme, funding: Sequence[Funding], errors: Errors) -> None:
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


def check_dependencies(
    masterplan: Masterplan, programme: Programme, depends_on: Sequence[Programme], errors: Errors
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


def _check_partners(
    masterplan: Masterplan, partners: Sequence[Stakeholder], errors: Errors
) -> None:
    for partner in partners:
        if partner.masterplan_id != masterplan.pk:
            errors.add(
                "partners",
                _("%(name)s is not in this masterplan's stakeholder register.")
                % {"name": partner.name},
            )


def check_goals(masterplan: Masterplan, goals: Sequence[Goal], errors: Errors) -> None:
    """A programme serves goals of its own masterplan's missions only."""
    for goal in goals:
        if goal.mission.masterplan_id != masterplan.pk:
            errors.add(
                "goals",
                _("Goal “%(goal)s” belongs to another masterplan.") % {"goal": goal.text[:80]},
            )


def _model_errors(programme: Programme, errors: Errors) -> None:
    """The model's own field checks, for fields the rules above have not already flagged."""
    try:
        programme.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            if name not in errors.by_field:
                for message in messages:
                    errors.add(name, message)


def check_programme(masterplan: Masterplan, programme: Programme, parts: Attachments) -> None:
    """Every rule at once; raises ``ValidationError`` naming each field that breaks one. Parts
    left as ``None`` are checked as they are now."""
    errors = Errors()
    for name, messages in parts.errors.items():
        for message in messages:
            errors.add(name, message)
    check_fields(masterplan, programme, errors)
    _model_errors(programme, errors)
    supports = parts.supports
    if supports is None and programme.pk is not None:
        supports = [Support(s.agency, s.role) for s in programme.supports.select_related("agency")]
    check_supports(masterplan, programme, supports or [], errors)
    funding = parts.funding
    if funding is None and programme.pk is not None:
        funding = [Funding(f.source, f.year, f.amount) for f in programme.funding.all()]
    check_funding(programme, funding or [], errors)
    _check_partners(masterplan, parts.partners or [], errors)
    if parts.depends_on is not None:
        check_dependencies(masterplan, programme, parts.depends_on, errors)
    check_goals(masterplan, parts.goals or [], errors)
    errors.raise_any()


def check_milestone(programme: Programme, name: str, year: int | None, quarter: int | None) -> None:
    """A milestone needs a name and a year (and quarter) inside the programme's."""
    errors = Errors()
    if not name:
        errors.add("name", _("Name the milestone."))
    if year is None:
        errors.add("year", _("Give the year of the milestone."))
    else:
        problem = milestone_problem(programme, year, quarter)
        if problem:
            errors.add("quarter" if year in programme.years else "year", problem)
    errors.raise_any()
