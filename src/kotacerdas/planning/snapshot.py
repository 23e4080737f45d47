"""The whole masterplan as plain JSON, section → stable id → field → value.

This is what an approved version freezes and what two versions are compared on. Ids are
the rows' primary keys, which stay the same while a masterplan goes through new drafts.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch

from .models import Goal, Masterplan, Programme, ProgrammeSupport

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


def _stakeholders(masterplan: Masterplan) -> dict[str, dict[str, Any]]:
    return {
        str(s.pk): {
            "group": s.group,
            "name": s.name,
            "contact_person": s.contact_person,
            "email": s.email,
            "phone": s.phone,
        }
        for s in masterplan.stakeholders.all()
    }


def _strategy(masterplan: Masterplan) -> dict[str, dict[str, Any]]:
    section: dict[str, dict[str, Any]] = {}
    vision = getattr(masterplan, "vision", None)
    if vision is not None:
        section["vision"] = {"text": vision.text, "rpjmd_reference": vision.rpjmd_reference}
    missions = masterplan.missions.prefetch_related(
        Prefetch("goals", queryset=Goal.objects.order_by("position", "pk"))
    )
    for mission in missions:
        section[f"mission-{mission.pk}"] = {
            "position": mission.position,
            "text": mission.text,
            "rpjmd_reference": mission.rpjmd_reference,
        }
        for goal in mission.goals.all():
            section[f"goal-{goal.pk}"] = {
                "mission": mission.position,
                "position": goal.position,
                "text": goal.text,
                "rpjmd_reference": goal.rpjmd_reference,
            }
    for policy in masterplan.policy_directions.select_related("dimension"):
        section[f"policy-{policy.dimension.code}"] = {
            "dimension": policy.dimension.code,
            "text": policy.text,
            "rpjmd_reference": policy.rpjmd_reference,
        }
    return section


def _programme(p: Programme) -> dict[str, Any]:
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
        "lead_agency": p.lead_agency.name if p.lead_agency else "",
        "status": p.status,
        "rpjmd_code": p.rpjmd_code,
        "months_to_first_result": p.months_to_first_result,
        "is_quick_win": p.is_quick_win,
        "supports": sorted(f"{s.agency.name}: {s.role}".strip(": ") for s in p.supports.all()),
        "partners": sorted(s.name for s in p.partners.all()),
        "funding": sorted(f"{f.year} {f.source} {int(f.amount)}" for f in p.funding.all()),
        "depends_on": sorted(d.depends_on.code for d in p.dependencies.all()),
    }


def take_snapshot(masterplan: Masterplan) -> Snapshot:
    """Everything a reader of the masterplan sees, in a bounded number of queries."""
    programmes = masterplan.programmes.select_related(
        "dimension", "element", "lead_agency"
    ).prefetch_related(
        Prefetch("supports", queryset=ProgrammeSupport.objects.select_related("agency")),
        "partners",
        "funding",
        "dependencies__depends_on",
    )
    return {
        "team": _team(masterplan),
        "stakeholders": _stakeholders(masterplan),
        "strategy": _strategy(masterplan),
        "programmes": {str(p.pk): _programme(p) for p in programmes},
    }


def label_of(section: dict[str, Any], key: str) -> str:
    """A readable name for a row of a snapshot section."""
    row = section.get(key) or {}
    if "code" in row:
        return f"{row['code']} {row.get('name', '')}".strip()
    return str(row.get("name") or row.get("text", key))[:80]


__all__ = ["SECTIONS", "Snapshot", "label_of", "take_snapshot"]
