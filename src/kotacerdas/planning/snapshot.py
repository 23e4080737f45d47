"""The whole masterplan as plain JSON, section → stable id → field → value.

This is what an approved version freezes and what two versions are compared on. Ids are
the rows' primary keys, which stay the same while a masterplan goes through new drafts.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch

from .models import Masterplan, Programme, ProgrammeDependency, ProgrammeSupport

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


def _strategy(masterplan: Masterplan) -> dict[str, dict[str, Any]]:
    section: dict[str, dict[str, Any]] = {}
    vision = getattr(masterplan, "vision", None)
    if vision is not None:
        section["vision"] = {"text": vision.text, "rpjmd_reference": vision.rpjmd_reference}
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
        section[f"mission-{row['pk']}"] = {
            "position": row["position"],
            "text": row["text"],
            "rpjmd_reference": row["rpjmd_reference"],
        }
        if row["goals__pk"] is not None:
            section[f"goal-{row['goals__pk']}"] = {
                "mission": row["position"],
                "position": row["goals__position"],
                "text": row["goals__text"],
                "rpjmd_reference": row["goals__rpjmd_reference"],
            }
    for policy in masterplan.policy_directions.select_related("dimension"):
        section[f"policy-{policy.dimension.code}"] = {
            "dimension": policy.dimension.code,
            "text": policy.text,
            "rpjmd_reference": policy.rpjmd_reference,
        }
    return section


def _programme(p: Programme, partners: list[str]) -> dict[str, Any]:
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
        "partners": sorted(partners),
        "funding": sorted(f"{f.year} {f.source} {int(f.amount)}" for f in p.funding.all()),
        "depends_on": sorted(d.depends_on.code for d in p.dependencies.all()),
    }


def take_snapshot(masterplan: Masterplan) -> Snapshot:
    """Everything a reader of the masterplan sees, in eight queries (the vision may come
    with the masterplan through ``select_related("vision")``)."""
    programmes = masterplan.programmes.select_related(
        "dimension", "element", "lead_agency"
    ).prefetch_related(
        Prefetch("supports", queryset=ProgrammeSupport.objects.select_related("agency")),
        "funding",
        Prefetch("dependencies", queryset=ProgrammeDependency.objects.select_related("depends_on")),
    )
    stakeholders, partners = _stakeholders(masterplan)
    return {
        "team": _team(masterplan),
        "stakeholders": stakeholders,
        "strategy": _strategy(masterplan),
        "programmes": {str(p.pk): _programme(p, partners.get(p.pk, [])) for p in programmes},
    }


def label_of(section: dict[str, Any], key: str) -> str:
    """A readable name for a row of a snapshot section."""
    row = section.get(key) or {}
    if "code" in row:
        return f"{row['code']} {row.get('name', '')}".strip()
    return str(row.get("name") or row.get("text", key))[:80]


__all__ = ["SECTIONS", "Snapshot", "label_of", "take_snapshot"]
