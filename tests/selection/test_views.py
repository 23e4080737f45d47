"""Campaign pages: creation, applying, verifying, importing, the ranking and its export."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from kotacerdas.accounts.actors import SYSTEM
from kotacerdas.readiness.models import Assessment
from kotacerdas.regions.models import Region
from kotacerdas.selection import services
from kotacerdas.selection.models import Application, Campaign, CampaignCriterion, CriterionValue

from ..conftest import World
from . import factories as f


def _many_applicants(
    campaign: Campaign,
    n: int,
    criterion: CampaignCriterion | None = None,
    score: float | None = None,
    year: int = 2025,
) -> None:
    """``n`` applications at once (scores stored, as the services leave them)."""
    regions = list(
        Region.objects.districts().exclude(code__in=["17.71", "13.75"]).order_by("code")[:n]
    )
    assessments = Assessment.objects.bulk_create(
        Assessment(region=r, instrument=campaign.instrument, year=year, status="submitted")
        for r in regions
    )
    apps = Application.objects.bulk_create(
        Application(
            campaign=campaign,
            region=r,
            assessment=a,
            status="submitted",
            self_score=i % 5 if score is None else score,
            verified_score=i % 5 if score is None else score,
        )
        for i, (r, a) in enumerate(zip(regions, assessments, strict=True))
    )
    if criterion is not None:
        CriterionValue.objects.bulk_create(
            CriterionValue(application=app, criterion=criterion, value=i % 10)
            for i, app in enumerate(apps)
        )


def test_national_admin_creates_and_opens_a_campaign(world: World) -> None:
    client = world.client("national_admin")
    data = {
        "name": "GMSC 2027",
        "year": 2027,
        "instrument": f.instrument().pk,
        "quota": 50,
        "deadline": "2099-03-31",
        "readiness_weight": "60",
        "invited": "17.71, 13.75",
    }
    response = client.post(reverse("selection:campaign_create"), data)
    campaign = Campaign.objects.get(name="GMSC 2027")
    assert response.status_code == 302
    assert campaign.status == Campaign.Status.DRAFT and not campaign.open_to_all
    assert set(campaign.invited_regions.values_list("code", flat=True)) == {"17.71", "13.75"}
    # the coordinator sees nothing of a draft
    assert (
        world.client("coordinator")
        .get(reverse("selection:campaign_detail", kwargs={"pk": campaign.pk}))
        .status_code
        == 404
    )
    client.post(reverse("selection:campaign_open", kwargs={"pk": campaign.pk}))
    listing = world.client("coordinator").get(reverse("selection:campaign_list"))
    assert "GMSC 2027" in listing.content.decode()
    assert (
        reverse("selection:application_create", kwargs={"pk": campaign.pk, "code": "17.71"})
        in listing.content.decode()
    )


def test_campaign_form_names_bad_invited_codes(world: World) -> None:
    response = world.client("national_admin").post(
        reverse("selection:campaign_create"),
        {
            "name": "X",
            "year": 2027,
            "instrument": f.instrument().pk,
            "quota": 5,
            "deadline": "2099-01-01",
            "readiness_weight": "60",
            "invited": "17.71 17 99.99",
        },
    )
    assert response.status_code == 200
    assert "17, 99.99" in str(response.context["form"].errors["invited"])
    assert not Campaign.objects.exists()


def test_criterion_pages_add_and_refuse_a_bad_range(world: World) -> None:
    campaign = f.campaign()
    client = world.client("national_admin")
    url = reverse("selection:criterion_create", kwargs={"pk": campaign.pk})
    data = {
        "code": "spbe",
        "name": "Indeks SPBE",
        "weight": "10",
        "value_min": "5",
        "value_max": "1",
    }
    response = client.post(url, data)
    assert response.status_code == 200 and response.context["form"].errors["value_max"]
    client.post(url, {**data, "value_min": "0", "value_max": "5"})
    criterion = campaign.criteria.get()
    assert criterion.code == "spbe"
    response = client.post(url, {**data, "value_min": "0", "value_max": "5"})
    assert response.status_code == 200 and campaign.criteria.count() == 1  # code taken
    assert response.context["form"].errors["code"] == [
        "Seleksi ini sudah memiliki kriteria dengan kode ini."
    ]
    edit = reverse(
        "selection:criterion_edit", kwargs={"pk": campaign.pk, "criterion_id": criterion.pk}
    )
    client.post(edit, {**data, "value_min": "0", "value_max": "4", "weight": "20"})
    criterion.refresh_from_db()
    assert criterion.weight == 20


def test_coordinator_applies_with_assessment_and_document(world: World) -> None:
    campaign = f.campaign()
    crit = f.criterion(campaign, requires_document=True)
    assessment = f.submitted_assessment(world.region)
    client = world.client("coordinator")
    url = reverse("selection:application_create", kwargs={"pk": campaign.pk, "code": "17.71"})
    page = client.get(url)
    assert page.status_code == 200
    wrong = SimpleUploadedFile("surat.exe", b"MZ")
    response = client.post(url, {"assessment": assessment.pk, f"doc_{crit.pk}": wrong})
    assert response.status_code == 200
    assert "bukan jenis berkas yang diterima" in str(response.context["form"].non_field_errors())
    assert not Application.objects.exists()
    response = client.post(url, {"assessment": assessment.pk, f"doc_{crit.pk}": f.pdf()})
    assert response.status_code == 302
    detail = client.get(response["Location"])
    assert "surat-komitmen.pdf" in detail.content.decode()
    value = Application.objects.get().values.get()
    download = client.get(
        reverse(
            "selection:document_download",
            kwargs={"pk": campaign.pk, "code": "17.71", "value_id": value.pk},
        )
    )
    assert download.status_code == 200 and download.getvalue().startswith(b"%PDF")


def test_assessor_verifies_on_the_page(world: World) -> None:
    setup = f.setup(world)
    app = setup.application
    client = world.client("assessor")
    url = reverse("selection:application_verify", kwargs={"pk": setup.campaign.pk, "code": "17.71"})
    page = client.get(url)
    assert page.status_code == 200
    assert "Bukti untuk" in page.content.decode()  # the region's justification beside
    item = app.assessment.instrument.items.order_by("position").first()
    assert item is not None
    response = client.post(
        url, {f"level_{item.pk}": "1", f"reason_{item.pk}": "", "notes": "catatan"}
    )
    assert response.status_code == 200 and response.context["has_errors"]
    assert not app.verified_levels.exists()
    response = client.post(
        url,
        {
            f"level_{item.pk}": "1",
            f"reason_{item.pk}": "SK belum ada",
            "notes": "catatan",
            "complete": "1",
        },
    )
    assert response.status_code == 302
    app.refresh_from_db()
    assert app.status == Application.Status.VERIFIED and app.verified_score < app.self_score
    detail = world.client("coordinator").get(response["Location"])
    assert detail.context["adjusted"][0][1] == 3  # the region's own level beside
    assert "SK belum ada" in detail.content.decode()


def test_verifying_a_closed_campaign_is_refused_with_a_message(world: World) -> None:
    setup = f.setup(world)
    services.close_campaign(setup.campaign, actor=SYSTEM)
    client = world.client("assessor")
    item = setup.application.assessment.instrument.items.first()
    url = reverse("selection:application_verify", kwargs={"pk": setup.campaign.pk, "code": "17.71"})
    with translation.override("en"):
        response = client.post(
            url,
            {f"level_{item.pk}": "1", f"reason_{item.pk}": "x"},
            follow=True,
            HTTP_ACCEPT_LANGUAGE="en",
        )
    assert response.status_code == 200
    messages = [str(m) for m in response.context["messages"]]
    assert any("closed" in m for m in messages), messages
    assert not setup.application.verified_levels.exists()


def test_import_page_lists_bad_rows_and_saves_nothing(world: World) -> None:
    setup = f.setup(world)
    client = world.client("national_admin")
    upload = SimpleUploadedFile("nilai.csv", b"region,fiscal\n17.71,5\n99.01,4\n")
    with translation.override("en"):
        response = client.post(
            reverse("selection:value_import", kwargs={"pk": setup.campaign.pk}),
            {"file": upload},
            HTTP_ACCEPT_LANGUAGE="en",
        )
    assert response.status_code == 200
    assert [e.row for e in response.context["errors"]] == [3]
    assert "99.01" in response.content.decode()
    assert not CriterionValue.objects.filter(value__isnull=False).exists()
    good = SimpleUploadedFile("nilai.csv", b"region,fiscal\n17.71,5\n13.75,4\n")
    response = client.post(
        reverse("selection:value_import", kwargs={"pk": setup.campaign.pk}), {"file": good}
    )
    assert response.status_code == 302
    assert CriterionValue.objects.filter(value__isnull=False).count() == 2


def test_value_grid_saves_and_refuses_out_of_range(world: World) -> None:
    setup = f.setup(world)
    client = world.client("national_admin")
    url = reverse("selection:value_edit", kwargs={"pk": setup.campaign.pk})
    key = f"v_{setup.application.pk}_{setup.criterion.pk}"
    response = client.post(url, {key: "12"})
    assert response.status_code == 200 and response.context["errors"]
    response = client.post(url, {key: "abc"})
    assert response.status_code == 200 and response.context["errors"]
    assert client.post(url, {key: "7,25"}).status_code == 302
    assert setup.application.values.get().value == Decimal("7.25")


def test_assignment_page_assigns_and_removes(world: World) -> None:
    setup = f.setup(world)
    client = world.client("national_admin")
    url = reverse("selection:assignment_list", kwargs={"pk": setup.campaign.pk})
    client.post(url, {"application": setup.other.pk, "assessor": world.users["assessor"].pk})
    assert setup.other.assignments.count() == 1
    assert (
        world.client("assessor")
        .get(
            reverse(
                "selection:application_detail", kwargs={"pk": setup.campaign.pk, "code": "13.75"}
            )
        )
        .status_code
        == 200
    )
    response = client.post(
        url, {"application": setup.other.pk, "assessor": world.users["coordinator"].pk}
    )
    assert response.status_code == 200 and response.context["form"].errors
    assignment = setup.other.assignments.get()
    client.post(
        reverse(
            "selection:assignment_delete",
            kwargs={"pk": setup.campaign.pk, "assignment_id": assignment.pk},
        )
    )
    assert not setup.other.assignments.exists()


def test_ranking_page_shows_the_full_table_sorted_and_filtered(world: World) -> None:
    setup = f.setup(world)
    campaign = setup.campaign
    url = reverse("selection:campaign_ranking", kwargs={"pk": campaign.pk})
    client = world.client("national_admin")
    page = client.get(url)
    rows = list(page.context["page"])
    assert [(r.rank, r.region_code, r.selected) for r in rows] == [
        (1, "17.71", True),
        (2, "13.75", False),
    ]
    body = page.content.decode()
    assert "Kota Bukittinggi" in body and 'data-testid="quota-line"' in body
    assert [r.region_code for r in client.get(url, {"sort": "-rank"}).context["page"]] == [
        "13.75",
        "17.71",
    ]
    assert [r.region_code for r in client.get(url, {"province": "13"}).context["page"]] == ["13.75"]
    assert [r.region_code for r in client.get(url, {"status": "selected"}).context["page"]] == [
        "17.71"
    ]
    assert [r.region_code for r in client.get(url, {"sort": "fiscal"}).context["page"]] == [
        "17.71",
        "13.75",
    ]
    assert client.get(url, {"kind": "kabupaten"}).context["page"].paginator.count == 0


def _ranking_queries(
    world: World, campaign: Campaign, path: str, persona: str = "national_admin"
) -> int:
    client = world.client(persona)
    client.get(path)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def test_ranking_page_and_api_query_counts_do_not_grow_with_applicants(world: World) -> None:
    small, large = f.campaign(name="kecil"), f.campaign(name="besar")
    for campaign, n, year in ((small, 10, 2023), (large, 500, 2024)):
        crit = f.criterion(campaign)
        f.criterion(campaign, "spbe")
        _many_applicants(campaign, n, crit, year=year)
    for name, kwargs in (("selection:campaign_ranking", {}), ("api:get_ranking", None)):
        counts = []
        for campaign in (small, large):
            path = (
                reverse(name, kwargs={"pk": campaign.pk})
                if kwargs is not None
                else reverse(name, kwargs={"campaign_id": campaign.pk})
            )
            counts.append(_ranking_queries(world, campaign, path))
        assert counts[0] == counts[1] <= 12, (name, counts)
    large_page = world.client("national_admin").get(
        reverse("selection:campaign_ranking", kwargs={"pk": large.pk})
    )
    assert large_page.context["applicants"] == 500 and len(large_page.context["page"]) == 50


def test_region_sees_its_own_result_only_after_closing(world: World) -> None:
    campaign = f.campaign(quota=2)
    f.apply(campaign, world.other_region, level=5)
    _many_applicants(campaign, 3, score=4)
    f.apply(campaign, world.region, level=1)
    url = reverse("selection:campaign_ranking", kwargs={"pk": campaign.pk})
    client = world.client("editor_a")
    with translation.override("en"):
        before = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "published when the campaign closes" in before
    services.close_campaign(campaign, actor=SYSTEM)
    with translation.override("en"):
        after = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    body = after.content.decode()
    result = after.context["results"][0][1]
    assert (result.row.rank, result.selected, result.applicants) == (5, 2, 5)
    assert "Rank 5 of 5 applicants; not among the 2 selected." in body
    assert "Kota Bukittinggi" not in body  # never another region's details
    mine = world.client("other_coordinator").get(url)
    assert mine.context["results"][0][1].row.selected


def test_export_xlsx_and_csv_follow_the_filters(world: World) -> None:
    setup = f.setup(world)
    client = world.client("national_admin")
    url = reverse("selection:ranking_export", kwargs={"pk": setup.campaign.pk})
    with translation.override("en"):
        response = client.get(url, {"format": "csv"}, HTTP_ACCEPT_LANGUAGE="en")
        text = b"".join(response.streaming_content).decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(text)))
    assert lines[0][:3] == ["Rank", "Region code", "Region"]
    assert [line[1] for line in lines[1:]] == ["17.71", "13.75"]
    response = client.get(url, {"format": "xlsx", "province": "13"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.iter_rows(values_only=True))
    assert len(values) == 2 and values[1][1] == "13.75"


def test_exported_names_are_text_never_formulas(world: World) -> None:
    setup = f.setup(world)
    Region.objects.filter(pk=world.other_region.pk).update(name='=HYPERLINK("http://x","klik")')
    client = world.client("national_admin")
    url = reverse("selection:ranking_export", kwargs={"pk": setup.campaign.pk})
    text = b"".join(client.get(url, {"format": "csv"}).streaming_content).decode("utf-8-sig")
    names = [line[2] for line in csv.reader(io.StringIO(text))][1:]
    assert names == ["Kota Bengkulu", '\'=HYPERLINK("http://x","klik")']
    sheet = load_workbook(io.BytesIO(client.get(url, {"format": "xlsx"}).content)).active
    assert sheet is not None
    cell = sheet["C3"]
    assert (cell.value, cell.data_type) == ('=HYPERLINK("http://x","klik")', "s")


def test_closed_campaign_page_reads_the_snapshot(world: World) -> None:
    setup = f.setup(world)
    client = world.client("national_admin")
    response = client.post(
        reverse("selection:campaign_close", kwargs={"pk": setup.campaign.pk}), follow=True
    )
    assert response.status_code == 200
    # a later change to the stored scores does not move the frozen ranking
    Application.objects.filter(pk=setup.other.pk).update(verified_score=5, self_score=5)
    rows = list(
        client.get(reverse("selection:campaign_ranking", kwargs={"pk": setup.campaign.pk})).context[
            "page"
        ]
    )
    assert [r.region_code for r in rows] == ["17.71", "13.75"]
    edit = client.post(
        reverse("selection:campaign_edit", kwargs={"pk": setup.campaign.pk}),
        {
            "name": "Baru",
            "year": 2026,
            "instrument": f.instrument().pk,
            "quota": 3,
            "deadline": "2099-01-01",
            "readiness_weight": "60",
            "open_to_all": "on",
        },
    )
    assert edit.status_code == 200 and edit.context["form"].non_field_errors()
    setup.campaign.refresh_from_db()
    assert setup.campaign.name != "Baru"


def test_navbar_links_campaigns_for_those_concerned(world: World) -> None:
    url = reverse("selection:campaign_list")
    assert url in world.client("coordinator").get(reverse("home")).content.decode()
    assert url not in world.client("no_role").get(reverse("home")).content.decode()


def test_ranking_page_follows_a_change_made_after_it_was_shown(world: World) -> None:
    setup = f.setup(world)
    client = world.client("national_admin")
    url = reverse("selection:campaign_ranking", kwargs={"pk": setup.campaign.pk})
    first = client.get(url).content.decode()
    assert first.index("Kota Bengkulu") < first.index("Kota Bukittinggi")
    services.set_values(
        setup.campaign, {(setup.other.pk, setup.criterion.pk): Decimal(10)}, actor=SYSTEM
    )
    item_ids = list(setup.application.assessment.instrument.items.values_list("pk", flat=True))
    services.verify_application(
        setup.application,
        {pk: services.Adjustment(0, "tidak terbukti") for pk in item_ids},
        actor=SYSTEM,
        notes="",
        complete=True,
    )
    second = client.get(url).content.decode()
    assert second.index("Kota Bukittinggi") < second.index("Kota Bengkulu")


def test_list_pages_query_counts_do_not_grow_with_applicants(world: World) -> None:
    small, large = f.campaign(name="kecil"), f.campaign(name="besar")
    for campaign, n, year in ((small, 10, 2023), (large, 300, 2024)):
        _many_applicants(campaign, n, f.criterion(campaign), year=year)
        services.assign_assessor(
            campaign.applications.first(), world.users["assessor"], actor=SYSTEM
        )
    for name in ("campaign_detail", "value_edit", "assignment_list"):
        counts = [
            _ranking_queries(world, c, reverse(f"selection:{name}", kwargs={"pk": c.pk}))
            for c in (small, large)
        ]
        assert counts[0] == counts[1] <= 12, (name, counts)
    url = reverse("selection:campaign_list")
    few = _ranking_queries(world, small, url, "coordinator")
    for i in range(15):
        f.campaign(name=f"Kampanye {i}")
    assert _ranking_queries(world, small, url, "coordinator") == few


def test_exports_show_kind_and_status_labels_not_codes(world: World) -> None:
    setup = f.setup(world)
    client = world.client("national_admin")  # Indonesian
    url = reverse("selection:ranking_export", kwargs={"pk": setup.campaign.pk})
    text = b"".join(client.get(url, {"format": "csv"}).streaming_content).decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(text)))
    status = Application.objects.get(region=world.region).status
    with translation.override("id"):
        expected = [str(Region.Kind.KOTA.label), str(Application.Status(status).label)]
    assert lines[1][4:6] == expected
    assert expected != ["kota", status]
    sheet = load_workbook(io.BytesIO(client.get(url, {"format": "xlsx"}).content)).active
    assert sheet is not None
    assert [sheet["E2"].value, sheet["F2"].value] == expected
