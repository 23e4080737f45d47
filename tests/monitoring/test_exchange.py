"""The indicators travel in the masterplan's Excel file (issue 10): a sheet of indicators and one
of their targets, registered by monitoring with planning's exchange; all or nothing, every bad
row named."""

from __future__ import annotations

import io
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.utils import translation
from openpyxl import Workbook, load_workbook

from kotacerdas.monitoring.models import Indicator, Target
from kotacerdas.planning.exchange.queries import export_programmes, preview_import
from kotacerdas.planning.exchange.services import ImportRefused, apply_import
from kotacerdas.planning.models import Masterplan, Programme

from ..conftest import World
from ..planning import factories as pf
from ..planning.exchange.test_exchange import edit, new_programme_row
from . import factories as f

INDICATORS, TARGETS = "Indicators", "Indicator targets"


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture
def plan(world: World) -> Masterplan:
    """A draft 2025–2029 plan: P01 (agency A) with IK01 (targets 2025 and 2026 Q2), P02
    (agency B) with IK02, and the impact indicator IK09."""
    masterplan, p01 = f.plan_with_programme(world, status="draft")
    p02 = pf.programme(masterplan, "P02", lead=world.agency_b)
    ik01 = f.indicator(masterplan, p01, "IK01", agency=world.agency_a)
    f.target(ik01, 2025, 50)
    f.target(ik01, 2026, "62.5", quarter=2)
    f.indicator(masterplan, p02, "IK02", agency=world.agency_b)
    f.indicator(masterplan, None, "IK09")
    return masterplan


def _rows(workbook: Workbook, title: str) -> list[dict[str, Any]]:
    sheet = workbook[title]
    header = [cell.value for cell in sheet[1]]
    return [dict(zip(header, row, strict=False)) for row in sheet.iter_rows(2, values_only=True)]


def _append(title: str, *rows: list[Any]) -> Any:
    def change(workbook: Workbook) -> None:
        for row in rows:
            workbook[title].append(row)

    return change


def _indicator_row(code: str, programme: str | None, **values: Any) -> list[Any]:
    row: dict[str, Any] = {
        "id": None,
        "version": None,
        "code": code,
        "name": f"Indicator {code}",
        "level": "Output",
        "programme": programme,
        "dimension": None,
        "unit": "%",
        "direction": "Higher is better",
        "range_min": None,
        "range_max": None,
        "baseline_value": None,
        "baseline_year": None,
        "data_source": "",
        "responsible_agency": None,
        "frequency": "yearly",
        "definition": "",
        **values,
    }
    return list(row.values())


def test_the_export_holds_every_indicator_and_its_targets(plan: Masterplan) -> None:
    workbook = load_workbook(io.BytesIO(export_programmes(plan)))
    assert workbook.sheetnames[3:5] == [INDICATORS, TARGETS]
    indicators = {row["Code"]: row for row in _rows(workbook, INDICATORS)}
    assert set(indicators) == {"IK01", "IK02", "IK09"}
    assert indicators["IK01"]["Programme code"] == "P01"
    assert indicators["IK01"]["Level"] == "Outcome"
    assert indicators["IK09"]["Programme code"] is None and indicators["IK09"]["Level"] == "Impact"
    targets = [(r["Indicator code"], r["Year"], r["Quarter"]) for r in _rows(workbook, TARGETS)]
    assert targets == [("IK01", 2025, None), ("IK01", 2026, 2)]
    with translation.override("id"):
        assert load_workbook(io.BytesIO(export_programmes(plan))).sheetnames[3] == "Indikator"


def test_the_file_as_exported_changes_nothing(plan: Masterplan) -> None:
    preview = preview_import(plan, export_programmes(plan))
    assert preview.errors == []
    work = preview.extras["indicators"]
    assert work.summary == "Indicators: 0 to add, 0 to change, 3 unchanged."
    assert not preview.has_work


