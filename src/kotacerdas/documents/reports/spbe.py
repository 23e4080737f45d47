"""The report of one SPBE assessment: the index overall, per domain and per aspect, the
predicate, each indicator's level with its level name, and the indicators to raise to
reach the next predicate band.

Everything comes from ``evaluation.spbe_queries.sheet`` (the maths is
``evaluation.spbe_scoring``'s), as on the assessment's page; nothing is recomputed here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kotacerdas.evaluation import spbe_queries
from kotacerdas.evaluation.spbe_models import SpbeAssessment
from kotacerdas.evaluation.spbe_queries import Sheet


@dataclass
class SpbeReport:
    language: str
    region_name: str
    province_name: str
    year: int
    instrument: str
    status_label: str
    day: dt.date
    sheet: Sheet


def build(assessment: SpbeAssessment, language: str) -> SpbeReport:
    """The report's content, in the active language (``language`` names it)."""
    sheet = spbe_queries.sheet(assessment)  # the next band above the current predicate
    region = assessment.region
    return SpbeReport(
        language=language,
        region_name=region.name,
        province_name=region.province.name if region.province else "",
        year=assessment.year,
        instrument=str(assessment.instrument.name),
        status_label=str(assessment.get_status_display()),
        day=dt.date(assessment.year, 12, 31),
        sheet=sheet,
    )
