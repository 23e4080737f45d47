"""Excel round trip of the programme catalogue: export, preview, all-or-nothing import."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook, load_workbook

from kotacerdas.lib.xlsx import CellError, SheetSpec, write_workbook
from kotacerdas.planning.exchange.layout import Catalogue, layout
from kotacerdas.planning.exchange.queries import export_programmes, preview_import
from kotacerdas.planning.exchange.services import ImportRefused, apply_import
from kotacerdas.planning.models import FundingLine, Masterplan, Programme, ProgrammeSupport

from ...conftest import World
from .. import factories as f

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(autouse=True)
def _english_pages(monkeypatch: Any, settings: Any) -> None:
    """These tests read the pages' messages in English (the Indonesian is checked elsewhere)."""
    signed_in = World.client

    def english_client(world: World, persona: str) -> Any:
        client = signed_in(world, persona)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return client

    monkeypatch.setattr(World, "client", english_client)


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture
def plan(world: World) -> Masterplan:
    """A draft masterplan (2025–2029) with P01 (lead A, support B, APBD 2025) and P02."""
    masterplan = f.masterplan(world)
    p01 = f.programme(masterplan, "P01", lead=world.agency_a)
    f.support(p01, world.agency_b, role="Data")
    f.fund(p01, 1_250_000_000, 2025)
    f.programme(masterplan, "P02", lead=world.agency_b, dim="living")
    return masterplan


