"""The SPBE self-assessment's services: who fills what, bad input, the workflow."""

from __future__ import annotations

from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from kotacerdas.accounts.actors import SYSTEM
from kotacerdas.evaluation import spbe_queries as queries
from kotacerdas.evaluation import spbe_services as services
from kotacerdas.evaluation.spbe_models import SpbeAssessment, SpbeEvidence

from ..conftest import World
from .spbe_factories import assessment, set_all

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def test_start_creates_every_indicator_with_the_usual_agency(world: World) -> None:
    found = services.start_spbe(world.region, actor=world.users["coordinator"], year=2025)
    assert found.scores.count() == 47
    assert found.scores.get(indicator__number=11).agency == world.agency_a  # Diskominfo
    assert found.scores.get(indicator__number=47).agency == world.agency_b  # Dinkes
    assert found.instrument.code == "spbe-2020"


def test_a_second_self_assessment_for_the_same_year_is_refused(world: World) -> None:
    services.start_spbe(world.region, actor=world.users["coordinator"], year=2025)
    with pytest.raises(ValidationError) as caught:
        services.start_spbe(world.region, actor=world.users["coordinator"], year=2025)
    assert caught.value.message_dict == {
        "year": ["Daerah ini sudah memiliki penilaian mandiri SPBE untuk tahun ini."]
    }
    assert SpbeAssessment.objects.filter(region=world.region).count() == 1


def test_the_responsible_agency_fills_its_indicator_and_no_other(world: World) -> None:
    found = assessment(world.region)
    own = found.scores.get(indicator__number=11)
    services.save_spbe_score(own, actor=world.users["editor_a"], level=3, explanation="Perwal")
    own.refresh_from_db()
    assert (own.level, own.explanation) == (3, "Perwal")
    with pytest.raises(PermissionDenied):
        services.save_spbe_score(own, actor=world.users["editor_b"], level=5)
    own.refresh_from_db()
    assert own.level == 3


@pytest.mark.parametrize("level", [-1, 6, 10])
def test_a_level_outside_0_to_5_is_refused(world: World, level: int) -> None:
    score = assessment(world.region).scores.get(indicator__number=1)
    with pytest.raises(ValidationError) as caught:
        services.save_spbe_score(score, actor=world.users["coordinator"], level=level)
    assert caught.value.message_dict == {
        "level": ["Tingkat adalah bilangan bulat dari 0 sampai 5."]
    }
    score.refresh_from_db()
    assert score.level == 0


def test_evidence_goes_through_the_upload_check(world: World) -> None:
    score = assessment(world.region).scores.get(indicator__number=11)
    services.add_spbe_evidence(
        score,
        actor=world.users["editor_a"],
        title="Perwal Arsitektur SPBE",
        file=SimpleUploadedFile("perwal.pdf", PDF),
    )
    with pytest.raises(ValidationError) as caught:
        services.add_spbe_evidence(
            score,
            actor=world.users["editor_a"],
            title="Bukan PDF",
            file=SimpleUploadedFile("palsu.pdf", b"MZ not a pdf"),
        )
    assert "file" in caught.value.message_dict
    assert list(SpbeEvidence.objects.values_list("title", flat=True)) == ["Perwal Arsitektur SPBE"]


def test_submitted_levels_no_longer_change_and_publishing_shows_it_to_others(world: World) -> None:
    found = assessment(world.region)
    other = world.users["other_coordinator"]
    assert not queries.assessments_visible_to(other).filter(pk=found.pk).exists()
    services.submit_spbe(found, actor=world.users["coordinator"])
    score = found.scores.get(indicator__number=1)
    with pytest.raises(ValidationError, match="hanya dapat diubah selama masih draf"):
        services.save_spbe_score(score, actor=world.users["coordinator"], level=4)
    services.publish_spbe(found, actor=world.users["coordinator"])
    assert queries.assessments_visible_to(other).filter(pk=found.pk).exists()


def test_sheet_index_predicate_and_next_steps(world: World) -> None:
    found = assessment(world.region)
    set_all(found, 3)
    sheet = queries.sheet(found)
    assert sheet.index == Decimal(3)
    assert sheet.predicate == "baik"
    assert sheet.target == "sangat_baik"
    # +0.5 with the heaviest steps: the six public-service indicators (3 %) from 3 to 5
    # give 0.36, then six steps of 2.75 % (0.165) the rest: 18 steps, the fewest possible.
    assert sheet.steps is not None
    assert sum(p.step.count for p in sheet.steps) == 18
    public = [p for p in sheet.steps if p.indicator.number >= 42]
    assert [(p.indicator.number, p.step.to_level) for p in public] == [
        (n, 5) for n in range(42, 48)
    ]
    assert sum(p.step.count for p in sheet.steps if 32 <= p.indicator.number <= 41) == 6
    assert len(sheet.untagged) == 47


def test_a_submitted_self_assessment_goes_back_to_draft_with_its_reason(world: World) -> None:
    found = services.submit_spbe(assessment(world.region), actor=SYSTEM)
    coordinator = world.users["coordinator"]
    with pytest.raises(ValidationError, match="Jelaskan mengapa"):
        services.return_spbe_to_draft(found, actor=coordinator, reason="  ")
    found.refresh_from_db()
    assert found.status == SpbeAssessment.Status.SUBMITTED
    services.return_spbe_to_draft(found, actor=coordinator, reason="Bukti indikator 11 kurang")
    found.refresh_from_db()
    assert found.status == SpbeAssessment.Status.DRAFT
    assert found.return_reason == "Bukti indikator 11 kurang"
    score = found.scores.get(indicator__number=11)
    services.save_spbe_score(score, actor=coordinator, level=2)  # levels change again
    assert LogEntry.objects.get_for_object(found).filter(actor=coordinator).exists()
    with pytest.raises(ValidationError, match="Hanya penilaian mandiri yang sudah dikirim"):
        services.return_spbe_to_draft(found, actor=coordinator, reason="Lagi")