def test_an_import_adds_an_indicator_to_a_new_programme_and_changes_targets(
    world: World, plan: Masterplan
) -> None:
    data = edit(
        export_programmes(plan),
        lambda wb: (
            wb["Programmes"].append(new_programme_row("P03")),
            wb[INDICATORS].append(_indicator_row("IK03", "P03")),
            wb[TARGETS].append(["IK03", 2027, None, 12]),
            wb[TARGETS].delete_rows(3),  # IK01's 2026 Q2 target
            wb[TARGETS].append(["IK01", 2029, None, "75.5"]),
        ),
    )
    preview = preview_import(plan, data)
    assert preview.errors == []
    assert preview.extras["indicators"].summary == (
        "Indicators: 1 to add, 1 to change, 2 unchanged."
    )
    apply_import(plan, data, actor=world.users["coordinator"])
    ik03 = Indicator.objects.get(masterplan=plan, code="IK03")
    assert ik03.programme == Programme.objects.get(masterplan=plan, code="P03")
    assert [(t.year, t.value) for t in ik03.targets.all()] == [(2027, Decimal(12))]
    ik01 = Indicator.objects.get(masterplan=plan, code="IK01")
    assert [(t.year, t.quarter, t.value) for t in ik01.targets.all()] == [
        (2025, None, Decimal(50)),
        (2029, None, Decimal("75.5")),
    ]
    assert LogEntry.objects.get_for_object(ik03).filter(actor=world.users["coordinator"])


def test_every_bad_indicator_row_is_named_and_nothing_is_written(
    world: World, plan: Masterplan
) -> None:
    data = edit(
        export_programmes(plan),
        _append(
            INDICATORS,
            _indicator_row("IK04", "P99"),
            _indicator_row("IK05", "P01", level="Impact"),
            _indicator_row("IK06", "P01", direction="Within a range", range_min=5),
        ),
    )
    data = edit(
        data,
        _append(TARGETS, ["IK77", 2026, None, 1], ["IK01", 2031, None, 1], ["IK01", 2026, 7, 1]),
    )
    preview = preview_import(plan, data)
    found = {(e.sheet, e.row, e.column) for e in preview.errors}
    assert found == {
        (INDICATORS, 5, "Programme code"),
        (INDICATORS, 6, "Level"),
        (INDICATORS, 7, "Range maximum"),
        (TARGETS, 4, "Indicator code"),
        (TARGETS, 5, "Year"),
        (TARGETS, 6, "Quarter"),
    }
    assert any("P99" in e.message for e in preview.errors)
    before = Target.objects.count()
    with pytest.raises(ImportRefused):
        apply_import(plan, data, actor=world.users["coordinator"])
    assert not Indicator.objects.filter(code__in=["IK04", "IK05", "IK06"]).exists()
    assert Target.objects.count() == before


def test_a_refused_indicator_undoes_the_programmes_of_the_same_file(
    world: World, plan: Masterplan
) -> None:
    """Agency B's editor renames their own P02 and changes IK01, which measures agency A's P01:
    the indicator service refuses, and the renamed programme is rolled back too."""
    from ..planning.exchange.test_exchange import set_cell

    data = edit(
        export_programmes(plan),
        lambda wb: (
            set_cell("Programmes", 3, "Name", "Renamed by B")(wb),
            set_cell(INDICATORS, 2, "Unit", "orang")(wb),
        ),
    )
    with pytest.raises(ImportRefused) as refused:
        apply_import(plan, data, actor=world.users["editor_b"])
    [error] = refused.value.errors
    assert (error.sheet, error.row) == (INDICATORS, 2)
    assert "You may not change indicator IK01." in error.message
    assert Programme.objects.get(masterplan=plan, code="P02").name != "Renamed by B"
    assert Indicator.objects.get(masterplan=plan, code="IK01").unit == "%"


def test_a_file_without_the_indicator_sheets_imports_its_programmes(
    world: World, plan: Masterplan
) -> None:
    def drop(workbook: Workbook) -> None:
        del workbook[INDICATORS]
        del workbook[TARGETS]

    data = edit(
        export_programmes(plan),
        lambda wb: (drop(wb), wb["Programmes"].append(new_programme_row("P05"))),
    )
    apply_import(plan, data, actor=world.users["coordinator"])
    assert Programme.objects.filter(masterplan=plan, code="P05").exists()
    assert Indicator.objects.filter(masterplan=plan).count() == 3


def test_the_import_page_says_what_the_file_does_to_the_indicators(
    world: World, plan: Masterplan
) -> None:
    """Only an indicator's target changes: the preview offers to import, and confirming
    writes it (in Indonesian, the default language)."""
    from django.urls import reverse

    data = edit(export_programmes(plan), _append(TARGETS, ["IK02", 2028, None, 9]))
    client = world.client("coordinator")
    url = reverse("planning:programme_import", kwargs={"pk": plan.pk})
    upload = io.BytesIO(data)
    upload.name = "catalogue.xlsx"
    response = client.post(url, {"action": "preview", "file": upload})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Indikator: 0 ditambahkan, 1 diubah, 2 tidak berubah." in page
    digest = response.context["digest"]
    assert client.post(url, {"action": "confirm", "digest": digest}).status_code == 302
    assert Target.objects.filter(indicator__code="IK02", year=2028, value=9).exists()
