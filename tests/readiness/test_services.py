"""State changes of readiness assessments: answers, evidence, submission, SWOT, audit."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from kotacerdas.accounts.actors import SYSTEM
from kotacerdas.framework.models import Instrument, InstrumentItem
from kotacerdas.lib.concurrency import ConcurrentEditError
from kotacerdas.readiness import services
from kotacerdas.readiness.models import Answer, Assessment, Evidence, SwotEntry
from kotacerdas.regions.models import Agency, Region

from ..conftest import World

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
SHIPPED_ITEMS = 59  # the default Kominfo instrument (framework/data/readiness-kominfo-2021.yaml)


def _first(assessment: Assessment) -> Answer:
    """The first item, in the first dimension, assigned to agency A by the fixture."""
    return assessment.answers.select_related("assessment__instrument", "item").order_by(
        "item__position"
    )[0]


def _stored_files(root: Path) -> list[Path]:
    return [path for path in root.rglob("*") if path.is_file()]


def _messages(exc: pytest.ExceptionInfo[ValidationError], field: str) -> str:
    assert field in exc.value.message_dict, exc.value.message_dict
    return " ".join(exc.value.message_dict[field])


# --- starting an assessment ----------------------------------------------------------


def test_start_creates_one_empty_answer_per_item_of_the_latest_instrument(world: World) -> None:
    assessment = services.start_assessment(world.region, 2026, actor=world.users["coordinator"])
    instrument = Instrument.objects.filter(published_at__isnull=False).latest("published_at")
    assert assessment.instrument == instrument
    assert assessment.status == Assessment.Status.DRAFT
    assert assessment.answers.count() == SHIPPED_ITEMS == instrument.items.count()
    assert set(assessment.answers.values_list("item_id", flat=True)) == set(
        instrument.items.values_list("pk", flat=True)
    )
    assert not assessment.answers.filter(level__isnull=False).exists()
    assert assessment.created_by == world.users["coordinator"]


def test_start_refuses_a_second_assessment_for_the_same_year(world: World) -> None:
    services.start_assessment(world.region, 2026, actor=world.users["coordinator"])
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        services.start_assessment(world.region, 2026, actor=world.users["coordinator"])
    assert "2026" in _messages(caught, "year")
    assert Assessment.objects.filter(region=world.region).count() == 1
    assert Answer.objects.filter(assessment__region=world.region).count() == SHIPPED_ITEMS


@pytest.mark.parametrize("offset", ["too_early", "too_late"])
def test_start_refuses_years_outside_2017_to_next_year(world: World, offset: str) -> None:
    next_year = timezone.now().year + 1
    year = 2016 if offset == "too_early" else next_year + 1
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        services.start_assessment(world.region, year, actor=world.users["coordinator"])
    message = _messages(caught, "year")
    assert "2017" in message and str(next_year) in message
    assert not Assessment.objects.filter(region=world.region).exists()


def test_start_accepts_the_first_and_last_year_of_the_range(world: World) -> None:
    next_year = timezone.now().year + 1
    for year in (2017, next_year):
        services.start_assessment(world.region, year, actor=world.users["coordinator"])
    years = Assessment.objects.filter(region=world.region).values_list("year", flat=True)
    assert sorted(years) == [2017, next_year]


# --- answers -------------------------------------------------------------------------


@pytest.mark.parametrize("level", [6, 9, -1])
def test_save_answer_refuses_a_level_outside_the_scale(
    world: World, assessment: Assessment, level: int
) -> None:
    answer = _first(assessment)
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        services.save_answer(
            answer, level=level, justification="Ada", actor=world.users["editor_a"]
        )
    assert str(level) in _messages(caught, "level")
    answer.refresh_from_db()
    assert answer.level is None and answer.justification == "" and answer.answered_by is None


def test_save_answer_records_who_answered_and_when(world: World, assessment: Assessment) -> None:
    answer = _first(assessment)
    before = timezone.now()
    services.save_answer(
        answer,
        level=3,
        justification="  Perwal No. 12/2024 tentang SPBE  ",
        actor=world.users["editor_a"],
        opened_version=answer.version,
    )
    answer.refresh_from_db()
    assert answer.level == 3
    assert answer.justification == "Perwal No. 12/2024 tentang SPBE"
    assert answer.answered_by == world.users["editor_a"]
    assert answer.answered_at is not None and before <= answer.answered_at <= timezone.now()


def test_save_answer_accepts_the_ends_of_the_scale_and_clearing(
    world: World, assessment: Assessment
) -> None:
    answer = _first(assessment)
    for level in (0, 5, None):
        services.save_answer(answer, level=level, justification="", actor=world.users["editor_a"])
        answer.refresh_from_db()
        assert answer.level == level


def test_a_stale_form_is_told_about_the_concurrent_edit(
    world: World, assessment: Assessment
) -> None:
    answer = _first(assessment)
    opened = answer.version
    services.save_answer(
        answer,
        level=2,
        justification="Diisi koordinator",
        actor=world.users["coordinator"],
        opened_version=opened,
    )
    with pytest.raises(ConcurrentEditError) as caught:
        services.save_answer(
            answer,
            level=4,
            justification="Diisi editor",
            actor=world.users["editor_a"],
            opened_version=opened,
        )
    current = caught.value.current
    assert (current.level, current.justification) == (2, "Diisi koordinator")  # type: ignore[attr-defined]
    answer.refresh_from_db()
    assert (answer.level, answer.answered_by) == (2, world.users["coordinator"])


def test_answer_change_enters_the_audit_trail_with_its_actor(
    world: World, assessment: Assessment
) -> None:
    answer = _first(assessment)
    services.save_answer(answer, level=3, justification="Ada SK tim", actor=world.users["editor_a"])
    entry = LogEntry.objects.get_for_object(answer).order_by("-pk").first()
    assert entry is not None
    assert entry.actor == world.users["editor_a"]
    assert entry.changes_dict["level"][1] == "3"
    assert entry.changes_dict["justification"][1] == "Ada SK tim"
    assert entry.additional_data == {"region_id": world.region.pk}


# --- evidence ------------------------------------------------------------------------


def test_a_real_pdf_is_stored_under_a_generated_name(
    world: World, assessment: Assessment, media_root: Path
) -> None:
    upload = SimpleUploadedFile("perwal spbe.pdf", PDF, content_type="application/pdf")
    evidence = services.add_evidence(
        _first(assessment), title="Perwal SPBE", upload=upload, actor=world.users["editor_a"]
    )
    stored = _stored_files(media_root)
    assert len(stored) == 1
    assert stored[0].read_bytes() == PDF
    assert stored[0].suffix == ".pdf" and "perwal" not in stored[0].name
    assert evidence.size == len(PDF) and evidence.title == "Perwal SPBE"
    assert Evidence.objects.get(pk=evidence.pk).file.read() == PDF


def test_a_link_is_evidence_too(world: World, assessment: Assessment, media_root: Path) -> None:
    evidence = services.add_evidence(
        _first(assessment),
        title="JDIH",
        url="https://jdih.bengkulukota.go.id/perwal-12-2024",
        actor=world.users["editor_a"],
    )
    assert Evidence.objects.get(pk=evidence.pk).url.endswith("perwal-12-2024")
    assert not evidence.file and _stored_files(media_root) == []


def _bad_upload(case: str) -> SimpleUploadedFile:
    if case == "exe":
        return SimpleUploadedFile("setup.exe", b"MZ\x90\x00" + b"\x00" * 60)
    if case == "text_named_pdf":
        return SimpleUploadedFile("laporan.pdf", b"Ini bukan PDF, hanya teks biasa.\n")
    return SimpleUploadedFile("besar.pdf", PDF + b"0" * 2048)


@pytest.mark.parametrize(
    ("case", "words"),
    [
        ("exe", "not an accepted file type"),
        ("text_named_pdf", "does not contain what its name says"),
        ("too_big", "the limit is"),
    ],
)
def test_a_bad_file_is_refused_and_nothing_is_stored(
    world: World,
    assessment: Assessment,
    media_root: Path,
    settings: Any,
    case: str,
    words: str,
) -> None:
    settings.DOCUMENT_MAX_BYTES = 1024
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        services.add_evidence(
            _first(assessment), title="", upload=_bad_upload(case), actor=world.users["editor_a"]
        )
    assert words in _messages(caught, "file")
    assert not Evidence.objects.exists()
    assert _stored_files(media_root) == []


def test_evidence_needs_a_file_or_a_link_not_both(
    world: World, assessment: Assessment, media_root: Path
) -> None:
    answer = _first(assessment)
    with pytest.raises(ValidationError) as neither:
        services.add_evidence(answer, title="Kosong", actor=world.users["editor_a"])
    assert "file" in neither.value.message_dict
    upload = SimpleUploadedFile("sk.pdf", PDF)
    with pytest.raises(ValidationError) as both:
        services.add_evidence(
            answer,
            title="Dua",
            upload=upload,
            url="https://example.go.id/sk.pdf",
            actor=world.users["editor_a"],
        )
    assert "file" in both.value.message_dict
    assert not Evidence.objects.exists() and _stored_files(media_root) == []


# --- submission and return -----------------------------------------------------------


def test_a_submitted_assessment_is_read_only(
    world: World, assessment: Assessment, media_root: Path
) -> None:
    services.submit_assessment(
        assessment, actor=world.users["coordinator"], confirm_incomplete=True
    )
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.SUBMITTED
    assert assessment.submitted_by == world.users["coordinator"]
    answer = _first(assessment)
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        services.save_answer(answer, level=4, justification="", actor=world.users["coordinator"])
    assert "read-only" in " ".join(caught.value.messages)
    coordinator = world.users["coordinator"]
    assert coordinator is not None
    with pytest.raises(ValidationError):
        services.add_evidence(answer, title="x", url="https://example.go.id", actor=coordinator)
    with pytest.raises(ValidationError):
        services.create_swot_entry(assessment, kind="strength", text="x", actor=coordinator)
    with pytest.raises(ValidationError):
        services.assign_items(assessment, {answer.item_id: world.agency_b}, actor=coordinator)
    with pytest.raises(ValidationError):
        services.submit_assessment(
            assessment, actor=world.users["coordinator"], confirm_incomplete=True
        )
    answer.refresh_from_db()
    assert answer.level is None and answer.agency == world.agency_a
    assert not Evidence.objects.exists() and not assessment.swot.exists()


def test_returning_needs_a_comment(world: World, assessment: Assessment) -> None:
    services.submit_assessment(
        assessment, actor=world.users["coordinator"], confirm_incomplete=True
    )
    with pytest.raises(ValidationError) as caught:
        services.return_assessment(assessment, comment="   ", actor=world.users["assessor"])
    assert "comment" in caught.value.message_dict
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.SUBMITTED


def test_only_a_submitted_assessment_can_be_returned(world: World, assessment: Assessment) -> None:
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        services.return_assessment(
            assessment, comment="Lengkapi bukti", actor=world.users["assessor"]
        )
    assert "submitted" in " ".join(caught.value.messages)
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.DRAFT and assessment.return_comment == ""


def test_a_returned_assessment_carries_the_comment_and_can_be_edited_again(
    world: World, assessment: Assessment
) -> None:
    services.submit_assessment(
        assessment, actor=world.users["coordinator"], confirm_incomplete=True
    )
    services.return_assessment(
        assessment, comment="  Lengkapi bukti dukung dimensi 2.  ", actor=world.users["assessor"]
    )
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.RETURNED
    assert assessment.return_comment == "Lengkapi bukti dukung dimensi 2."
    assert assessment.returned_by == world.users["assessor"]
    answer = services.save_answer(
        _first(assessment), level=4, justification="", actor=world.users["editor_a"]
    )
    assert answer.level == 4


# --- assignment ----------------------------------------------------------------------


def test_items_cannot_be_assigned_to_another_regions_agency(
    world: World, assessment: Assessment
) -> None:
    foreign = Agency.objects.get(region=world.other_region, code="diskominfo")
    first, second = assessment.answers.order_by("item__position")[:2]
    with pytest.raises(ValidationError):
        services.assign_items(
            assessment,
            {first.item_id: world.agency_b, second.item_id: foreign},
            actor=world.users["coordinator"],
        )
    # nothing half-saved: the first item kept its agency too
    assert set(
        assessment.answers.filter(pk__in=[first.pk, second.pk]).values_list("agency", flat=True)
    ) == {world.agency_a.pk}


def test_assignment_counts_what_changed(world: World, assessment: Assessment) -> None:
    first, second = assessment.answers.order_by("item__position")[:2]
    changed = services.assign_items(
        assessment,
        {first.item_id: world.agency_b, second.item_id: world.agency_a},
        actor=world.users["coordinator"],
    )
    assert changed == 1
    first.refresh_from_db()
    assert first.agency == world.agency_b


# --- SWOT ----------------------------------------------------------------------------


def _swot(assessment: Assessment, kind: str, text: str, **links: Any) -> SwotEntry:
    return services.create_swot_entry(assessment, kind=kind, text=text, actor=SYSTEM, **links)


def test_swot_entries_are_numbered_per_kind(assessment: Assessment) -> None:
    labels = [
        _swot(assessment, "strength", "Jaringan fiber ke semua OPD").label,
        _swot(assessment, "strength", "Pusat data kota").label,
        _swot(assessment, "weakness", "Belum ada Perwal SPBE").label,
        _swot(assessment, "threat", "Anggaran TIK turun").label,
    ]
    assert labels == ["S1", "S2", "W1", "T1"]


def test_swot_labels_stay_when_another_entry_is_deleted(assessment: Assessment) -> None:
    first = _swot(assessment, "weakness", "Satu")
    second = _swot(assessment, "weakness", "Dua")
    services.delete_swot_entry(first, actor=SYSTEM)
    second.refresh_from_db()
    assert second.label == "W2"
    assert _swot(assessment, "weakness", "Tiga").label == "W3"


def test_a_removed_swot_label_is_never_given_again(assessment: Assessment) -> None:
    """Strategy cites entries by label: removing W2 must not let a new entry become W2."""
    first = services.create_swot_entry(assessment, kind="weakness", text="A", actor=SYSTEM)
    second = services.create_swot_entry(assessment, kind="weakness", text="B", actor=SYSTEM)
    services.delete_swot_entry(second, actor=SYSTEM)
    third = services.create_swot_entry(assessment, kind="weakness", text="C", actor=SYSTEM)
    assert (first.label, third.label) == ("W1", "W3")
    removed = SwotEntry.objects.get(pk=second.pk)
    assert removed.removed_at is not None and removed.text == "B"


def test_swot_entry_keeps_its_label_when_edited(assessment: Assessment) -> None:
    entry = _swot(assessment, "opportunity", "Program nasional 100 smart city")
    updated = services.update_swot_entry(
        entry, text="Program Gerakan Menuju Smart City", actor=SYSTEM, opened_version=entry.version
    )
    assert updated.label == "O1" and updated.text == "Program Gerakan Menuju Smart City"


def test_swot_refuses_an_item_of_another_instrument(assessment: Assessment) -> None:
    mine = assessment.instrument
    other = Instrument.objects.create(
        code="other-readiness",
        number="1",
        framework=mine.framework,
        name_id="Instrumen lain",
        name_en="Another instrument",
        checksum="0" * 64,
    )
    template = mine.items.select_related("aspect").first()
    assert template is not None
    aspect = other.aspects.create(code="structure", position=1, name_id="S", name_en="S")
    foreign = InstrumentItem.objects.create(
        instrument=other,
        code="x_01",
        position=1,
        dimension=template.dimension,
        aspect=aspect,
        question_id="?",
        question_en="?",
        weight=1,
        target_level=3,
    )
    with pytest.raises(ValidationError) as caught:
        _swot(assessment, "weakness", "Tidak ada tim", items=[template, foreign])
    assert "items" in caught.value.message_dict
    with pytest.raises(ValidationError) as by_aspect:
        _swot(assessment, "weakness", "Tidak ada tim", aspect=aspect)
    assert "aspect" in by_aspect.value.message_dict
    assert not assessment.swot.exists()


def test_swot_entry_links_to_its_source_items(assessment: Assessment) -> None:
    item = _first(assessment).item
    entry = _swot(
        assessment,
        "weakness",
        "Belum ada tim",
        items=[item],
        aspect=item.aspect,
        dimension=item.dimension,
    )
    assert list(entry.items.all()) == [item]
    assert (entry.aspect, entry.dimension) == (item.aspect, item.dimension)


def test_a_stale_swot_edit_is_refused(assessment: Assessment) -> None:
    entry = _swot(assessment, "threat", "Serangan siber")
    opened = entry.version
    services.update_swot_entry(
        entry, text="Serangan ransomware", actor=SYSTEM, opened_version=opened
    )
    with pytest.raises(ConcurrentEditError):
        services.update_swot_entry(entry, text="Bencana", actor=SYSTEM, opened_version=opened)
    entry.refresh_from_db()
    assert entry.text == "Serangan ransomware"


def test_start_works_for_any_kabupaten_or_kota(db: Any) -> None:
    region = Region.objects.get(code="17.01")
    assessment = services.start_assessment(region, 2025, actor=SYSTEM)
    assert assessment.answers.count() == SHIPPED_ITEMS


def test_removing_evidence_deletes_its_file(
    world: World,
    assessment: Assessment,
    media_root: Path,
    django_capture_on_commit_callbacks: Any,
) -> None:
    evidence = services.add_evidence(
        _first(assessment),
        title="Perwal",
        upload=SimpleUploadedFile("perwal.pdf", PDF),
        actor=world.users["editor_a"],
    )
    assert len(_stored_files(media_root)) == 1
    with django_capture_on_commit_callbacks(execute=True):
        services.remove_evidence(evidence, actor=world.users["editor_a"])
    assert not Evidence.objects.exists()
    assert _stored_files(media_root) == []


def test_an_assessment_stays_on_the_instrument_it_started_with(
    world: World, assessment: Assessment, new_instrument: Instrument
) -> None:
    shipped = assessment.instrument
    assert shipped != new_instrument
    later = services.start_assessment(world.region, 2025, actor=world.users["coordinator"])
    assert later.instrument == new_instrument
    assert later.answers.count() == new_instrument.items.count() == 6
    assessment.refresh_from_db()
    assert assessment.instrument == shipped
    assert assessment.answers.count() == SHIPPED_ITEMS
    assert not assessment.answers.filter(item__instrument=new_instrument).exists()


# --- the current rows decide, not the objects handed in -------------------------------


def test_the_state_is_read_from_the_locked_assessment_not_a_stale_copy(
    world: World, assessment: Assessment
) -> None:
    """A caller holding the assessment as it was before submission cannot write to it."""
    answer = _first(assessment)
    assert answer.assessment.is_editable  # loaded before the submission
    services.submit_assessment(
        assessment, actor=world.users["coordinator"], confirm_incomplete=True
    )
    with pytest.raises(ValidationError):
        services.save_answer(answer, level=4, justification="", actor=world.users["editor_a"])
    with pytest.raises(ValidationError):
        services.create_swot_entry(
            answer.assessment, kind="strength", text="x", actor=world.users["coordinator"]
        )
    assert Answer.objects.get(pk=answer.pk).level is None
    assert not SwotEntry.objects.exists()


def test_the_permission_is_checked_on_the_stored_answer(
    world: World, assessment: Assessment
) -> None:
    """Agency A's editor opened the item, then the coordinator gave it to agency B."""
    answer = _first(assessment)
    assert answer.agency == world.agency_a
    services.assign_items(
        assessment, {answer.item_id: world.agency_b}, actor=world.users["coordinator"]
    )
    with pytest.raises(PermissionDenied):
        services.save_answer(answer, level=4, justification="", actor=world.users["editor_a"])
    assert Answer.objects.get(pk=answer.pk).level is None


