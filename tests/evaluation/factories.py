"""Evaluation rounds and evaluations in each state, built through the services as SYSTEM."""

from __future__ import annotations

from collections.abc import Iterable

from kotacerdas.accounts.actors import SYSTEM
from kotacerdas.evaluation import services
from kotacerdas.evaluation.models import Evaluation, EvaluationInstrument, EvaluationRound
from kotacerdas.evaluation.services import AdjustmentIn, ScoreIn
from kotacerdas.regions.models import Region

from ..conftest import World


def instrument(number: str = "2024") -> EvaluationInstrument:
    return EvaluationInstrument.objects.get(code="smart_city_evaluation", number=number)


def open_round(
    world: World, year: int = 2025, regions: Iterable[Region] | None = None, number: str = "2024"
) -> EvaluationRound:
    evaluation_round = services.open_round(
        actor=SYSTEM,
        year=year,
        instrument=instrument(number),
        regions=list(regions) if regions is not None else [world.region, world.other_region],
    )
    assessor = world.users["assessor"]
    assert assessor is not None
    if evaluation_round.regions.filter(pk=world.region.pk).exists():
        services.assign_assessor(evaluation_round, world.region, assessor, actor=SYSTEM)
    return evaluation_round


def cells(evaluation: Evaluation) -> list[tuple[str, str]]:
    return [(c["component"], c["dimension"]) for c in evaluation.round.instrument.criteria]


def fill(evaluation: Evaluation, score: int = 3) -> Evaluation:
    return services.save_scores(
        evaluation,
        actor=SYSTEM,
        scores={
            cell: ScoreIn(score, "Narasi", "https://data.example.go.id")
            for cell in cells(evaluation)
        },
    )


def evaluation(
    world: World, status: str = "draft", year: int = 2025, region: Region | None = None
) -> Evaluation:
    """Kota Bengkulu's evaluation of ``year`` (its round opened if need be) in ``status``."""
    if not EvaluationRound.objects.filter(year=year).exists():
        open_round(world, year)
    found = services.start_evaluation(region or world.region, actor=SYSTEM, year=year)
    if status == "draft":
        return found
    fill(found)
    found = services.submit_evaluation(found, actor=SYSTEM)
    if status == "submitted":
        return found
    services.verify_scores(
        found,
        actor=SYSTEM,
        adjustments={("outcome", "governance"): AdjustmentIn(2, "Bukti kurang")},
        notes="Wawancara dengan Diskominfo",
    )
    for dimension in {d for _, d in cells(found)}:
        services.save_report_section(
            found,
            actor=SYSTEM,
            dimension=dimension,
            weaknesses="Data belum terpadu",
            strengths="Komitmen pimpinan",
            recommendations="Bangun satu data",
        )
    found = services.verify_evaluation(found, actor=SYSTEM)
    if status == "verified":
        return found
    return services.publish_evaluation(found, actor=SYSTEM)
