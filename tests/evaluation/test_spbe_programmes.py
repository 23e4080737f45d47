"""Programmes are tagged with the SPBE indicators they raise where programmes are edited: the
programme's create and edit forms and the masterplan's Excel file (registered by evaluation
through planning's hooks; planning does not import evaluation)."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from kotacerdas.accounts.actors import SYSTEM
from kotacerdas.evaluation import spbe_services
from kotacerdas.evaluation.spbe_models import SpbeIndicator, SpbeProgrammeTag
from kotacerdas.evaluation.spbe_programmes import current_instrument
from kotacerdas.planning.exchange.queries import export_programmes, preview_import
from kotacerdas.planning.exchange.services import ImportRefused, apply_import
from kotacerdas.planning.models import Masterplan, Programme, Stakeholder
from kotacerdas.planning.programmes.models import (
    FundingLine,
    ProgrammeDependency,
    ProgrammeSupport,
)

from ..conftest import World
from ..monitoring.factories import plan_with_programme
from ..planning import factories as pf
from ..planning.conftest import query_count
from ..planning.exchange.test_exchange import edit, new_programme_row

pytestmark = pytest.mark.django_db


def _indicator(number: int) -> SpbeIndicator:
    instrument = current_instrument()
    assert instrument is not None
    return instrument.indicators.get(number=number)


def _tagged(programme: Programme) -> list[int]:
    return sorted(
        SpbeProgrammeTag.objects.filter(programme=programme).values_list(
            "indicator__number", flat=True
        )
    )


def _form_data(programme: Programme, **values: Any) -> dict[str, Any]:
    return {
        "version": programme.version,
        "code": programme.code,
        "name": programme.name,
        "dimension": programme.dimension_id,
        "horizon": programme.horizon,
        "start_year": programme.start_year,
        "end_year": programme.end_year,
        "status": programme.status,
        "lead_agency": programme.lead_agency_id or "",
        "supports-TOTAL_FORMS": 0,
        "supports-INITIAL_FORMS": 0,
        "funding-TOTAL_FORMS": 0,
        "funding-INITIAL_FORMS": 0,
        **values,
    }


# --- the programme form -------------------------------------------------------------------


def _new(plan: Masterplan, first: Programme, code: str = "P09", **values: Any) -> dict[str, Any]:
    data = _form_data(first, code=code, name="Satu data", **values)
    del data["version"]
    return data


def test_the_coordinator_tags_a_new_programme_in_its_form(world: World) -> None:
    plan, first = plan_with_programme(world, status="draft")
    client = world.client("coordinator")
    url = reverse("planning:programme_create", kwargs={"pk": plan.pk})
    page = client.get(url).content.decode()
    assert 'name="spbe_indicators"' in page and str(_indicator(11)) in page
    data = _new(plan, first, spbe_indicators=[_indicator(3).pk, _indicator(11).pk])
    assert client.post(url, data).status_code == 302
    assert _tagged(Programme.objects.get(masterplan=plan, code="P09")) == [3, 11]


def test_an_agency_editor_does_not_get_the_field_and_edits_keep_the_tags(world: World) -> None:
    plan, programme = plan_with_programme(world, status="draft")
    spbe_services.set_programme_spbe_tags(programme, actor=SYSTEM, indicators=[_indicator(5)])
    client = world.client("editor_a")
    create = reverse("planning:programme_create", kwargs={"pk": plan.pk})
    assert 'name="spbe_indicators"' not in client.get(create).content.decode()
    url = reverse("planning:programme_edit", kwargs={"pk": programme.pk})
    data = _form_data(programme, name="Renamed", spbe_indicators=[_indicator(6).pk])
    assert client.post(url, data).status_code == 302
    assert _tagged(programme) == [5]


def test_an_indicator_not_offered_is_refused_and_nothing_is_saved(world: World) -> None:
    plan, first = plan_with_programme(world, status="draft")
    url = reverse("planning:programme_create", kwargs={"pk": plan.pk})
    page = world.client("coordinator").post(url, _new(plan, first, spbe_indicators=["999999"]))
    assert page.status_code == 200 and "invalid-feedback" in page.content.decode()
    assert not Programme.objects.filter(masterplan=plan, code="P09").exists()


def test_a_refused_tag_undoes_the_programme_save(world: World, monkeypatch: Any) -> None:
    plan, first = plan_with_programme(world, status="draft")

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise ValidationError({"indicators": "Ditolak."})

    monkeypatch.setattr(spbe_services, "set_programme_spbe_tags", refuse)
    url = reverse("planning:programme_create", kwargs={"pk": plan.pk})
    page = world.client("coordinator").post(
        url, _new(plan, first, spbe_indicators=[_indicator(11).pk])
    )
    assert page.status_code == 200 and "Ditolak." in page.content.decode()
    assert not Programme.objects.filter(masterplan=plan, code="P09").exists()


def test_the_create_form_stays_within_the_query_budget(world: World) -> None:
    plan, _first = plan_with_programme(world, status="draft")
    url = reverse("planning:programme_create", kwargs={"pk": plan.pk})
    assert query_count(world.client("coordinator"), url) <= 15


def _selected(page: str, name: str) -> set[str]:
    """The values selected in a form's multiple choice list."""
    start = page.index(f'name="{name}"')
    block = page[start : page.index("</select>", start)]
    return set(re.findall(r'<option value="(\d+)"[^>]*selected', block))