def edit(data: bytes, change: Callable[[Workbook], Any]) -> bytes:
    """The file after someone edited it in a spreadsheet program."""
    workbook = load_workbook(io.BytesIO(data))
    change(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def header_index(sheet: Any, header: str) -> int:
    return [cell.value for cell in sheet[1]].index(header) + 1


def set_cell(sheet: str, row: int, header: str, value: Any) -> Callable[[Workbook], None]:
    def change(workbook: Workbook) -> None:
        ws = workbook[sheet]
        ws.cell(row=row, column=header_index(ws, header)).value = value

    return change


def same_id_as_row_2(workbook: Workbook) -> None:
    sheet = workbook["Programmes"]
    sheet["A3"] = sheet["A2"].value


def element_of(dimension: str) -> Callable[[Workbook], None]:
    """Puts an element of another dimension on P01 (a governance programme)."""

    def change(workbook: Workbook) -> None:
        governance = set(f.dimension("governance").elements.values_list("code", flat=True))
        other = f.dimension(dimension).elements.exclude(code__in=governance).first()
        assert other is not None
        set_cell("Programmes", 2, "Element", other.code)(workbook)

    return change


def new_programme_row(code: str, lead: str = "diskominfo", **values: Any) -> list[Any]:
    row = {
        "id": None,
        "version": None,
        "code": code,
        "name": f"Programme {code}",
        "dimension": "governance",
        "element": None,
        "problem": "",
        "description": "",
        "innovation": "",
        "horizon": "short",
        "start_year": 2025,
        "end_year": 2026,
        "lead_agency": lead,
        "status": "planned",
        "rpjmd_code": "",
        "months_to_first_result": 6,
        "goals": None,
        **values,
    }
    return [row[column.key] for column in layout().programme_columns]


def catalogue_file(
    plan: Masterplan,
    programmes: list[list[Any]],
    supports: list[list[Any]],
    funding: list[list[Any]],
) -> bytes:
    names = layout()
    return write_workbook(
        [
            SheetSpec(names.programmes, names.programme_columns, programmes),
            SheetSpec(names.supports, names.support_columns, supports),
            SheetSpec(names.funding, names.funding_columns, funding),
        ],
        Catalogue.of(plan).lists(names.lists),
    )


def many(plan: Masterplan, n: int, bad_row: int | None = None) -> bytes:
    """``n`` new programmes, each with a supporting agency and two funding lines."""
    programmes = [new_programme_row(f"N{i:03d}") for i in range(n)]
    supports = [[f"N{i:03d}", "dinkes", "Support"] for i in range(n)]
    if bad_row is not None:
        supports[bad_row][1] = "dinas-sihir"
    funding = [[f"N{i:03d}", "apbd", 2025, 1_000_000 + i] for i in range(n)]
    funding += [[f"N{i:03d}", "csr", 2026, 500_000] for i in range(n)]
    return catalogue_file(plan, programmes, supports, funding)


def where(errors: list[CellError]) -> list[tuple[str, int, str]]:
    return [(e.sheet, e.row, e.column) for e in errors]


# --- export -----------------------------------------------------------------------------------


def test_export_holds_programmes_agencies_funding_and_drop_down_lists(plan: Masterplan) -> None:
    workbook = load_workbook(io.BytesIO(export_programmes(plan)))
    assert workbook.sheetnames[:3] == ["Programmes", "Supporting agencies", "Funding"]
    hidden = [ws.title for ws in workbook.worksheets if ws.sheet_state == "hidden"]
    assert hidden[:6] == ["Dimensions", "Elements", "Agencies", "Horizons", "Statuses", "Sources"]
    programmes = list(workbook["Programmes"].iter_rows(values_only=True))
    assert programmes[0][:4] == ("ID (do not change)", "Version (do not change)", "Code", "Name")
    p01 = Programme.objects.get(masterplan=plan, code="P01")
    governance = f.dimension("governance").name_en
    assert programmes[1][:5] == (p01.pk, p01.version, "P01", "Programme P01", governance)
    assert [row[2] for row in programmes[1:]] == ["P01", "P02"]
    assert list(workbook["Supporting agencies"].iter_rows(min_row=2, values_only=True)) == [
        ("P01", "dinkes", "Data")
    ]
    assert list(workbook["Funding"].iter_rows(min_row=2, values_only=True)) == [
        ("P01", str(FundingLine.Source.APBD.label), 2025, 1_250_000_000)
    ]
    agencies = [row[0] for row in workbook["Agencies"].iter_rows(values_only=True)]
    assert "diskominfo" in agencies and len(agencies) == 40
    validations = workbook["Programmes"].data_validations.dataValidation
    assert {v.formula1.split("!")[0] for v in validations} == {
        "'Dimensions'",
        "'Elements'",
        "'Horizons'",
        "'Agencies'",
        "'Statuses'",
    }


def test_an_untouched_export_changes_nothing(plan: Masterplan, world: World) -> None:
    preview = preview_import(plan, export_programmes(plan))
    assert preview.errors == []
    assert [item.code for item in preview.unchanged] == ["P01", "P02"]
    assert preview.added == preview.changed == []
    assert not preview.has_work


def test_export_and_preview_use_the_same_queries_for_10_and_300_programmes(
    world: World,
) -> None:
    counts = []
    for n in (10, 300):
        masterplan = f.masterplan(world, title=f"MP {n}")
        f.many_programmes(masterplan, world, n)
        data = export_programmes(masterplan)
        preview_import(masterplan, data)  # the user's scope is cached
        with CaptureQueriesContext(connection) as export_queries:
            export_programmes(masterplan)
        with CaptureQueriesContext(connection) as preview_queries:
            preview = preview_import(masterplan, data)
        assert len(preview.unchanged) == n and preview.errors == []
        counts.append((len(export_queries), len(preview_queries)))
    assert counts[0] == counts[1]


# --- preview and apply ------------------------------------------------------------------------


def test_preview_then_apply_adds_and_changes_in_one_go(plan: Masterplan, world: World) -> None:
    coordinator = world.users["coordinator"]

    def fill_in(workbook: Workbook) -> None:
        set_cell("Programmes", 2, "Name", "Smart parking")(workbook)
        workbook["Programmes"].append(new_programme_row("P03", lead="diskominfo"))
        workbook["Supporting agencies"].append(["P03", "dinkes", "Health data"])
        workbook["Supporting agencies"].append(["P03", "bappeda", "Planning"])
        workbook["Funding"].append(["P03", "apbd", 2025, 300_000_000])
        workbook["Funding"].append(["P03", "csr", 2026, 50_000_000])

    data = edit(export_programmes(plan), fill_in)
    preview = preview_import(plan, data)
    assert preview.errors == []
    assert [item.code for item in preview.added] == ["P03"]
    assert [(item.code, item.changed_fields) for item in preview.changed] == [("P01", ["name"])]
    assert [item.code for item in preview.unchanged] == ["P02"]
    assert Programme.objects.filter(masterplan=plan).count() == 2  # a preview writes nothing

    apply_import(plan, data, actor=coordinator)
    p01 = Programme.objects.get(masterplan=plan, code="P01")
    p03 = Programme.objects.get(masterplan=plan, code="P03")
    assert p01.name == "Smart parking"
    assert p01.supports.get().agency == world.agency_b  # kept
    assert p03.lead_agency == world.agency_a
    assert sorted(s.agency.code for s in p03.supports.all()) == ["bappeda", "dinkes"]
    assert sorted((x.source, x.year, x.amount) for x in p03.funding.all()) == [
        ("apbd", 2025, Decimal(300_000_000)),
        ("csr", 2026, Decimal(50_000_000)),
    ]
    assert LogEntry.objects.get_for_object(p03).filter(actor=coordinator).exists()
    assert preview_import(plan, export_programmes(plan)).has_work is False


def test_changing_funding_and_supports_shows_as_a_change(plan: Masterplan, world: World) -> None:
    def change(workbook: Workbook) -> None:
        set_cell("Funding", 2, "Amount (Rp)", 2_000_000_000)(workbook)
        workbook["Supporting agencies"].delete_rows(2)

    data = edit(export_programmes(plan), change)
    preview = preview_import(plan, data)
    assert [(i.code, i.changed_fields) for i in preview.changed] == [
        ("P01", ["supports", "funding"])
    ]
    assert preview.changed[0].changed_labels == ["supporting agencies", "funding"]
    apply_import(plan, data, actor=world.users["coordinator"])
    p01 = Programme.objects.get(masterplan=plan, code="P01")
    assert not p01.supports.exists()
    assert p01.funding.get().amount == Decimal(2_000_000_000)


def test_a_300_programme_import(plan: Masterplan, world: World) -> None:
    apply_import(plan, many(plan, 300), actor=world.users["coordinator"])
    imported = Programme.objects.filter(masterplan=plan, code__startswith="N")
    assert imported.count() == 300
    assert ProgrammeSupport.objects.filter(programme__in=imported).count() == 300
    assert FundingLine.objects.filter(programme__in=imported).count() == 600
    assert imported.get(code="N299").funding.get(source="apbd").amount == Decimal(1_000_299)


def _change_every_row(workbook: Workbook) -> None:
    """Renames every programme, raises every first funding line, drops every support."""
    programmes, funding = workbook["Programmes"], workbook["Funding"]
    name, amount = header_index(programmes, "Name"), header_index(funding, "Amount (Rp)")
    for row in range(2, programmes.max_row + 1):
        cell = programmes.cell(row=row, column=name)
        cell.value = f"{cell.value} (revised)"
    for row in range(2, funding.max_row + 1, 2):
        funding.cell(row=row, column=amount).value = 7_000_000
    supports = workbook["Supporting agencies"]
    supports.delete_rows(2, supports.max_row)


def test_an_import_makes_as_many_queries_for_100_rows_as_for_10(world: World) -> None:
    """Adding and then changing programmes by Excel: the number of queries does not grow with
    the rows, and every row written still has its audit entry, made by the importer."""
    coordinator = world.users["coordinator"]
    warm_up = f.masterplan(world, title="Warm-up")
    apply_import(warm_up, many(warm_up, 1), actor=coordinator)  # content types, the scope
    counts = []
    for n in (10, 100):
        masterplan = f.masterplan(world, title=f"MP {n}")
        data = many(masterplan, n)
        with CaptureQueriesContext(connection) as added:
            apply_import(masterplan, data, actor=coordinator)
        imported = Programme.objects.filter(masterplan=masterplan)
        revised = edit(export_programmes(masterplan), _change_every_row)
        with CaptureQueriesContext(connection) as changed:
            preview = apply_import(masterplan, revised, actor=coordinator)
        assert len(preview.changed) == n
        assert imported.filter(name__endswith="(revised)").count() == n
        assert not ProgrammeSupport.objects.filter(programme__in=imported).exists()
        assert FundingLine.objects.filter(programme__in=imported, amount=7_000_000).count() == n
        assert set(imported.values_list("version", flat=True)) == {2}
        counts.append((len(added), len(changed)))
        entries = LogEntry.objects.filter(
            actor=coordinator, additional_data__masterplan_id=masterplan.pk
        )
        # per programme: it, its support and two funding lines added; then it and one line
        # changed, the support removed
        assert entries.count() == 4 * n + 3 * n
        assert (
            LogEntry.objects.get_for_object(imported.get(code="N001"))
            .filter(actor=coordinator)
            .count()
            == 2
        )
    assert counts[0] == counts[1], counts


def test_an_error_in_one_row_imports_nothing(plan: Masterplan, world: World) -> None:
    before = Programme.objects.count(), FundingLine.objects.count()
    with pytest.raises(ImportRefused) as refused:
        apply_import(plan, many(plan, 300, bad_row=150), actor=world.users["coordinator"])
    assert where(refused.value.errors) == [("Supporting agencies", 152, "Supporting agency")]
    assert "dinas-sihir" in refused.value.errors[0].message
    assert (Programme.objects.count(), FundingLine.objects.count()) == before


def test_a_formula_in_an_amount_cell(plan: Masterplan) -> None:
    data = edit(export_programmes(plan), set_cell("Funding", 2, "Amount (Rp)", "=1000*1000"))
    errors = preview_import(plan, data).errors
    assert where(errors) == [("Funding", 2, "Amount (Rp)")]
    assert "formula" in errors[0].message


def test_a_wrong_sheet_name(plan: Masterplan) -> None:
    def rename(workbook: Workbook) -> None:
        workbook["Funding"].title = "Budget"

    errors = preview_import(plan, edit(export_programmes(plan), rename)).errors
    assert where(errors) == [("Funding", 0, "")]
    assert "The sheet “Funding” is missing" in errors[0].message
    assert "Budget" in errors[0].message


def test_a_file_that_is_not_a_workbook(plan: Masterplan) -> None:
    errors = preview_import(plan, b"code,name\nP01,Parking\n").errors
    assert where(errors) == [("", 0, "")]


def test_an_unknown_agency(plan: Masterplan) -> None:
    data = edit(export_programmes(plan), set_cell("Programmes", 3, "Lead agency", "dinas-sihir"))
    errors = preview_import(plan, data).errors
    assert where(errors) == [("Programmes", 3, "Lead agency")]
    assert "not in the list" in errors[0].message


def test_a_negative_amount(plan: Masterplan) -> None:
    data = edit(export_programmes(plan), set_cell("Funding", 2, "Amount (Rp)", -5))
    errors = preview_import(plan, data).errors
    assert where(errors) == [("Funding", 2, "Amount (Rp)")]
    assert "negative" in errors[0].message


@pytest.mark.parametrize(
    ("change", "expected", "fragment"),
    [
        (set_cell("Programmes", 2, "ID (do not change)", 999_999), ("Programmes", 2, "ID"), "ID"),
        (
            set_cell("Programmes", 3, "ID (do not change)", "=B2"),
            ("Programmes", 3, "ID"),
            "formula",
        ),
        (set_cell("Programmes", 3, "Code", "P01"), ("Programmes", 3, "Code"), "row 2"),
        (same_id_as_row_2, ("Programmes", 3, "ID"), "row 2"),
        (set_cell("Programmes", 2, "Last year", 2031), ("Programmes", 2, "Last year"), "period"),
        (set_cell("Programmes", 2, "First year", 2026), ("Funding", 2, "Year"), "outside"),
        (set_cell("Programmes", 2, "First year", 2027), ("Programmes", 2, "Last year"), "before"),
        (element_of("living"), ("Programmes", 2, "Element"), "not part of dimension governance"),
        (set_cell("Programmes", 2, "Months to first result", -1), ("Programmes", 2, "Months"), "0"),
        (
            set_cell("Supporting agencies", 2, "Supporting agency", "diskominfo"),
            ("Supporting agencies", 2, "Supporting agency"),
            "lead agency",
        ),
        (
            set_cell("Supporting agencies", 2, "Programme code", "P99"),
            ("Supporting agencies", 2, "Programme code"),
            "P99",
        ),
        (set_cell("Funding", 2, "Programme code", "P99"), ("Funding", 2, "Programme code"), "P99"),
        (set_cell("Funding", 2, "Amount (Rp)", 0.001), ("Funding", 2, "Amount (Rp)"), "Rupiah"),
        (set_cell("Funding", 2, "Source", "lottery"), ("Funding", 2, "Source"), "list"),
        (set_cell("Programmes", 2, "Name", None), ("Programmes", 2, "Name"), "required"),
        (set_cell("Programmes", 3, "Code", "C" * 31), ("Programmes", 3, "Code"), "At most 30"),
        (set_cell("Programmes", 2, "Months to first result", 500), ("Programmes", 2, "Mon"), "120"),
        (
            set_cell("Supporting agencies", 2, "Role", "r" * 201),
            ("Supporting agencies", 2, "Role"),
            "At most 200",
        ),
        (set_cell("Programmes", 1, "Code", "Kode"), ("Programmes", 1, "Code"), "renamed"),
    ],
)
def test_bad_cells_name_sheet_row_and_column(
    plan: Masterplan,
    change: Callable[[Workbook], None],
    expected: tuple[str, int, str],
    fragment: str,
) -> None:
    errors = preview_import(plan, edit(export_programmes(plan), change)).errors
    assert len(errors) == 1, errors
    [error] = errors
    assert (error.sheet, error.row) == expected[:2]
    assert error.column.startswith(expected[2])
    assert fragment in error.message


def test_errors_come_in_the_order_of_the_sheets(plan: Masterplan) -> None:
    def spoil(workbook: Workbook) -> None:
        set_cell("Funding", 2, "Source", "lottery")(workbook)
        set_cell("Supporting agencies", 2, "Supporting agency", "nobody")(workbook)
        set_cell("Programmes", 3, "Horizon", "someday")(workbook)

    errors = preview_import(plan, edit(export_programmes(plan), spoil)).errors
    assert [e.sheet for e in errors] == ["Programmes", "Supporting agencies", "Funding"]


def test_a_support_listed_twice_is_an_error(plan: Masterplan) -> None:
    def twice(workbook: Workbook) -> None:
        workbook["Supporting agencies"].append(["P01", "dinkes", "Again"])

    errors = preview_import(plan, edit(export_programmes(plan), twice)).errors
    assert where(errors) == [("Supporting agencies", 3, "Supporting agency")]


def test_a_new_code_may_not_take_the_code_of_a_programme_left_out(plan: Masterplan) -> None:
    def replace(workbook: Workbook) -> None:
        sheet = workbook["Programmes"]
        sheet.delete_rows(2)  # P01 is left out (and so left alone) ...
        sheet.append(new_programme_row("P01"))  # ... so a new P01 clashes with it
        workbook["Supporting agencies"].delete_rows(2)
        workbook["Funding"].delete_rows(2)

    preview = preview_import(plan, edit(export_programmes(plan), replace))
    assert where(preview.errors) == [("Programmes", 3, "Code")]
    assert [p.code for p in preview.not_in_file] == ["P01"]


def test_someone_elses_edit_after_the_export_is_not_overwritten(
    plan: Masterplan, world: World
) -> None:
    data = edit(export_programmes(plan), set_cell("Programmes", 2, "Name", "From Excel"))
    p01 = Programme.objects.get(masterplan=plan, code="P01")
    p01.name = "Edited online"
    p01.save()
    with pytest.raises(ImportRefused) as refused:
        apply_import(plan, data, actor=world.users["coordinator"])
    assert where(refused.value.errors) == [("Programmes", 2, "Version (do not change)")]
    assert "export the catalogue again" in refused.value.errors[0].message
    assert Programme.objects.get(pk=p01.pk).name == "Edited online"


def test_an_agency_editor_imports_only_programmes_their_agency_leads(
    plan: Masterplan, world: World
) -> None:
    def both(workbook: Workbook) -> None:
        set_cell("Programmes", 2, "Name", "Own")(workbook)  # P01, led by agency A
        set_cell("Programmes", 3, "Name", "Not mine")(workbook)  # P02, led by agency B
        workbook["Programmes"].append(new_programme_row("P05", lead="dinkes"))

    data = edit(export_programmes(plan), both)
    with pytest.raises(ImportRefused) as refused:
        apply_import(plan, data, actor=world.users["editor_a"])
    assert where(refused.value.errors) == [
        ("Programmes", 3, "ID (do not change)"),
        ("Programmes", 4, "Lead agency"),
    ]
    own = edit(export_programmes(plan), set_cell("Programmes", 2, "Name", "Own"))
    apply_import(plan, own, actor=world.users["editor_a"])
    assert Programme.objects.get(masterplan=plan, code="P01").name == "Own"


def test_an_approved_masterplan_takes_no_import(plan: Masterplan, world: World) -> None:
    data = export_programmes(plan)
    Masterplan.objects.filter(pk=plan.pk).update(status="approved")
    plan.refresh_from_db()
    with pytest.raises(ImportRefused) as refused:
        apply_import(plan, data, actor=world.users["coordinator"])
    assert "draft" in refused.value.errors[0].message


def test_a_rule_the_services_catch_rolls_everything_back(plan: Masterplan, world: World) -> None:
    # Swapping two codes passes the file checks but the first save meets the other's code.
    def swap(workbook: Workbook) -> None:
        set_cell("Programmes", 2, "Code", "P02")(workbook)
        set_cell("Programmes", 3, "Code", "P01")(workbook)
        set_cell("Supporting agencies", 2, "Programme code", "P02")(workbook)
        set_cell("Funding", 2, "Programme code", "P02")(workbook)
        workbook["Programmes"].append(new_programme_row("P07"))

    data = edit(export_programmes(plan), swap)
    assert preview_import(plan, data).errors == []
    with pytest.raises(ImportRefused) as refused:
        apply_import(plan, data, actor=world.users["coordinator"])
    assert refused.value.errors[0].sheet == "Programmes"
    assert "P02" in refused.value.errors[0].message
    codes = dict(Programme.objects.filter(masterplan=plan).values_list("name", "code"))
    assert codes == {"Programme P01": "P01", "Programme P02": "P02"}


def test_a_file_exported_in_english_is_read_in_indonesian(plan: Masterplan) -> None:
    """Sheet titles follow the exporting user's language; the import accepts either."""
    data = export_programmes(plan)  # English
    with translation.override("id"):
        assert layout().programmes != "Programmes"  # the titles really differ
        preview = preview_import(plan, edit(data, set_cell("Programmes", 2, "Name", "Parkir")))
    assert preview.errors == []
    assert [(item.code, item.changed_fields) for item in preview.changed] == [("P01", ["name"])]


# --- pages ------------------------------------------------------------------------------------


def test_the_coordinator_downloads_uploads_previews_and_confirms(
    plan: Masterplan, world: World
) -> None:
    client = world.client("coordinator")
    client.cookies["django_language"] = "id"  # this test reads the Indonesian file
    response = client.get(reverse("planning:programme_export", kwargs={"pk": plan.pk}))
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"].endswith('.xlsx"')
    with translation.override("id"):  # the page is in Indonesian, and so is the file
        names = layout()
    name = names.header(names.programmes, "name")
    assert load_workbook(io.BytesIO(response.content)).sheetnames[0] == names.programmes
    data = edit(response.content, set_cell(names.programmes, 2, name, "Smart parking"))

    url = reverse("planning:programme_import", kwargs={"pk": plan.pk})
    assert client.get(url).status_code == 200
    upload = io.BytesIO(data)
    upload.name = "catalogue.xlsx"
    response = client.post(url, {"action": "preview", "file": upload})
    assert response.status_code == 200
    preview = response.context["preview"]
    assert [i.code for i in preview.changed] == ["P01"]
    assert "Smart parking" not in Programme.objects.values_list("name", flat=True)
    assert b"Impor perubahan ini" in response.content

    digest = response.context["digest"]
    # The kept file belongs to this masterplan only.
    other = f.masterplan(world, title="Another")
    other_url = reverse("planning:programme_import", kwargs={"pk": other.pk})
    response = client.post(other_url, {"action": "confirm", "digest": digest}, follow=True)
    assert b"unggah kembali" in response.content

    response = client.post(url, {"action": "confirm", "digest": digest})
    assert response.status_code == 302
    assert response["Location"] == reverse("planning:programme_list", kwargs={"pk": plan.pk})
    assert Programme.objects.get(masterplan=plan, code="P01").name == "Smart parking"
    # The kept file is gone: confirming twice does nothing.
    response = client.post(url, {"action": "confirm", "digest": "x"}, follow=True)
    assert b"unggah kembali" in response.content


def test_the_page_lists_every_bad_cell_and_imports_nothing(plan: Masterplan, world: World) -> None:
    data = edit(export_programmes(plan), set_cell("Funding", 2, "Amount (Rp)", "=SUM(A1:A2)"))
    upload = io.BytesIO(data)
    upload.name = "catalogue.xlsx"
    url = reverse("planning:programme_import", kwargs={"pk": plan.pk})
    response = world.client("coordinator").post(url, {"action": "preview", "file": upload})
    assert response.status_code == 400
    text = response.content.decode()
    assert "nothing was imported" in text
    assert "Funding" in text and "Amount (Rp)" in text and "formula" in text
    assert b"Import these changes" not in response.content


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("catalogue.csv", b"a,b", "not an Excel workbook"),
        ("catalogue.pdf", b"%PDF-1.4", "not an accepted file type"),
        ("catalogue.xlsx", b"PK\x03\x04" + b"x" * 2048, "the limit is 1.0\xa0KB"),
        ("catalogue.xlsx", b"not a zip", "does not contain what its name says"),
    ],
)
def test_a_bad_upload_gets_a_clear_message(
    plan: Masterplan, world: World, settings: Any, name: str, content: bytes, message: str
) -> None:
    settings.SPREADSHEET_MAX_BYTES = 1024  # the one upload check, with the limit from settings
    upload = io.BytesIO(content)
    upload.name = name
    url = reverse("planning:programme_import", kwargs={"pk": plan.pk})
    response = world.client("coordinator").post(url, {"action": "preview", "file": upload})
    assert response.status_code == 400
    assert message in response.content.decode()


