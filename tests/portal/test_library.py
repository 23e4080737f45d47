"""The national library of programmes: search of published programmes only, a programme's
page with funding and verified results, and copying one into a coordinator's draft."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kotacerdas.accounts.actors import SYSTEM
from kotacerdas.monitoring.summary_models import ProgrammeSummary
from kotacerdas.planning.models import Programme
from kotacerdas.portal import services
from kotacerdas.portal.library import Filters, search
from kotacerdas.portal.models import ProgrammeCopy

from ..conftest import World
from ..monitoring.factories import indicator, realisation
from ..planning.factories import fund, masterplan, programme
from .routes_consultation import draft
from .routes_library import published_programme

DRAFT_MARKER = "DRAF-RAHASIA-4410"


@pytest.fixture(autouse=True)
def _english(settings: Any) -> None:
    settings.LANGUAGE_CODE = "en"


def _codes(**filters: str) -> set[str]:
    return {p.code for p in search(Filters(**filters))}


def test_only_published_programmes_are_in_the_library(world: World) -> None:
    published_programme(world)
    programme(draft(world)[0], "D01", name=DRAFT_MARKER)
    assert _codes() == {"TM01"}
    page = Client().get(reverse("library:programme_list")).content.decode()
    assert "Tele-medicine puskesmas" in page
    assert DRAFT_MARKER not in page
    draft_programme = Programme.objects.get(code="D01")
    url = reverse("library:programme_detail", kwargs={"pk": draft_programme.pk})
    assert Client().get(url).status_code == 404


def test_search_by_dimension_topic_agency_kind_region_kind_and_words(world: World) -> None:
    tm01 = published_programme(world)
    plan = tm01.masterplan
    programme(plan, "GV01", dim="governance", name="Mal pelayanan publik")
    assert _codes(dimension="living") == {"TM01"}
    assert _codes(element=tm01.element.code) == {"TM01"}  # type: ignore[union-attr]
    tag = tm01.element.tags[0]["code"]  # type: ignore[union-attr]
    assert _codes(tag=tag) == {"TM01"}
    assert _codes(agency_kind="dinas") == {"TM01"}
    assert _codes(region_kind="kota") == {"TM01", "GV01"}
    assert _codes(region_kind="kabupaten") == set()
    # "tele-medicine led by the health agency, supported by Diskominfo"
    assert _codes(text="tele-medicine diskominfo") == {"TM01"}
    response = Client().get(
        reverse("library:programme_list"), {"dimension": "living", "q": "puskesmas"}
    )
    assert "Tele-medicine puskesmas" in response.content.decode()
    assert "Mal pelayanan publik" not in response.content.decode()


def test_a_programme_page_shows_funding_and_only_verified_results(world: World) -> None:
    tm01 = published_programme(world)
    fund(tm01, 1_250_000_000, year=2022)
    ind = indicator(tm01.masterplan, tm01, code="IK9", name="Puskesmas terhubung")
    realisation(ind, 2022, "12", state="verified")
    realisation(ind, 2023, "99", state="reported")
    page = (
        Client().get(reverse("library:programme_detail", kwargs={"pk": tm01.pk})).content.decode()
    )
    assert "Rp 1.250.000.000" in page
    assert "Puskesmas terhubung" in page
    assert "12 % (2022)" in page
    assert "99" not in page.split("Puskesmas terhubung")[1].split("</tr>")[0]


def test_the_coordinator_copies_a_programme_into_its_draft(world: World) -> None:
    source = published_programme(world)
    fund(source, 500_000_000, year=2022)
    plan, _p01 = draft(world)
    client = world.client("coordinator")
    response = client.post(
        reverse("library:programme_copy", kwargs={"pk": source.pk}), {"masterplan": plan.pk}
    )
    copy = Programme.objects.get(masterplan=plan, code="TM01")
    assert response.status_code == 302
    assert response["Location"] == reverse("planning:programme_detail", kwargs={"pk": copy.pk})
    # Agencies matched by name to the region's own; years moved to the draft's period.
    assert copy.lead_agency == world.agency_b  # Kota Bengkulu's Dinkes
    assert [s.agency for s in copy.supports.all()] == [world.agency_a]  # its Diskominfo
    assert (copy.start_year, copy.end_year) == (2025, 2026)
    assert copy.name == source.name and copy.dimension.code == source.dimension.code
    assert not copy.funding.exists()
    assert ProgrammeCopy.objects.get(copy=copy).source == source
    # Nothing is shared after the copy.
    copy.name = "Telemedisin Bengkulu"
    copy.save()
    source.refresh_from_db()
    assert source.name == "Tele-medicine puskesmas"
    page = (
        Client().get(reverse("library:programme_detail", kwargs={"pk": source.pk})).content.decode()
    )
    assert 'Copied by other regions</dt><dd class="col-sm-9">1' in page


def test_a_taken_code_gets_a_suffix(world: World) -> None:
    source = published_programme(world)
    plan, _p01 = draft(world)
    programme(plan, "TM01")
    copy = services.copy_programme(source, plan, actor=SYSTEM)
    assert copy.code == "TM01-2"


def test_copies_only_from_published_into_draft(world: World) -> None:
    source = published_programme(world)
    published_here = masterplan(world, status="published", start_year=2019)
    with pytest.raises(ValidationError, match="draft masterplan only"):
        services.copy_programme(source, published_here, actor=SYSTEM)
    plan, p01 = draft(world)
    with pytest.raises(ValidationError, match="published masterplans"):
        services.copy_programme(p01, plan, actor=SYSTEM)


def test_the_copy_form_is_offered_to_a_coordinator_only(world: World) -> None:
    source = published_programme(world)
    draft(world)
    url = reverse("library:programme_detail", kwargs={"pk": source.pk})
    assert "Copy into your draft" in world.client("coordinator").get(url).content.decode()
    for persona in ("anonymous", "editor_a", "national_admin"):
        assert "Copy into your draft" not in world.client(persona).get(url).content.decode()


def _count(url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert Client().get(url).status_code == 200
    return len(queries)


def test_the_library_costs_the_same_queries_for_few_and_many_programmes(world: World) -> None:
    tm01 = published_programme(world)
    url = reverse("library:programme_list")
    few = _count(url)
    for i in range(40):
        p = programme(tm01.masterplan, f"X{i:02d}", lead=tm01.lead_agency)
        fund(p)
        indicator(tm01.masterplan, p, code=f"I{i}")
    assert _count(url) == few
    assert _count(url + "?page=2") == few


def test_the_api_searches_published_programmes_with_the_same_queries(world: World) -> None:
    tm01 = published_programme(world)
    programme(draft(world)[0], "D01", name=DRAFT_MARKER)
    url = reverse("api:list_library_programmes")
    body = Client().get(url, {"dimension": "living"}).json()
    assert [p["code"] for p in body["items"]] == ["TM01"]
    assert DRAFT_MARKER not in str(Client().get(url).json())
    few = _count(url)
    for i in range(30):
        fund(programme(tm01.masterplan, f"Y{i:02d}"))
    assert _count(url) == few
    detail = Client().get(reverse("api:get_library_programme", kwargs={"programme_id": tm01.pk}))
    assert detail.json()["supporting_agencies"] == [str(tm01.supports.get().agency)]


def test_the_latest_monitoring_status_is_shown_in_words(world: World) -> None:
    tm01 = published_programme(world)
    ProgrammeSummary.objects.create(programme=tm01, masterplan=tm01.masterplan, status="at_risk")
    page = Client().get(reverse("library:programme_list")).content.decode()
    assert "At risk" in page