def test_the_coordinator_changes_a_programmes_tags_in_its_edit_form(world: World) -> None:
    plan, programme = plan_with_programme(world, status="draft")
    spbe_services.set_programme_spbe_tags(programme, actor=SYSTEM, indicators=[_indicator(5)])
    client = world.client("coordinator")
    url = reverse("planning:programme_edit", kwargs={"pk": programme.pk})
    page = client.get(url).content.decode()
    assert _selected(page, "spbe_indicators") == {str(_indicator(5).pk)}
    data = _form_data(
        programme, name="Renamed", spbe_indicators=[_indicator(3).pk, _indicator(11).pk]
    )
    assert client.post(url, data).status_code == 302
    programme.refresh_from_db()
    assert programme.name == "Renamed" and _tagged(programme) == [3, 11]
    page = client.get(url).content.decode()
    assert _selected(page, "spbe_indicators") == {str(_indicator(3).pk), str(_indicator(11).pk)}


def test_an_agency_editor_does_not_see_the_field_on_the_edit_form(world: World) -> None:
    _plan, programme = plan_with_programme(world, status="draft")
    url = reverse("planning:programme_edit", kwargs={"pk": programme.pk})
    page = world.client("editor_a").get(url)
    assert page.status_code == 200 and 'name="spbe_indicators"' not in page.content.decode()


def test_a_refused_tag_undoes_the_programme_edit(world: World, monkeypatch: Any) -> None:
    _plan, programme = plan_with_programme(world, status="draft")

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise ValidationError({"indicators": "Ditolak."})

    monkeypatch.setattr(spbe_services, "set_programme_spbe_tags", refuse)
    url = reverse("planning:programme_edit", kwargs={"pk": programme.pk})
    data = _form_data(programme, name="Renamed", spbe_indicators=[_indicator(11).pk])
    page = world.client("coordinator").post(url, data)
    assert page.status_code == 200 and "Ditolak." in page.content.decode()
    programme.refresh_from_db()
    assert programme.name == "Programme P01" and _tagged(programme) == []


def _grow(plan: Masterplan, programme: Programme, world: World, size: int) -> None:
    """``size`` more programmes, partners, dependencies, agencies, funding lines and tags."""
    others = [pf.programme(plan, f"Q{n:02}", lead=world.agency_b) for n in range(size)]
    partners = [
        Stakeholder.objects.create(masterplan=plan, group="academia", name=f"Kampus {n}")
        for n in range(size)
    ]
    programme.partners.add(*partners)
    for n, other in enumerate(others):
        ProgrammeDependency.objects.create(programme=programme, depends_on=other)
        FundingLine.objects.create(programme=programme, source="apbd", year=2025, amount=n + 1)
    ProgrammeSupport.objects.create(programme=programme, agency=world.agency_b)
    spbe_services.set_programme_spbe_tags(
        programme, actor=SYSTEM, indicators=[_indicator(n + 1) for n in range(size)]
    )


def test_the_edit_form_keeps_its_query_count_whatever_hangs_off_the_programme(
    world: World,
) -> None:
    plan, programme = plan_with_programme(world, status="draft")
    client = world.client("coordinator")
    url = reverse("planning:programme_edit", kwargs={"pk": programme.pk})
    small = query_count(client, url)
    _grow(plan, programme, world, 6)
    assert query_count(client, url) == small <= 15
    page = client.get(url).content.decode()
    assert len(_selected(page, "partners")) == 6 and len(_selected(page, "depends_on")) == 6
    assert len(_selected(page, "spbe_indicators")) == 6


# --- the Excel file ---------------------------------------------------------------------------


@pytest.fixture
def plan(world: World) -> Iterator[Masterplan]:
    """A draft plan: P01 raising indicators 11 and 12, P02 raising nothing; the file is read
    and written in English."""
    masterplan, p01 = plan_with_programme(world, status="draft")
    pf.programme(masterplan, "P02", lead=world.agency_b)
    spbe_services.set_programme_spbe_tags(
        p01, actor=SYSTEM, indicators=[_indicator(11), _indicator(12)]
    )
    with translation.override("en"):
        yield masterplan


def _sheet_rows(data: bytes) -> list[tuple[Any, ...]]:
    sheet = load_workbook(io.BytesIO(data))["SPBE"]
    return [row[:3] for row in sheet.iter_rows(2, values_only=True)]


