"""SPBE self-assessments for tests, made through the services."""

from __future__ import annotations

from kotacerdas.accounts.actors import SYSTEM
from kotacerdas.evaluation.spbe_models import SpbeAssessment
from kotacerdas.evaluation.spbe_services import start_spbe
from kotacerdas.regions.models import Region


def assessment(region: Region, year: int = 2025, **levels: int) -> SpbeAssessment:
    """A self-assessment with levels set directly, by indicator number (``n11=3``)."""
    found = SpbeAssessment.objects.filter(region=region, year=year).first()
    if found is None:
        found = start_spbe(region, actor=SYSTEM, year=year)
    for key, level in levels.items():
        found.scores.filter(indicator__number=int(key[1:])).update(level=level)
    return found


def set_all(found: SpbeAssessment, level: int) -> None:
    found.scores.update(level=level)
