"""The evaluation's workflow: self-assessment, verification, result, follow-up, bad input."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from kotacerdas.accounts.actors import SYSTEM
from kotacerdas.evaluation import services
from kotacerdas.evaluation.models import Evaluation, Score
from kotacerdas.evaluation.services import AdjustmentIn, ScoreIn

from ..conftest import World
from .factories import cells, evaluation, fill, open_round

D = Decimal


def test_a_score_outside_the_scale_is_refused_and_nothing_saved(world: World) -> None:
    found = evaluation(world)
    cell = ("outcome", "living")
    with pytest.raises(ValidationError) as refused:
        services.save_scores(
            found,
            actor=world.users["coordinator"],  # type: ignore[arg-type]
            scores={("baseline", "living"): ScoreIn(3), cell: ScoreIn(5)},
        )
    assert refused.value.message_dict == {
        "score__outcome__living": ["A score is a whole number from 1 to 4."]
    }
    assert not Score.objects.filter(evaluation=found, self_score__isnull=False).exists()


def test_a_second_self_assessment_for_the_same_year_is_refused(world: World) -> None:
    evaluation(world)
    with pytest.raises(ValidationError) as refused:
        services.start_evaluation(world.region, actor=world.users["coordinator"], year=2025)  # type: ignore[arg-type]
    assert refused.value.message_dict == {
        "year": ["This region already has a self-assessment for this year."]
    }
    assert Evaluation.objects.filter(region=world.region, year=2025).count() == 1


def test_a_region_not_taking_part_cannot_start(world: World) -> None:
    open_round(world, regions=[world.other_region])
    with pytest.raises(ValidationError, match="No open evaluation round"):
        services.start_evaluation(world.region, actor=SYSTEM, year=2025)


def test_submitting_needs_every_score_and_keeps_the_self_index(world: World) -> None:
    found = evaluation(world)
    with pytest.raises(ValidationError, match="30 criteria have no score yet"):
        services.submit_evaluation(found, actor=SYSTEM)
    fill(found, 3)
    submitted = services.submit_evaluation(found, actor=SYSTEM)
    assert submitted.status == "submitted"
    assert submitted.self_index == D(3)
    with pytest.raises(ValidationError, match="not possible now"):
        services.save_scores(submitted, actor=SYSTEM, scores={})


def test_a_changed_score_needs_a_reason(world: World) -> None:
    found = evaluation(world, "submitted")
    assessor = world.users["assessor"]
    with pytest.raises(ValidationError) as refused:
        services.verify_scores(
            found,
            actor=assessor,
            adjustments={("impact", "economy"): AdjustmentIn(1)},  # type: ignore[arg-type]
        )
    assert refused.value.message_dict == {
        "reason__impact__economy": ["A changed score needs a reason."]
    }
    # The same score as the region's needs none, and stores no adjustment.
    services.verify_scores(
        found,
        actor=assessor,
        adjustments={("impact", "economy"): AdjustmentIn(3)},  # type: ignore[arg-type]
    )
    assert (
        Score.objects.get(evaluation=found, component="impact", dimension="economy").verified_score
        is None
    )


def test_verification_needs_the_three_part_report_for_every_dimension(world: World) -> None:
    found = evaluation(world, "submitted")
    with pytest.raises(ValidationError, match="Kelemahan, Kekuatan, Rekomendasi"):
        services.verify_evaluation(found, actor=SYSTEM)


def test_the_verified_index_uses_the_adjusted_score(world: World) -> None:
    found = evaluation(world, "verified")
    # All 3 except outcome/governance adjusted to 2: outcome's mean is 3 − 1/6;
    # index = 3 − 0.30 × 1/6 = 2.95 (unrounded 2.95).
    assert found.self_index == D(3)
    assert found.index is not None
    assert found.index.quantize(D("0.000001")) == D("2.950000")


def test_follow_up_actions_only_after_publication_and_within_the_region(world: World) -> None:
    verified = evaluation(world, "verified")
    with pytest.raises(ValidationError, match="not possible now"):
        services.add_follow_up(verified, actor=SYSTEM, text="Satu data")
    published = services.publish_evaluation(verified, actor=SYSTEM)
    with pytest.raises(ValidationError) as refused:
        services.add_follow_up(
            published, actor=SYSTEM, text="Satu data", agency=world.other_region.agencies.first()
        )
    assert "agency" in refused.value.message_dict
    action = services.add_follow_up(
        published, actor=SYSTEM, text="Satu data", agency=world.agency_a, due=dt.date(2026, 6, 30)
    )
    assert services.complete_follow_up(action, actor=SYSTEM).status == "done"


def test_only_an_assessor_of_the_region_can_be_assigned(world: World) -> None:
    evaluation_round = open_round(world)
    with pytest.raises(ValidationError) as refused:
        services.assign_assessor(
            evaluation_round,
            world.region,
            world.users["other_assessor"],
            actor=SYSTEM,  # type: ignore[arg-type]
        )
    assert "assessor" in refused.value.message_dict


def test_deadlines_out_of_order_are_refused(world: World) -> None:
    with pytest.raises(ValidationError) as refused:
        services.open_round(
            actor=SYSTEM,
            year=2030,
            instrument=open_round(world).instrument,
            regions=[world.region],
            self_assessment_due=dt.date(2030, 5, 1),
            verification_due=dt.date(2030, 4, 1),
        )
    assert "verification_due" in refused.value.message_dict


def test_cells_cover_every_component_and_dimension(world: World) -> None:
    assert len(cells(evaluation(world))) == 30
