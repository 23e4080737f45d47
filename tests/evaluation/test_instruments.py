"""Evaluation instruments are data: shipped files load, bad files are refused whole."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kotacerdas.accounts.actors import SYSTEM
from kotacerdas.evaluation import instruments
from kotacerdas.evaluation.models import EvaluationInstrument
from kotacerdas.framework.loader import CatalogueError

from ..conftest import World
from .factories import open_round

D = Decimal


def test_shipped_instruments_are_loaded_with_their_weights(db: None) -> None:
    current = EvaluationInstrument.objects.get(number="2024")
    older = EvaluationInstrument.objects.get(number="2019")
    assert current.weights() == {
        "baseline": D("0.10"),
        "output": D("0.20"),
        "outcome": D("0.30"),
        "impact": D("0.20"),
        "quick_win": D("0.20"),
    }
    assert older.weights()["impact"] == D("0.30")
    assert older.weights()["quick_win"] == D("0.10")
    assert (current.scale_min, current.scale_max) == (1, 4)
    # Five components × six dimensions, with guidance in both languages.
    assert len(current.criteria) == 30
    assert current.criteria[0]["guidance"]["en"]


def test_weights_not_summing_to_one_are_refused_naming_file_and_entry(db: None) -> None:
    raw = (instruments.DATA_DIR / "evaluation-2024.yaml").read_text()
    raw = raw.replace('weight: "0.20"', 'weight: "0.25"', 1).replace(
        'version: "2024"', 'version: "x"'
    )
    before = EvaluationInstrument.objects.count()
    with pytest.raises(CatalogueError) as refused:
        instruments.load_instrument(raw.encode(), "evaluation-x.yaml", actor=SYSTEM)
    message = str(refused.value)
    assert message.startswith("evaluation-x.yaml: ")
    assert "components > weight" in message
    assert "1.05" in message
    assert EvaluationInstrument.objects.count() == before


def test_a_missing_criterion_and_an_unknown_dimension_are_named(db: None) -> None:
    raw = (instruments.DATA_DIR / "evaluation-2024.yaml").read_text()
    raw = raw.replace("dimension: environment", "dimension: weather", 1)
    with pytest.raises(CatalogueError) as refused:
        instruments.load_instrument(raw.encode(), "evaluation-y.yaml", actor=SYSTEM)
    message = str(refused.value)
    assert "unknown dimension 'weather'" in message
    assert "no criterion for baseline/environment" in message


def test_a_score_scale_out_of_order_is_refused(db: None) -> None:
    raw = (instruments.DATA_DIR / "evaluation-2024.yaml").read_text()
    raw = raw.replace("  max: 4", "  max: 1", 1)
    with pytest.raises(CatalogueError, match="scale: max must be above min"):
        instruments.load_instrument(raw.encode(), "evaluation-z.yaml", actor=SYSTEM)


def test_an_instrument_a_round_uses_never_changes(world: World) -> None:
    open_round(world)
    raw = (instruments.DATA_DIR / "evaluation-2024.yaml").read_text()
    raw = raw.replace("Instrumen Evaluasi Smart City 2024", "Diubah", 1)
    with pytest.raises(CatalogueError, match="new version number"):
        instruments.load_instrument(raw.encode(), "evaluation-2024.yaml", actor=SYSTEM)
    assert EvaluationInstrument.objects.get(number="2024").name_id != "Diubah"


def test_loading_an_unchanged_file_again_changes_nothing(db: None) -> None:
    outcome = instruments.load_instrument_file(
        instruments.DATA_DIR / "evaluation-2024.yaml", actor=SYSTEM
    )
    assert outcome.action == "unchanged"
