"""The report of one yearly evaluation: the index overall and per dimension with its
formula written out with the actual numbers, each criterion's self-assessed and verified
score, the assessors' three-part report per dimension (Kelemahan / Kekuatan / Rekomendasi)
and the follow-up actions.

Everything comes from ``evaluation.queries.sheet`` (the maths is ``evaluation.scoring``'s),
as on the evaluation's page; nothing is recomputed here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kotacerdas.evaluation import queries
from kotacerdas.evaluation.models import Evaluation
from kotacerdas.evaluation.queries import Formula, Sheet


@dataclass(frozen=True)
class FollowUp:
    text: str
    dimension: str
    agency: str
    due: dt.date | None
    status_label: str


@dataclass
class EvaluationReport:
    language: str
    region_name: str
    province_name: str
    year: int
    instrument: str
    status_label: str
    published: bool
    day: dt.date
    notes: str
    sheet: Sheet
    follow_ups: list[FollowUp]

    @property
    def formula(self) -> Formula | None:
        return self.sheet.formula

    @property
    def self_formula(self) -> Formula | None:
        return self.sheet.self_formula


def build(evaluation: Evaluation, language: str) -> EvaluationReport:
    """The report's content, in the active language (``language`` names it)."""
    sheet = queries.sheet(evaluation)
    names = {section.code: section.name for section in sheet.sections}
    follow_ups = [
        FollowUp(
            action.text,
            names.get(action.dimension, action.dimension),
            action.agency.name if action.agency else "",
            action.due,
            str(action.get_status_display()),
        )
        for action in evaluation.follow_ups.select_related("agency").order_by("due", "pk")
    ]
    region = evaluation.region
    moment = evaluation.published_at or evaluation.verified_at
    return EvaluationReport(
        language=language,
        region_name=region.name,
        province_name=region.province.name if region.province else "",
        year=evaluation.year,
        instrument=str(evaluation.round.instrument),
        status_label=str(evaluation.get_status_display()),
        published=evaluation.status == Evaluation.Status.PUBLISHED,
        day=moment.date() if moment else dt.date(evaluation.year, 12, 31),
        notes=evaluation.verification_notes,
        sheet=sheet,
        follow_ups=follow_ups,
    )
