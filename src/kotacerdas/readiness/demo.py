"""Demo readiness data: Kota Bengkulu's assessment in progress, and peers that submitted.

Used by ``manage.py seed_demo``; idempotent (an assessment that exists is left alone).
Levels are derived from a hash of region and item, so every run gives the same data.
"""

from __future__ import annotations

import hashlib

from django.utils import timezone

from kotacerdas.accounts.actors import SYSTEM, Actor
from kotacerdas.accounts.models import User
from kotacerdas.regions.models import Region
from kotacerdas.regions.services import activate_region

from . import services
from .models import Assessment

# Seed regions named in the programme's sources, and two neighbours of Kota Bengkulu.
PEER_REGIONS = ("51.08", "13.75", "61.72", "18.72", "17.01", "17.02")

SWOT = (
    ("strength", "Jaringan fiber optik Pemda sudah menjangkau seluruh OPD di pusat kota."),
    ("weakness", "Belum ada Peraturan Wali Kota tentang tata kelola data dan Satu Data."),
    ("opportunity", "Program nasional Satu Data Indonesia dan dukungan pendampingan Bimtek."),
    ("threat", "Kapasitas fiskal daerah terbatas untuk belanja TIK lima tahun ke depan."),
)


def _level(region_code: str, item_code: str, low: int, high: int) -> int:
    digest = hashlib.sha256(f"{region_code}:{item_code}".encode()).digest()
    return low + digest[0] % (high - low + 1)


def _fill(assessment: Assessment, *, dimensions: set[str] | None, actor: Actor) -> None:
    for answer in assessment.answers.select_related("item__dimension"):
        if dimensions is not None and answer.item.dimension.code not in dimensions:
            continue
        services.save_answer(
            answer,
            level=_level(assessment.region.code, answer.item.code, 1, 4),
            justification="Berdasarkan data OPD dan dokumen pendukung tahun berjalan.",
            actor=actor,
        )


def seed(region: Region, coordinator: User) -> None:
    """The demo region's assessment first (id 1 in a fresh database, which the
    benchmarks use), then the peers, which the system fills and submits."""
    year = timezone.now().year
    if not Assessment.objects.filter(region=region, year=year).exists():
        _seed_region(region, year, coordinator)
    for code in PEER_REGIONS:
        peer = Region.objects.get(code=code)
        activate_region(peer, actor=SYSTEM)
        if not Assessment.objects.filter(region=peer, year=year).exists():
            assessment = services.start_assessment(peer, year, actor=SYSTEM)
            _fill(assessment, dimensions=None, actor=SYSTEM)
            services.submit_assessment(assessment, actor=SYSTEM, confirm_incomplete=True)


def _seed_region(region: Region, year: int, coordinator: User) -> None:
    assessment = services.start_assessment(region, year, actor=coordinator)
    codes = list(assessment.instrument.framework.dimensions.values_list("code", flat=True))
    agencies = {a.code: a for a in region.agencies.filter(code__in=["diskominfo", "dinkes"])}
    for dimension, agency_code in zip(codes[:2], ("diskominfo", "dinkes"), strict=False):
        services.assign_items(
            assessment,
            {
                a.item_id: agencies.get(agency_code)
                for a in assessment.answers.filter(item__dimension__code=dimension)
            },
            actor=coordinator,
        )
    _fill(assessment, dimensions=set(codes[:3]), actor=coordinator)
    for kind, text in SWOT:
        services.create_swot_entry(assessment, kind=kind, text=text, actor=coordinator)
