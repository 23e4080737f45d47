"""The whole masterplan as plain JSON, section → stable id → field → value.

This is what an approved version freezes and what two versions are compared on. Ids are
the rows' primary keys, which stay the same while a masterplan goes through new drafts.
Money is kept exactly, as a decimal string with its cents (``"1250000.50"``).

Sections: the masterplan's own facts, team, stakeholders, strategy, programmes, funding lines,
budget ceilings, quick wins (criteria and scores), roadmap (schedule and dependencies) and
milestones; then the sections other apps register (``sections.register_section``: the
indicators). Versions frozen before funding, quick wins, roadmap and milestones had sections of
their own are read by ``upgrade``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import BigIntegerField, BooleanField, CharField, F, Value
from django.db.models.functions import Cast, Concat

from ..masterplans.models import Masterplan
from ..programmes.models import (
    BudgetCeiling,
    FundingLine,
    Milestone,
    Programme,
    ProgrammeDependency,
    ProgrammeSupport,
)
from ..quickwins.models import QuickWinScore
from ..strategy.models import Goal, Mission, PolicyDirection, Vision
from . import sections as registered

Snapshot = dict[str, dict[str, dict[str, Any]]]
SECTIONS = (
    "masterplan",
    "team",
    "stakeholders",
    "strategy",
    "programmes",
    "funding",
    "budget",
    "quickwins",
    "roadmap",
    "milestones",
)


def _team(masterplan: Masterplan) -> dict[str, dict[str, Any]]:
    return {
        str(m.pk): {
            "body": m.body,
            "name": m.name,
            "position": m.position,
            "agency": m.agency.name if m.agency else "",
            "organisation": m.organisation,
            "role_in_body": m.role_in_body,
            "decree_number": m.decree_number,
            "decree_date": m.decree_date.isoformat() if m.decree_date else "",
        }
        for m in masterplan.team.select_related("agency")
    }


def _stakeholders(masterplan: Masterplan) -> tuple[dict[str, dict[str, Any]], dict[int, list]]:
    """The register, and the partners of each programme, read together in one query."""
    section: dict[str, dict[str, Any]] = {}
    partners: dict[int, list[str]] = {}
    rows = masterplan.stakeholders.order_by("group", "name", "pk").values(
        "pk", "group", "name", "contact_person", "email", "phone", "programmes__pk"
    )
    for row in rows:
        section[str(row["pk"])] = {
            key: row[key] for key in ("group", "name", "contact_person", "email", "phone")
        }
        if row["programmes__pk"] is not None:
            partners.setdefault(row["programmes__pk"], []).append(row["name"])
    return section, partners


STRATEGY_CITING: tuple[tuple[Any, str, str], ...] = (
    (Vision, "vision", "masterplan"),
    (Mission, "mission", "masterplan"),
    (Goal, "goal", "mission__masterplan"),
    (PolicyDirection, "policydirection", "masterplan"),
)


@dataclass
class _Attached:
    cited: dict[tuple[str, int], list[str]] = field(default_factory=dict)
    milestones: dict[str, dict[str, Any]] = field(default_factory=dict)
    depends_on: dict[int, list[str]] = field(default_factory=dict)
    supports: dict[int, list[str]] = field(default_factory=dict)
    scores: dict[int, dict[str, int]] = field(default_factory=dict)
    goals: dict[int, list[int]] = field(default_factory=dict)  # programme → goal ids
    ceilings: dict[int, str] = field(default_factory=dict)  # year → amount
    # programme → (year, source, line id, amount), sorted as the funding lines are
    funding: dict[int, list[tuple[int, str, int, str]]] = field(default_factory=dict)


def _row(queryset: Any, tag: str, **columns: Any) -> Any:
    """One part of the UNION in ``_attached``: (tag, row id, owner id, year, text, number,
    flag)."""
    # A typed NULL: PostgreSQL resolves a UNION's column types pair by pair, and two bare NULLs
    # become text, which then clashes with the ids of a later part.
    nothing = Cast(Value(None), output_field=BigIntegerField())
    columns.setdefault("k", nothing)
    columns.setdefault("y", nothing)
    columns.setdefault("n", nothing)
    columns.setdefault("d", Value(False, output_field=BooleanField()))
    return (
        queryset.order_by()
        .annotate(t=Value(tag, output_field=CharField()), **columns)
        .values_list("t", "k", "o", "y", "s", "n", "d")
    )


def _parts(masterplan: Masterplan) -> list[Any]:
    parts = [
        _row(
            model.swot_entries.through.objects.filter(**{f"{name}__{path}": masterplan}),
            name,
            o=F(f"{name}_id"),
            y=F("swotentry__assessment__year"),
            s=F("swotentry__kind"),
            n=F("swotentry__number"),
        )
        for model, name, path in STRATEGY_CITING
    ]
    of_plan = {"programme__masterplan": masterplan}
    return [
        *parts,
        _row(
            Milestone.objects.filter(**of_plan),
            "milestone",
            k=F("pk"),
            o=F("programme_id"),
            y=F("year"),
            s=F("name"),
            n=F("quarter"),
            d=F("done"),
        ),
        _row(
            ProgrammeDependency.objects.filter(**of_plan),
            "dependency",
            o=F("programme_id"),
            s=F("depends_on__code"),
        ),
        _row(
            ProgrammeSupport.objects.filter(**of_plan),
            "support",
            o=F("programme_id"),
            s=Concat(F("agency__name"), Value(": "), F("role"), output_field=CharField()),
        ),
        _row(
            QuickWinScore.objects.filter(**of_plan),
            "score",
            o=F("programme_id"),
            s=F("criterion__key"),
            n=F("score"),
        ),
        _row(
            Programme.goals.through.objects.filter(**of_plan),
            "programme_goal",
            o=F("programme_id"),
            y=F("goal_id"),
            s=Value("", output_field=CharField()),
        ),
        _row(
            FundingLine.objects.filter(**of_plan),
            "funding",
            k=F("pk"),
            o=F("programme_id"),
            y=F("year"),
            s=Concat(F("source"), Value(" "), Cast(F("amount"), output_field=CharField())),
        ),
        _row(
            BudgetCeiling.objects.filter(masterplan=masterplan),
            "ceiling",
            o=F("masterplan_id"),
            y=F("year"),
            s=Cast(F("amount"), output_field=CharField()),
        ),
    ]


def _attached(masterplan: Masterplan) -> _Attached:
    """Small rows hanging off the strategy and the programmes, read together in ONE query (a
    UNION): the SWOT entries each piece of strategy cites (sorted labels "2026/W3", keyed by
    model name and id), each programme's milestones, the codes of what it depends on, its
    supporting agencies and its quick-win scores, and the budget ceilings."""
    parts = _parts(masterplan)
    found = _Attached()
    for tag, key, owner, year, text, number, done in parts[0].union(*parts[1:], all=True):
        if tag == "milestone":
            found.milestones[str(key)] = {
                "programme": owner,
                "name": text,
                "year": year,
                "quarter": number,
                "done": bool(done),
            }
        elif tag == "dependency":
            found.depends_on.setdefault(owner, []).append(text)
        elif tag == "support":
            found.supports.setdefault(owner, []).append(text.strip().removesuffix(":"))
        elif tag == "score":
            found.scores.setdefault(owner, {})[text] = number
        elif tag == "programme_goal":
            found.goals.setdefault(owner, []).append(year)
        elif tag == "ceiling":
            found.ceilings[year] = text
        elif tag == "funding":
            source, amount = text.split(" ", 1)
            found.funding.setdefault(owner, []).append((year, source, key, amount))
        else:
            found.cited.setdefault((tag, owner), []).append(f"{year}/{text[0].upper()}{number}")
    found.cited = {key: sorted(labels) for key, labels in found.cited.items()}
    found.depends_on = {key: sorted(codes) for key, codes in found.depends_on.items()}
    found.supports = {key: sorted(names) for key, names in found.supports.items()}
    found.funding = {key: sorted(lines) for key, lines in found.funding.items()}
    return found


def _strategy(
    masterplan: Masterplan, cited: dict[tuple[str, int], list[str]], goals: dict[int, str]
) -> dict[str, dict[str, Any]]:
    """The strategy section; fills ``goals`` with each goal's label as the strategy page
    numbers it ("2.1 text": the first goal of the second mission)."""
    section: dict[str, dict[str, Any]] = {}
    missions: dict[int, int] = {}
    vision = getattr(masterplan, "vision", None)
    if vision is not None:
        section["vision"] = {
            "text": vision.text,
            "rpjmd_reference": vision.rpjmd_reference,
            "swot": cited.get(("vision", vision.pk), []),
        }
    rows = masterplan.missions.order_by("position", "pk", "goals__position", "goals__pk").values(
        "pk",
        "position",
        "text",
        "rpjmd_reference",
        "goals__pk",
        "goals__position",
        "goals__text",
        "goals__rpjmd_reference",
    )
    for row in rows:
        mission_number = missions.setdefault(row["pk"], len(missions) + 1)
        section[f"mission-{row['pk']}"] = {
            "position": row["position"],
            "text": row["text"],
            "rpjmd_reference": row["rpjmd_reference"],
            "swot": cited.get(("mission", row["pk"]), []),
        }
        if row["goals__pk"] is not None:
            number = sum(1 for label in goals.values() if label.startswith(f"{mission_number}."))
            goals[row["goals__pk"]] = f"{mission_number}.{number + 1} {row['goals__text']}"
            section[f"goal-{row['goals__pk']}"] = {
                "mission": row["position"],
                "position": row["goals__position"],
                "text": row["goals__text"],
                "rpjmd_reference": row["goals__rpjmd_reference"],
                "swot": cited.get(("goal", row["goals__pk"]), []),
            }
    for policy in masterplan.policy_directions.select_related("dimension"):
        section[f"policy-{policy.dimension.code}"] = {
            "dimension": policy.dimension.code,
            "text": policy.text,
            "rpjmd_reference": policy.rpjmd_reference,
            "swot": cited.get(("policydirection", policy.pk), []),
        }
    return section


def _money(amount: Decimal | None) -> str | None:
    """Money as an exact decimal string: cents are kept, never a float."""
    return None if amount is None else str(Decimal(amount).quantize(Decimal("0.01")))


def _masterplan(masterplan: Masterplan) -> dict[str, dict[str, Any]]:
    return {
        "masterplan": {
            "title": masterplan.title,
            "start_year": masterplan.start_year,
            "years": masterplan.years,
            "regulation_type": masterplan.regulation_type,
            "regulation_number": masterplan.regulation_number,
            "regulation_date": (
                masterplan.regulation_date.isoformat() if masterplan.regulation_date else ""
            ),
        }
    }


def _programme(
    p: Programme, partners: list[str], attached: _Attached, goals: dict[int, str]
) -> dict[str, Any]:
    return {
        "code": p.code,
        "name": p.name,
        "dimension": p.dimension.code,
        "element": p.element.code if p.element else "",
        "problem": p.problem,
        "description": p.description,
        "innovation": p.innovation,
        "horizon": p.horizon,
        "lead_agency": p.lead_agency.name if p.lead_agency else "",
        "supports": attached.supports.get(p.pk, []),
        "partners": sorted(partners),
        "status": p.status,
        "rpjmd_code": p.rpjmd_code,
        "months_to_first_result": p.months_to_first_result,
        "is_quick_win": p.is_quick_win,
        "goals": sorted(goals[pk] for pk in attached.goals.get(p.pk, []) if pk in goals),
    }


def _roadmap(p: Programme, attached: _Attached) -> dict[str, Any]:
    return {
        "programme": _name(p),
        "start_year": p.start_year,
        "start_quarter": p.start_quarter,
        "end_year": p.end_year,
        "end_quarter": p.end_quarter,
        "depends_on": attached.depends_on.get(p.pk, []),
    }


def _name(p: Programme) -> str:
    return f"{p.code} {p.name}".strip()


def _quickwins(
    masterplan: Masterplan, programmes: list[Programme], attached: _Attached
) -> dict[str, dict[str, Any]]:
    section: dict[str, dict[str, Any]] = {
        f"criterion-{c.key}": {
            "name": c.name_id,
            "weight": round(c.weight, 4),
            "lower_is_better": c.lower_is_better,
        }
        for c in masterplan.quick_win_criteria.order_by("position", "pk")
    }
    for p in programmes:
        scores = attached.scores.get(p.pk, {})
        if scores or p.is_quick_win:
            section[f"scores-{p.pk}"] = {
                "programme": _name(p),
                "is_quick_win": p.is_quick_win,
                **{f"score:{key}": scores[key] for key in sorted(scores)},
            }
    return section


def take_snapshot(masterplan: Masterplan) -> Snapshot:
    """Everything a reader of the masterplan sees, in seven queries and one more for each
    registered section (the vision may come with the masterplan through
    ``select_related("vision")``, the framework is not read)."""
    programmes = list(
        masterplan.programmes.select_related("dimension", "element", "lead_agency").order_by(
            "code", "pk"
        )
    )
    stakeholders, partners = _stakeholders(masterplan)
    attached = _attached(masterplan)
    names = {p.pk: _name(p) for p in programmes}
    goals: dict[int, str] = {}
    strategy = _strategy(masterplan, attached.cited, goals)
    return {
        "masterplan": _masterplan(masterplan),
        "team": _team(masterplan),
        "stakeholders": stakeholders,
        "strategy": strategy,
        "programmes": {
            str(p.pk): _programme(p, partners.get(p.pk, []), attached, goals) for p in programmes
        },
        "funding": {
            str(line): {
                "programme": names[p.pk],
                "year": year,
                "source": source,
                "amount": _money(Decimal(amount)),
            }
            for p in programmes
            for year, source, line, amount in attached.funding.get(p.pk, [])
        },
        "budget": {
            str(year): {"year": year, "amount": _money(Decimal(amount))}
            for year, amount in sorted(attached.ceilings.items())
        },
        "quickwins": _quickwins(masterplan, programmes, attached),
        "roadmap": {str(p.pk): _roadmap(p, attached) for p in programmes},
        "milestones": {
            key: {**row, "programme": names.get(row["programme"], "")}
            for key, row in sorted(
                attached.milestones.items(),
                key=lambda item: (
                    names.get(item[1]["programme"], ""),
                    item[1]["year"],
                    item[1]["quarter"] or 5,
                    int(item[0]),
                ),
            )
        },
        **{section.code: section.build(masterplan) for section in registered.sections()},
    }


# Fields that versions frozen before their own sections existed kept on each programme.
MOVED_TO_ROADMAP = ("start_year", "start_quarter", "end_year", "end_quarter", "depends_on")
OLD_PROGRAMME_LISTS = ("funding", "milestones")


def upgrade(snapshot: Snapshot) -> Snapshot:
    """A version frozen in the first layout (programmes carrying their schedule, funding and
    milestones as lists of text) in today's sections, as far as it can be: the schedule and
    dependencies move to the roadmap; funding and milestones, frozen without their ids, stay
    on the programme as text."""
    if "masterplan" in snapshot or "roadmap" in snapshot or "programmes" not in snapshot:
        return snapshot
    programmes: dict[str, dict[str, Any]] = {}
    roadmap: dict[str, dict[str, Any]] = {}
    for key, row in snapshot["programmes"].items():
        name = f"{row.get('code', '')} {row.get('name', '')}".strip()
        roadmap[key] = {"programme": name, **{f: row.get(f) for f in MOVED_TO_ROADMAP}}
        programmes[key] = {f: v for f, v in row.items() if f not in MOVED_TO_ROADMAP}
    return {**snapshot, "programmes": programmes, "roadmap": roadmap}


ROW_NAMES = {
    "funding": ("programme", "year", "source"),
    "budget": ("year",),
    "roadmap": ("programme",),
    "milestones": ("programme", "year", "name"),
}


def all_sections() -> tuple[str, ...]:
    """Planning's sections, then the registered ones."""
    return SECTIONS + tuple(section.code for section in registered.sections())


def row_names() -> dict[str, tuple[str, ...]]:
    """Section → the fields that name one of its rows, the registered sections' included."""
    extra = {s.code: s.row_names for s in registered.sections() if s.row_names}
    return {**ROW_NAMES, **extra}


def label_of(section: dict[str, Any], key: str, name: str = "") -> str:
    """A readable name for a row of a snapshot section (``name``: the section's name)."""
    row = section.get(key) or {}
    names = row_names()
    if name in names:
        return " · ".join(str(row.get(part) or "") for part in names[name] if row.get(part))
    if "code" in row:
        return f"{row['code']} {row.get('name', '')}".strip()
    if "programme" in row:
        return str(row["programme"])
    return str(row.get("name") or row.get("title") or row.get("text", key))[:80]


__all__ = [
    "SECTIONS",
    "Snapshot",
    "all_sections",
    "label_of",
    "row_names",
    "take_snapshot",
    "upgrade",
]