def test_an_import_that_fails_on_confirm_shows_the_errors(plan: Masterplan, world: World) -> None:
    client = world.client("coordinator")
    data = edit(export_programmes(plan), set_cell("Programmes", 2, "Name", "From Excel"))
    upload = io.BytesIO(data)
    upload.name = "catalogue.xlsx"
    url = reverse("planning:programme_import", kwargs={"pk": plan.pk})
    digest = client.post(url, {"action": "preview", "file": upload}).context["digest"]
    Programme.objects.filter(masterplan=plan, code="P01").update(version=99)
    response = client.post(url, {"action": "confirm", "digest": digest})
    assert response.status_code == 400
    assert "export the catalogue again" in response.content.decode()
    assert Programme.objects.get(masterplan=plan, code="P01").name == "Programme P01"


def test_a_file_that_changes_nothing_offers_no_confirmation(plan: Masterplan, world: World) -> None:
    upload = io.BytesIO(export_programmes(plan))
    upload.name = "catalogue.xlsx"
    url = reverse("planning:programme_import", kwargs={"pk": plan.pk})
    response = world.client("coordinator").post(url, {"action": "preview", "file": upload})
    assert response.status_code == 200
    assert b"The file changes nothing" in response.content
    assert b"Import these changes" not in response.content


# --- drop-downs in the reader's language ------------------------------------------------------