def test_a_stale_return_is_refused_and_the_stored_comment_stays(
    world: World, assessment: Assessment
) -> None:
    submitted = services.submit_assessment(
        assessment, actor=world.users["coordinator"], confirm_incomplete=True
    )
    opened = submitted.version
    services.return_assessment(
        submitted, comment="Lengkapi bukti", actor=world.users["assessor"], opened_version=opened
    )
    services.submit_assessment(
        assessment, actor=world.users["coordinator"], confirm_incomplete=True
    )
    with pytest.raises(ConcurrentEditError):
        services.return_assessment(
            assessment,
            comment="Komentar lama",
            actor=world.users["assessor"],
            opened_version=opened,
        )
    stored = Assessment.objects.get(pk=assessment.pk)
    assert stored.status == Assessment.Status.SUBMITTED
    assert stored.return_comment == "Lengkapi bukti"


def test_a_removed_swot_entry_cannot_be_edited(world: World, assessment: Assessment) -> None:
    entry = _swot(assessment, "threat", "Serangan siber")
    services.delete_swot_entry(entry, actor=world.users["coordinator"])
    with pytest.raises(ValidationError):
        services.update_swot_entry(entry, text="Bencana", actor=world.users["coordinator"])
    assert SwotEntry.objects.get(pk=entry.pk).text == "Serangan siber"
