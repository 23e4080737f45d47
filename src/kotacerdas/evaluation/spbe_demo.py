"""Demo data for ``seed_demo``: one SPBE self-assessment of the demo region, through the
services as ``SYSTEM``, with levels that put it in Baik and the architecture indicator
tagged on a programme of the current masterplan. Seeded once: a second run changes nothing.
"""

from __future__ import annotations

from django.utils import timezone

from kotacerdas.accounts.actors import SYSTEM
from kotacerdas.planning.models import Programme
from kotacerdas.regions.models import Region

from .spbe_models import SpbeAssessment, SpbeIndicator
from .spbe_services import save_spbe_score, set_programme_spbe_tags, start_spbe

# Levels by indicator number; every other process indicator at 2 (Terkelola), every other
# service indicator at 3 (Transaksi): an index of about 2.72, Baik.
LEVELS = {1: 3, 2: 3, 11: 3, 12: 3, 15: 3, 16: 3, 33: 4, 34: 4, 35: 4, 42: 4, 43: 4}
DEFAULT_LEVEL = {"process": 2, "service": 3}
EXPLANATION = "Isian contoh untuk demo."


def seed_spbe(region: Region) -> SpbeAssessment:
    """The demo region's self-assessment of the current year (a draft)."""
    year = timezone.now().year
    found = SpbeAssessment.objects.filter(region=region, year=year).first()
    if found is not None:
        return found
    assessment = start_spbe(region, actor=SYSTEM, year=year)
    for score in assessment.scores.select_related("indicator"):
        level = LEVELS.get(score.indicator.number, DEFAULT_LEVEL[score.indicator.kind])
        save_spbe_score(score, actor=SYSTEM, level=level, explanation=EXPLANATION)
    programme = (
        Programme.objects.filter(masterplan__region=region).order_by("-masterplan__pk", "code")
    ).first()
    if programme is not None:
        architecture = SpbeIndicator.objects.filter(
            instrument=assessment.instrument, masterplan_evidence=True
        )
        set_programme_spbe_tags(programme, actor=SYSTEM, indicators=list(architecture))
    return assessment
