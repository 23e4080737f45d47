"""Applications, verification, imports and closing, through the services."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from openpyxl import Workbook

from kotacerdas.accounts.actors import SYSTEM
from kotacerdas.accounts.models import Membership, Role
from kotacerdas.accounts.scope import scope_of
from kotacerdas.framework.models import InstrumentItem
from kotacerdas.lib.xlsx import SpreadsheetError
from kotacerdas.readiness.models import Answer, Assessment
from kotacerdas.readiness.scoring import ItemInput, compute
from kotacerdas.regions.models import Region
from kotacerdas.selection import queries, services
from kotacerdas.selection.models import Application, Campaign, CriterionValue, RankingEntry

from ..conftest import World, make_user
from . import factories as f


@pytest.fixture(autouse=True)
def _english() -> Any:
    """Service messages are checked in English here; the pages check the Indonesian."""
    with translation.override("en"):
        yield


def _csv(text: str, name: str = "nilai.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(), content_type="text/csv")


def _xlsx(rows: list[list[Any]]) -> SimpleUploadedFile:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("nilai.xlsx", buffer.getvalue())


def _readiness_page_score(assessment: Assessment) -> float:
    """What the readiness module shows: its own compute over items and answers."""
    levels = dict(Answer.objects.filter(assessment=assessment).values_list("item_id", "level"))
    items = [
        ItemInput(
            i.pk, i.dimension.code, i.aspect.code, float(i.weight), i.target_level, levels.get(i.pk)
        )
        for i in InstrumentItem.objects.filter(instrument=assessment.instrument).select_related(
            "dimension", "aspect"
        )
    ]
    return compute(items, floor=assessment.instrument.scale_min).overall.current


def test_application_scores_match_the_readiness_module(world: World) -> None:
    campaign = f.campaign()
    # odd positions unanswered: they count as the lowest level, as on the readiness page
    app = f.apply(campaign, world.region, level=lambda p: None if p % 2 else 4)
    assert app.self_score == _readiness_page_score(app.assessment)
    assert 0 < app.self_score < 4
    assert app.verified_score == app.self_score
    assert app.status == Application.Status.SUBMITTED


def test_a_region_applies_only_with_its_own_submitted_assessment(world: World) -> None:
    campaign = f.campaign()
    draft = f.submitted_assessment(world.region)
    draft.status = Assessment.Status.DRAFT
    draft.save()
    with pytest.raises(ValidationError, match="submitted readiness assessment"):
        services.submit_application(campaign, world.region, draft, actor=SYSTEM)
    others = f.submitted_assessment(world.other_region)
    with pytest.raises(ValidationError):
        services.submit_application(campaign, world.region, others, actor=SYSTEM)
    assert not Application.objects.exists()


def test_invited_only_campaign_refuses_other_regions(world: World) -> None:
    campaign = f.campaign(open_to_all=False)
    campaign.invited_regions.set([world.other_region])
    with pytest.raises(ValidationError, match="not invited"):
        f.apply(campaign, world.region)
    assert f.apply(campaign, world.other_region).pk


def test_required_document_type_and_size_are_checked(world: World, settings: Any) -> None:
    settings.DOCUMENT_MAX_BYTES = 1000
    campaign = f.campaign()
    crit = f.criterion(campaign, requires_document=True)
    assessment = f.submitted_assessment(world.region)
    with pytest.raises(ValidationError, match="required document"):
        services.submit_application(campaign, world.region, assessment, actor=SYSTEM)
    exe = SimpleUploadedFile("surat.exe", b"MZ...", content_type="application/octet-stream")
    fake = f.pdf(content=b"not really a pdf")
    big = f.pdf(content=b"%PDF-" + b"0" * 1000)
    for upload, refusal in (
        (exe, "not an accepted file type"),
        (fake, "does not contain what its name says"),
        (big, "the limit is 1000"),
    ):
        with pytest.raises(ValidationError, match=refusal):
            services.submit_application(
                campaign, world.region, assessment, actor=SYSTEM, documents={crit.pk: upload}
            )
    assert not Application.objects.exists()
    app = services.submit_application(
        campaign, world.region, assessment, actor=SYSTEM, documents={crit.pk: f.pdf()}
    )
    value = app.values.get()
    assert value.document_name == "surat-komitmen.pdf"
    assert value.document.name.startswith("selection/criterionvalue/")
    assert "surat" not in value.document.name


def test_assigning_an_assessor_lets_them_read_the_region(world: World) -> None:
    campaign = f.campaign()
    app = f.apply(campaign, world.other_region)
    assessor = world.users["assessor"]
    assert world.other_region.pk not in scope_of(assessor).member_regions
    services.assign_assessor(app, assessor, actor=world.users["national_admin"])
    assert Membership.objects.filter(
        user=assessor, role=Role.ASSESSOR, region=world.other_region
    ).exists()
    assert assessor.has_perm("selection.verify_application", Application.objects.get(pk=app.pk))
    assert assessor.has_perm("regions.view_region_data", world.other_region)
    # only users holding the assessor role can be assigned
    with pytest.raises(ValidationError, match="assessor role"):
        services.assign_assessor(app, world.users["coordinator"], actor=SYSTEM)


def test_verification_adjusts_levels_with_a_reason_and_keeps_the_answer(world: World) -> None:
    campaign = f.campaign()
    app = f.apply(campaign, world.region, level=3)
    services.assign_assessor(app, world.users["assessor"], actor=SYSTEM)
    item = app.assessment.instrument.items.order_by("position").first()
    assert item is not None
    with pytest.raises(ValidationError) as missing:
        services.verify_application(
            app, {item.pk: services.Adjustment(1, "")}, actor=SYSTEM, notes="", complete=True
        )
    assert f"reason_{item.pk}" in missing.value.message_dict
    with pytest.raises(ValidationError) as outside:
        services.verify_application(
            app, {item.pk: services.Adjustment(9, "x")}, actor=SYSTEM, notes="", complete=True
        )
    assert f"level_{item.pk}" in outside.value.message_dict
    assert not app.verified_levels.exists()
    services.verify_application(
        app,
        {item.pk: services.Adjustment(0, "Tidak ada SK")},
        actor=world.users["assessor"],
        notes="Wawancara dengan Sekda",
        complete=True,
    )
    app.refresh_from_db()
    assert app.status == Application.Status.VERIFIED
    assert app.verified_score < app.self_score
    assert app.verification.interview_notes == "Wawancara dengan Sekda"
    assert Answer.objects.get(assessment=app.assessment, item=item).level == 3  # kept
    # clearing the adjustment gives the region's own score back
    services.verify_application(
        app, {item.pk: services.Adjustment(None)}, actor=SYSTEM, notes="", complete=True
    )
    app.refresh_from_db()
    assert app.verified_score == app.self_score


def test_import_saves_all_rows_from_csv_and_xlsx(world: World) -> None:
    campaign = f.campaign()
    f.criterion(campaign, "fiscal")
    f.criterion(campaign, "poverty", value_max=Decimal(40), lower_is_better=True)
    bengkulu = f.apply(campaign, world.region)
    f.apply(campaign, world.other_region)
    assert (
        services.import_values(
            campaign, _csv("region;fiscal;poverty\n17.71;7,5;12\n13.75;3;\n"), actor=SYSTEM
        )
        == 3
    )
    assert CriterionValue.objects.get(
        application=bengkulu, criterion__code="fiscal"
    ).value == Decimal("7.5")
    assert (
        services.import_values(campaign, _xlsx([["kode", "fiscal"], [17.71, 9]]), actor=SYSTEM) == 1
    )
    value = CriterionValue.objects.get(application=bengkulu, criterion__code="fiscal")
    assert value.value == 9 and value.source == CriterionValue.Source.IMPORTED


def test_import_reports_every_bad_row_and_saves_nothing(world: World) -> None:
    campaign = f.campaign()
    f.criterion(campaign, "fiscal")
    f.apply(campaign, world.region)
    text = "region,fiscal,spbe\n17.71,5\n99.99,4\n13.75,3\n17.71,x\n"
    with pytest.raises(SpreadsheetError) as rejected:
        services.import_values(campaign, _csv(text), actor=SYSTEM)
    messages = [str(e) for e in rejected.value.errors]
    assert any("Row 1" in m and "column C" in m and "spbe" in m for m in messages)
    assert any("Row 3" in m and "column A" in m and "99.99" in m for m in messages)
    assert any("Row 4" in m and "13.75" in m and "not applied" in m for m in messages)
    assert any("Row 5" in m and "column B" in m and "not a number" in m for m in messages)
    assert not CriterionValue.objects.exists()
    with pytest.raises(SpreadsheetError) as outside:
        services.import_values(campaign, _csv("region,fiscal\n17.71,11\n"), actor=SYSTEM)
    assert "Row 2, column B: 11 is outside 0–10 for fiscal." in str(outside.value.errors[0])
    assert not CriterionValue.objects.exists()


def test_xlsx_import_errors_name_the_sheet(world: World) -> None:
    campaign = f.campaign()
    f.criterion(campaign, "fiscal")
    f.apply(campaign, world.region)
    with pytest.raises(SpreadsheetError) as rejected:
        services.import_values(
            campaign, _xlsx([["kode", "fiscal"], ["17.71", "tinggi"]]), actor=SYSTEM
        )
    assert (
        str(rejected.value.errors[0]) == "Sheet Sheet, row 2, column B: “tinggi” is not a number."
    )


def test_campaign_edits_detect_conflicts_and_keep_the_instrument_of_applicants(
    world: World,
) -> None:
    from kotacerdas.framework.models import Instrument
    from kotacerdas.lib.concurrency import ConcurrentEditError

    campaign = f.campaign()
    fields = {"name": "GMSC 2026 (revisi)", "quota": 10, "instrument": campaign.instrument}
    updated = services.update_campaign(
        campaign, actor=SYSTEM, opened_version=campaign.version, **fields
    )
    assert updated.name == "GMSC 2026 (revisi)" and updated.quota == 10
    with pytest.raises(ConcurrentEditError):
        services.update_campaign(campaign, actor=SYSTEM, opened_version=campaign.version, **fields)
    f.apply(campaign, world.region)
    other = Instrument.objects.create(
        code="uji",
        number="1",
        framework=campaign.instrument.framework,
        name_id="Uji",
        name_en="Test",
    )
    with pytest.raises(ValidationError) as refused:
        services.update_campaign(
            campaign, actor=SYSTEM, opened_version=None, **{**fields, "instrument": other}
        )
    assert "instrument" in refused.value.message_dict
    campaign.refresh_from_db()
    assert campaign.instrument != other


def test_import_refuses_wrong_file_types(world: World) -> None:
    campaign = f.campaign()
    for upload in (
        SimpleUploadedFile("nilai.pdf", f.PDF),
        SimpleUploadedFile("nilai.xlsx", b"this is not a workbook"),
        SimpleUploadedFile("nilai.csv", "kode\n".encode("utf-16")),
    ):
        with pytest.raises(SpreadsheetError):
            services.import_values(campaign, upload, actor=SYSTEM)


def test_values_outside_the_range_are_refused_when_entered(world: World) -> None:
    campaign = f.campaign()
    crit = f.criterion(campaign)
    app = f.apply(campaign, world.region)
    with pytest.raises(ValidationError, match="outside"):
        services.set_values(campaign, {(app.pk, crit.pk): Decimal(-1)}, actor=SYSTEM)
    assert services.set_values(campaign, {(app.pk, crit.pk): Decimal(4)}, actor=SYSTEM) == 1


def test_closing_freezes_the_ranking_and_refuses_every_change(world: World) -> None:
    campaign = f.campaign(quota=1)
    crit = f.criterion(campaign)
    strong = f.apply(campaign, world.region, level=5)
    weak = f.apply(campaign, world.other_region, level=1)
    services.set_values(campaign, {(weak.pk, crit.pk): Decimal(10)}, actor=SYSTEM)
    assert services.close_campaign(campaign, actor=world.users["national_admin"]) == 2
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.CLOSED and campaign.closed_at
    frozen = list(
        RankingEntry.objects.filter(campaign=campaign).values_list(
            "region__code", "rank", "selected"
        )
    )
    assert frozen == [("17.71", 1, True), ("13.75", 2, False)]
    item = strong.assessment.instrument.items.first()
    refusals = [
        lambda: services.verify_application(
            strong, {item.pk: services.Adjustment(0, "x")}, actor=SYSTEM, notes="", complete=True
        ),
        lambda: services.set_values(campaign, {(strong.pk, crit.pk): Decimal(1)}, actor=SYSTEM),
        lambda: services.save_criterion(campaign, actor=SYSTEM, criterion=crit, weight=Decimal(99)),
        lambda: services.assign_assessor(strong, world.users["assessor"], actor=SYSTEM),
        lambda: services.close_campaign(campaign, actor=SYSTEM),
        lambda: f.apply(campaign, Region.objects.get(code="17.01")),
    ]
    for refuse in refusals:
        with pytest.raises(ValidationError, match="closed"):
            refuse()
    with pytest.raises(SpreadsheetError):
        services.import_values(campaign, _csv("region,fiscal\n17.71,1\n"), actor=SYSTEM)
    rows = queries.ranking(campaign, queries.criteria_of(campaign))
    assert [(r.region_code, r.rank) for r in rows] == [("17.71", 1), ("13.75", 2)]
    assert strong.verified_levels.count() == 0


def test_a_changed_value_changes_the_cached_live_ranking(world: World) -> None:
    campaign = f.campaign(quota=1, readiness_weight=Decimal(0))
    crit = f.criterion(campaign)
    first = f.apply(campaign, world.region)
    second = f.apply(campaign, world.other_region)
    services.set_values(
        campaign, {(first.pk, crit.pk): Decimal(9), (second.pk, crit.pk): Decimal(1)}, actor=SYSTEM
    )
    ranked = queries.ranking(campaign, queries.criteria_of(campaign))
    assert ranked[0].region_code == "17.71"
    services.set_values(campaign, {(second.pk, crit.pk): Decimal(10)}, actor=SYSTEM)
    ranked = queries.ranking(campaign, queries.criteria_of(campaign))
    assert ranked[0].region_code == "13.75"


def test_only_national_admins_manage_and_users_without_role_see_no_campaign(world: World) -> None:
    f.campaign()
    outsider = make_user("luar")
    assert not queries.campaigns_visible_to(outsider).exists()
    assert queries.campaigns_visible_to(world.users["coordinator"]).count() == 1
    assert not world.users["coordinator"].has_perm("selection.manage_campaign")
    draft = f.campaign(name="Draf", status=Campaign.Status.DRAFT)
    assert draft not in queries.campaigns_visible_to(world.users["coordinator"])
