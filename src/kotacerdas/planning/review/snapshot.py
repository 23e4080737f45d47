"""The whole masterplan as plain JSON, section → stable id → field → value.

This is what an approved version freezes and what two versions are compared on. Ids are
the rows' primary keys, which stay the same while a masterplan goes through new drafts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import BooleanField, CharField, F, IntegerField, Prefetch, Value

from ..masterplans.models import Masterplan
from ..programmes.models import Milestone, Programme, ProgrammeDependency, ProgrammeSupport
from ..strategy.models import Goal, Mission, PolicyDirection, Vision

Snapshot = dict[str, dict[str, dict[str, Any]]]
SECTIONS = ("team", "stakeholders", "strategy", "programmes")


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
    milestones: dict[int, list[str]] = field(default_factory=dict)
    depends_on: dict[int, list[str]] = field(default_factory=dict)
    goals: dict[int, list[int]] = field(default_factory=dict)  # programme → goal ids


def _row(queryset: Any, tag: str, **columns: Any) -> Any:
    """One part of the UNION in ``_attached``: (tag, owner id, year, text, number, flag)."""
    return (
        queryset.order_by()
        .annotate(t=Value(tag, output_field=CharField()), **columns)
        .values_list("t", "o", "y", "s", "n", "d")
    )


def _attached(masterplan: Masterplan) -> _Attached:
    """Small rows hanging off the strategy and the programmes, read together in ONE query (a
    UNION): the SWOT entries each piece of strategy cites (sorted labels "2026/W3", keyed by
    model name and id), each programme's milestones and the codes of what it depends on."""
    nothing = Value(None, output_field=IntegerField())
    parts = [
        _row(
            model.swot_entries.through.objects.filter(**{f"{name}__{path}": masterplan}),
            name,
            o=F(f"{name}_id"),
            y=F("swotentry__assessment__year"),
            s=F("swotentry__kind"),
            n=F("swotentry__number"),
            d=Value(False, output_field=BooleanField()),
        )
        for model, name, path in STRATEGY_CITING
    ]
    parts.append(
        _row(
            Milestone.objects.filter(programme__masterplan=masterplan),
            "milestone",
            o=F("programme_id"),
            y=F("year"),
            s=F("name"),
            n=F("quarter"),
            d=F("done"),
        )
    )
    parts.append(
        _row(
            ProgrammeDependency.objects.filter(programme__masterplan=masterplan),
            "dependency",
            o=F("programme_id"),
            y=nothing,
            s=F("depends_on__code"),
            n=nothing,
            d=Value(False, output_field=BooleanField()),
        )
    )
    parts.append(
        _row(
            Programme.goals.through.objects.filter(programme__masterplan=masterplan),
            "programme_goal",
            o=F("programme_id"),
            y=F("goal_id"),
            s=Value("", output_field=CharField()),
            n=nothing,
            d=Value(False, output_field=BooleanField()),
        )
    )
    found = _Attached()
    planned: dict[int, list[tuple[int, int, str, bool]]] = {}
    for tag, owner, year, text, number, done in parts[0].union(*parts[1:], all=True):
        if tag == "milestone":
            # A whole-year milestone is due at the end of its year: after the quarters.
            planned.setdefault(owner, []).append((year, number or 5, text, done))
        elif tag == "dependency":
            found.depends_on.setdefault(owner, []).append(text)
        elif tag == "programme_goal":
            found.goals.setdefault(owner, []).append(year)
        else:
            found.cited.setdefault((tag, owner), []).append(f"{year}/{text[0].upper()}{number}")
    found.cited = {key: sorted(labels) for key, labels in found.cited.items()}
    found.depends_on = {key: sorted(codes) for key, codes in found.depends_on.items()}
    found.milestones = {
        pk: [
            f"{year}{f' Q{quarter}' if quarter < 5 else ''} {name}{' ✓' if done else ''}"
            for year, quarter, name, done in sorted(rows)
        ]
        for pk, rows in planned.items()
    }
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
        "start_year": p.start_year,
        "end_year": p.end_year,
        "start_quarter": p.start_quarter,
        "end_quarter": p.end_quarter,
        "lead_agency": p.lead_agency.name if p.lead_agency else "",
        "status": p.status,
        "rpjmd_code": p.rpjmd_code,
        "months_to_first_result": p.months_to_first_result,
        "is_quick_win": p.is_quick_win,
        "supports": sorted(f"{s.agency.name}: {s.role}".strip(": ") for s in p.supports.all()),
        "partners": sorted(partners),
        "funding": sorted(f"{f.year} {f.source} {int(f.amount)}" for f in p.funding.all()),
        "depends_on": attached.depends_on.get(p.pk, []),
        "milestones": attached.milestones.get(p.pk, []),
        "goals": sorted(goals[pk] for pk in attached.goals.get(p.pk, []) if pk in goals),
    }


def take_snapshot(masterplan: Masterplan) -> Snapshot:
    """Everything a reader of the masterplan sees, in eight queries (the vision may come
    with the masterplan through ``select_related("vision")``)."""
    programmes = masterplan.programmes.select_related(
        "dimension", "element", "lead_agency"
    ).prefetch_related(
        Prefetch("supports", queryset=ProgrammeSupport.objects.select_related("agency")),
        "funding",
    )
    stakeholders, partners = _stakeholders(masterplan)
    attached = _attached(masterplan)
    goals: dict[int, str] = {}
    strategy = _strategy(masterplan, attached.cited, goals)
    return {
        "team": _team(masterplan),
        "stakeholders": stakeholders,
        "strategy": strategy,
        "programmes": {
            str(p.pk): _programme(p, partners.get(p.pk, []), attached, goals) for p in programmes
        },
    }


def label_of(section: dict[str, Any], key: str) -> str:
    """A readable name for a row of a snapshot section."""
    row = section.get(key) or {}
    if "code" in row:
        return f"{row['code']} {row.get('name', '')}".strip()
    return str(row.get("name") or row.get("text", key))[:80]


__all__ = ["SECTIONS", "Snapshot", "label_of", "take_snapshot"]