def test_the_excel_round_trip_reads_back_what_it_wrote(world: World, plan: Masterplan) -> None:
    code = current_instrument().code  # type: ignore[union-attr]
    data = export_programmes(plan)
    assert _sheet_rows(data) == [("P01", code, 11), ("P01", code, 12)]
    preview = preview_import(plan, data)
    assert preview.errors == [] and preview.extras["spbe"].changes == 0
    changed = edit(
        data,
        lambda wb: (
            wb["Programmes"].append(new_programme_row("P03")),
            wb["SPBE"].delete_rows(3),  # P01's indicator 12
            wb["SPBE"].append(["P02", code, 4, None]),
            wb["SPBE"].append(["P03", code, 5, None]),
        ),
    )
    preview = preview_import(plan, changed)
    assert preview.errors == [] and preview.extras["spbe"].changes == 3
    apply_import(plan, changed, actor=world.users["coordinator"])
    assert _sheet_rows(export_programmes(plan)) == [
        ("P01", code, 11),
        ("P02", code, 4),
        ("P03", code, 5),
    ]


def test_every_bad_tag_row_is_named_and_nothing_is_written(world: World, plan: Masterplan) -> None:
    code = current_instrument().code  # type: ignore[union-attr]
    data = edit(
        export_programmes(plan),
        lambda wb: (
            wb["Programmes"].append(new_programme_row("P03")),
            wb["SPBE"].append(["P03", code, 4, None]),
            wb["SPBE"].append(["P99", code, 4, None]),
            wb["SPBE"].append(["P02", "ipd-9999", 4, None]),
            wb["SPBE"].append(["P02", code, 99, None]),
            wb["SPBE"].append(["P01", code, 11, None]),
        ),
    )
    errors = preview_import(plan, data).errors
    assert {(e.sheet, e.row) for e in errors} == {
        ("SPBE", 5),
        ("SPBE", 6),
        ("SPBE", 7),
        ("SPBE", 8),
    }
    messages = " ".join(e.message for e in errors)
    assert "P99" in messages and "ipd-9999" in messages and "99" in messages
    with pytest.raises(ImportRefused):
        apply_import(plan, data, actor=world.users["coordinator"])
    assert not Programme.objects.filter(masterplan=plan, code="P03").exists()
    assert _tagged(Programme.objects.get(masterplan=plan, code="P01")) == [11, 12]


def test_an_editor_may_not_change_tags_through_the_file(world: World, plan: Masterplan) -> None:
    code = current_instrument().code  # type: ignore[union-attr]
    data = edit(export_programmes(plan), lambda wb: wb["SPBE"].append(["P02", code, 4, None]))
    with pytest.raises(ImportRefused) as refused:
        apply_import(plan, data, actor=world.users["editor_b"])
    [error] = refused.value.errors
    assert error.sheet == "SPBE" and "P02" in error.message
    assert _tagged(Programme.objects.get(masterplan=plan, code="P02")) == []


def test_a_file_without_the_spbe_sheet_leaves_the_tags_alone(
    world: World, plan: Masterplan
) -> None:
    data = edit(export_programmes(plan), lambda wb: wb.remove(wb["SPBE"]))
    preview = preview_import(plan, data)
    assert preview.errors == [] and preview.extras["spbe"].changes == 0
    apply_import(plan, data, actor=world.users["coordinator"])
    assert _tagged(Programme.objects.get(masterplan=plan, code="P01")) == [11, 12]


def test_the_programme_api_lists_the_spbe_indicators_it_raises(world: World) -> None:
    plan, programme = plan_with_programme(world, status="draft")
    spbe_services.set_programme_spbe_tags(
        programme, actor=SYSTEM, indicators=[_indicator(12), _indicator(11)]
    )
    client = world.client("editor_a")
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    body = client.get(f"/api/v1/programmes/{programme.pk}").json()
    tags = body["extras"]["spbe_indicators"]
    assert [(t["instrument"], t["number"]) for t in tags] == [
        (_indicator(11).instrument.code, 11),
        (_indicator(11).instrument.code, 12),
    ]
    assert tags[0]["indicator_id"] == _indicator(11).pk
    assert tags[0]["name"] == _indicator(11).name_en
    # The list carries them too; an untagged programme lists none.
    pf.programme(plan, "P02")
    listed = client.get(f"/api/v1/masterplans/{plan.pk}/programmes").json()["items"]
    assert {p["code"]: len(p["extras"]["spbe_indicators"]) for p in listed} == {"P01": 2, "P02": 0}


def test_the_programme_list_costs_the_same_for_5_and_50_tagged_programmes(
    world: World,
) -> None:
    plan, _first = plan_with_programme(world, status="draft")
    indicators = [_indicator(11), _indicator(12)]
    client = world.client("coordinator")
    url = f"/api/v1/masterplans/{plan.pk}/programmes?limit=100"

    def grow_to(count: int) -> None:
        for n in range(Programme.objects.filter(masterplan=plan).count() + 1, count + 1):
            programme = pf.programme(plan, f"P{n:02d}")
            spbe_services.set_programme_spbe_tags(programme, actor=SYSTEM, indicators=indicators)

    grow_to(5)
    small = query_count(client, url)
    assert len(client.get(url).json()["items"]) == 5
    grow_to(50)
    large = query_count(client, url)
    items = client.get(url).json()["items"]
    assert len(items) == 50
    assert all(len(p["extras"]["spbe_indicators"]) == 2 for p in items[1:])
    assert small == large
