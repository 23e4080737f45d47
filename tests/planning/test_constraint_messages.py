"""A value a database constraint refuses comes back as the constraint's own message, in the
user's language, on the field it concerns: through the pages, the API and the Excel import."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.urls import reverse

from kotacerdas.planning.models import Programme, Stakeholder
from kotacerdas.planning.programmes import checks
from kotacerdas.planning.quickwins import services as services_of_quick_wins

from ..conftest import World
from . import factories as f


def _programme_form(world: World, **values: Any) -> dict[str, Any]:
    return {
        "code": "L01",
        "name": "Telemedicine",
        "dimension": f.dimension("living").pk,
        "horizon": "short",
        "start_year": 2026,
        "end_year": 2027,
        "status": "planned",
        "lead_agency": world.agency_b.pk,
        "supports-TOTAL_FORMS": 0,
        "supports-INITIAL_FORMS": 0,
        "funding-TOTAL_FORMS": 0,
        "funding-INITIAL_FORMS": 0,
        **values,
    }


def test_page_end_year_before_start_year_is_told_on_the_last_year(world: World) -> None:
    plan = f.masterplan(world)
    client = world.client("coordinator")  # Indonesian pages
    url = reverse("planning:programme_create", kwargs={"pk": plan.pk})
    response = client.post(url, _programme_form(world, start_year=2027, end_year=2026))
    assert response.status_code == 200
    page = response.content.decode()
    assert "programme_end_not_before_start" not in page and "Constraint" not in page
    errors = response.context["form"].errors
    assert errors["end_year"] == ["Tahun terakhir mendahului tahun pertama."]
    assert "__all__" not in errors
    assert not Programme.objects.exists()


def test_page_duplicate_stakeholder_name_is_told_on_the_name(world: World, en: Any) -> None:
    plan = f.masterplan(world)
    Stakeholder.objects.create(masterplan=plan, group="academia", name="UNIB")
    url = reverse("planning:stakeholder_create", kwargs={"pk": plan.pk})
    response = en("coordinator").post(url, {"group": "academia", "name": "UNIB"})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors == {"name": ["A stakeholder with this name is already in this masterplan."]}
    assert Stakeholder.objects.count() == 1


def _post(client: Any, url: str, body: dict[str, Any], language: str = "en") -> Any:
    return client.post(
        url, json.dumps(body), content_type="application/json", HTTP_ACCEPT_LANGUAGE=language
    )


def _api_body(**values: Any) -> dict[str, Any]:
    return {
        "code": "P09",
        "name": "Parkir",
        "dimension_id": f.dimension().pk,
        "horizon": "short",
        "start_year": 2025,
        "end_year": 2026,
        **values,
    }


def test_api_end_year_before_start_year_names_the_field(world: World) -> None:
    plan = f.masterplan(world)
    url = reverse("api:create_programme", kwargs={"masterplan_id": plan.pk})
    response = _post(world.client("coordinator"), url, _api_body(start_year=2027), "id")
    assert response.status_code == 400
    assert response.json()["error"]["details"] == [
        {"field": "end_year", "message": "Tahun terakhir mendahului tahun pertama."}
    ]


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"code": "P01"}, "code", "This code is already used in this masterplan."),
        ({"start_year": 2027}, "end_year", "The last year comes before the first year."),
    ],
)
def test_api_a_row_the_database_refuses_is_a_422_naming_the_field(
    world: World, monkeypatch: Any, values: dict[str, Any], field: str, message: str
) -> None:
    """Two requests racing past the service's checks: the database has the last word, and the
    client reads the constraint's message, not a 500."""
    plan = f.masterplan(world)
    f.programme(plan, "P01")
    monkeypatch.setattr(checks, "check_fields", lambda *args: None)
    url = reverse("api:create_programme", kwargs={"masterplan_id": plan.pk})
    response = _post(world.client("coordinator"), url, _api_body(**{"code": "P02", **values}))
    assert response.status_code == 422, response.content
    assert response.json()["error"]["code"] == "invalid"
    assert response.json()["error"]["details"] == [{"field": field, "message": message}]
    assert Programme.objects.count() == 1


def test_page_a_row_the_database_refuses_comes_back_with_the_message(
    world: World, en: Any, monkeypatch: Any
) -> None:
    plan = f.masterplan(world)
    f.programme(plan, "L01")
    monkeypatch.setattr(checks, "check_fields", lambda *args: None)
    url = reverse("planning:programme_create", kwargs={"pk": plan.pk})
    response = en("coordinator").post(url, _programme_form(world, start_year=2025), follow=True)
    assert response.status_code == 200
    assert "This code is already used in this masterplan." in response.content.decode()
    assert Programme.objects.count() == 1


def test_page_refused_row_returns_to_the_page_the_form_was_on(
    world: World, en: Any, monkeypatch: Any
) -> None:
    """The quick-win form posts to an address that only takes POST: the message comes back on
    the quick-win page itself, not on a 405."""
    plan = f.masterplan(world)
    programme = f.programme(plan, "L01")
    criterion = plan.quick_win_criteria.create(key="impact", name_id="Dampak", name_en="Impact")
    monkeypatch.setattr(services_of_quick_wins, "_check_scores", lambda *args: None)
    page = reverse("planning:quickwin_view", kwargs={"pk": plan.pk})
    client = en("coordinator")
    response = client.post(
        reverse("planning:quickwin_scores", kwargs={"pk": plan.pk}),
        {f"s-{programme.pk}-{criterion.pk}": "9"},
        HTTP_REFERER=f"http://testserver{page}",
    )
    assert response.status_code == 302 and response["Location"].endswith(page)
    shown = client.get(page)
    assert "A score is between 1 and 5." in shown.content.decode()