def _exported_in(language: str, plan: Masterplan) -> bytes:
    with translation.override(language):
        return export_programmes(plan)


def _cells(data: bytes, sheet: int, row: int) -> tuple[Any, ...]:
    return next(
        load_workbook(io.BytesIO(data))
        .worksheets[sheet]
        .iter_rows(min_row=row, max_row=row, values_only=True)
    )


def test_drop_downs_show_labels_in_the_readers_language(plan: Masterplan) -> None:
    indonesian = load_workbook(io.BytesIO(_exported_in("id", plan)))
    english = load_workbook(io.BytesIO(_exported_in("en", plan)))
    lists = {ws.title: [r[0] for r in ws.iter_rows(values_only=True)] for ws in indonesian}
    with translation.override("id"):
        horizons = [str(h.label) for h in Programme.Horizon]
        statuses = [str(s.label) for s in Programme.Status]
        dimension = f.dimension("governance").name
    assert lists["Jangka waktu"] == horizons and "Jangka pendek" in horizons
    assert lists["Status"] == statuses and "short" not in lists["Jangka waktu"]
    assert dimension in lists["Dimensi"]
    p01 = indonesian.worksheets[0]["E2":"N2"][0]
    assert (p01[0].value, p01[5].value, p01[9].value) == (
        dimension,
        "Jangka pendek",
        "Direncanakan",
    )
    english_lists = {ws.title: [r[0] for r in ws.iter_rows(values_only=True)] for ws in english}
    assert english_lists["Horizons"] == [str(h.label) for h in Programme.Horizon]
    assert "Short term" in english_lists["Horizons"]


@pytest.mark.parametrize(
    ("exported", "read"), [("id", "id"), ("en", "en"), ("id", "en"), ("en", "id")]
)
def test_a_file_exported_in_one_language_reads_back_the_same_in_any(
    plan: Masterplan, exported: str, read: str
) -> None:
    data = _exported_in(exported, plan)
    with translation.override(read):
        preview = preview_import(plan, data)
    assert preview.errors == []
    assert [item.code for item in preview.unchanged] == ["P01", "P02"]
    assert preview.added == preview.changed == []


@pytest.mark.parametrize("spelling", ["short", "Short term", "Jangka pendek", "JANGKA PENDEK"])
def test_a_drop_down_cell_reads_a_code_or_a_label_of_either_language(
    plan: Masterplan, spelling: str
) -> None:
    data = edit(export_programmes(plan), set_cell("Programmes", 2, "Horizon", spelling))
    Programme.objects.filter(code="P01").update(horizon=Programme.Horizon.LONG)  # same version
    preview = preview_import(plan, data)
    assert preview.errors == []
    [changed] = preview.changed
    assert changed.fields["horizon"] == "short"
