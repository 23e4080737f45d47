"""Region list, region home, agency pages and the region change log."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kotacerdas.accounts.actors import SYSTEM
from kotacerdas.regions import services
from kotacerdas.regions.models import Agency, Region

from ..conftest import World


def _names(response: Any) -> list[str]:
    return [region.name for region in response.context["page"]]


def test_region_list_searches_by_name_and_code(client: Any, db: Any) -> None:
    url = reverse("regions:region_list")
    assert "Kota Bengkulu" in _names(client.get(url, {"q": "Bengkulu"}))
    assert _names(client.get(url, {"q": "17.71"})) == ["Kota Bengkulu"]
    page = client.get(url, {"q": "zzzz"})
    assert page.context["page"].paginator.count == 0


def test_region_list_filters_by_province_and_kind(client: Any, db: Any) -> None:
    response = client.get(reverse("regions:region_list"), {"province": "17", "kind": "kota"})
    assert _names(response) == ["Kota Bengkulu"]
    response = client.get(reverse("regions:region_list"), {"kind": "province"})
    assert response.context["page"].paginator.count == 38


def test_region_list_paginates_and_keeps_filters(client: Any, db: Any) -> None:
    response = client.get(reverse("regions:region_list"), {"kind": "kabupaten", "page": 2})
    assert response.context["page"].number == 2
    assert len(response.context["page"]) == 50
    assert 'href="?kind=kabupaten&amp;page=3"' in response.content.decode()


def test_bad_filter_values_do_not_break_the_list(client: Any, db: Any) -> None:
    response = client.get(reverse("regions:region_list"), {"kind": "planet", "page": "x"})
    assert response.status_code == 200
    assert response.context["form"].errors["kind"]


def test_htmx_request_gets_only_the_table(client: Any, db: Any) -> None:
    response = client.get(reverse("regions:region_list"), {"q": "Bengkulu"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "<html" not in body and "Kota Bengkulu" in body


def test_region_list_query_count_does_not_grow_with_regions(client: Any, db: Any) -> None:
    url = reverse("regions:region_list")
    with CaptureQueriesContext(connection) as few:
        client.get(url, {"q": "Kota B"})  # a handful of regions
    with CaptureQueriesContext(connection) as many:
        client.get(url)  # all 552, one page of 50
    assert len(few) == len(many) <= 4


def test_region_home_shows_agencies_to_members_only(world: World) -> None:
    url = reverse("regions:region_detail", kwargs={"code": world.region.code})
    member = world.client("editor_b").get(url)
    assert "Dinas Komunikasi dan Informatika" in member.content.decode()
    outsider = world.client("other_coordinator").get(url)
    assert outsider.status_code == 200
    assert "Dinas Komunikasi dan Informatika" not in outsider.content.decode()
    assert "Kota Bengkulu" in outsider.content.decode()


def test_region_outside_the_programme_offers_no_links_to_pages_it_cannot_have(
    world: World,
) -> None:
    """A kabupaten not (yet) in the programme has no Bimtek page and no public page: its home
    links to neither, while an active region's home offers them."""
    client = world.client("province_viewer")
    outside = client.get(reverse("regions:region_detail", kwargs={"code": "17.01"}))
    assert outside.status_code == 200
    assert 'data-testid="region-more"' not in outside.content.decode()
    assert "/regions/17.01/guidance/" not in outside.content.decode()
    active = client.get(reverse("regions:region_detail", kwargs={"code": world.region.code}))
    assert f"/regions/{world.region.code}/guidance/" in active.content.decode()


def _queries_before_and_after_more_agencies(
    world: World, url: str, more: int
) -> tuple[int, int, Any]:
    """Query counts of one page before and after the region gains ``more`` agencies."""
    client = world.client("coordinator")
    client.get(url)  # warm caches (content types, sessions) so both counts compare
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    Agency.objects.bulk_create(
        Agency(region=world.region, code=f"kec-{i}", name=f"Kecamatan {i}", kind="kecamatan")
        for i in range(more)
    )
    with CaptureQueriesContext(connection) as after:
        response = client.get(url)
    return len(before), len(after), response


def test_region_home_query_count_bounded_whatever_the_agency_count(world: World) -> None:
    url = reverse("regions:region_detail", kwargs={"code": world.region.code})
    before, after, _ = _queries_before_and_after_more_agencies(world, url, 300)
    assert before == after <= 10


def test_province_home_lists_its_districts(client: Any, db: Any) -> None:
    response = client.get(reverse("regions:region_detail", kwargs={"code": "17"}))
    assert "Kota Bengkulu" in response.content.decode()
    assert len(response.context["districts"]) == 10


def test_unknown_region_is_a_friendly_404(client: Any, db: Any) -> None:
    response = client.get(reverse("regions:region_detail", kwargs={"code": "99.99"}))
    assert response.status_code == 404
    assert "<html" in response.content.decode()


def test_national_admin_takes_a_region_into_the_programme(world: World) -> None:
    client = world.client("national_admin")
    client.post(reverse("regions:region_activate", kwargs={"code": "13.06"}))
    assert Region.objects.get(code="13.06").is_active
    response = client.post(reverse("regions:region_activate", kwargs={"code": "13"}), follow=True)
    assert not Region.objects.get(code="13").is_active
    assert list(response.context["messages"])


def test_agency_list_query_count_is_bounded(world: World) -> None:
    url = reverse("regions:agency_list", kwargs={"code": world.region.code})
    before, after, response = _queries_before_and_after_more_agencies(world, url, 200)
    assert before == after
    assert len(response.context["agencies"]) > 200


def test_coordinator_adds_renames_retires_and_merges_agencies(world: World) -> None:
    client = world.client("coordinator")
    code = world.region.code
    client.post(
        reverse("regions:agency_create", kwargs={"code": code}),
        {"name": "Kecamatan Ratu Agung", "acronym": "", "kind": "kecamatan"},
    )
    new = Agency.objects.get(region=world.region, name="Kecamatan Ratu Agung")
    client.post(
        reverse("regions:agency_edit", kwargs={"code": code, "pk": new.pk}),
        {"name": "Kec. Ratu Agung", "acronym": "RA", "kind": "kecamatan", "version": new.version},
    )
    new.refresh_from_db()
    assert (new.name, new.acronym) == ("Kec. Ratu Agung", "RA")
    client.post(reverse("regions:agency_retire", kwargs={"code": code, "pk": new.pk}))
    assert Agency.objects.get(pk=new.pk).retired_at is not None
    client.post(reverse("regions:agency_reinstate", kwargs={"code": code, "pk": new.pk}))
    merge = reverse("regions:agency_merge", kwargs={"code": code, "pk": new.pk})
    assert client.get(merge).status_code == 200
    client.post(merge, {"target": world.agency_a.pk})
    assert Agency.objects.get(pk=new.pk).merged_into == world.agency_a


def test_edit_conflict_shows_both_values_and_saves_nothing(world: World) -> None:
    client = world.client("coordinator")
    agency = world.agency_b
    opened = agency.version
    services.update_agency(agency, actor=SYSTEM, opened_version=opened, name="Disimpan orang lain")
    url = reverse("regions:agency_edit", kwargs={"code": world.region.code, "pk": agency.pk})
    response = client.post(
        url, {"name": "Punya saya", "acronym": "", "kind": "dinas", "version": opened}
    )
    assert response.status_code == 200
    assert response.context["conflict"].name == "Disimpan orang lain"
    assert 'value="Punya saya"' in response.content.decode()
    assert Agency.objects.get(pk=agency.pk).name == "Disimpan orang lain"


def test_agency_form_names_the_missing_field(world: World) -> None:
    client = world.client("coordinator")
    response = client.post(
        reverse("regions:agency_create", kwargs={"code": world.region.code}),
        {"name": "", "kind": "dinas"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["name"]


def test_merge_form_refuses_an_agency_of_another_region(world: World) -> None:
    client = world.client("coordinator")
    foreign = world.other_region.agencies.first()
    assert foreign is not None
    url = reverse(
        "regions:agency_merge", kwargs={"code": world.region.code, "pk": world.agency_b.pk}
    )
    response = client.post(url, {"target": foreign.pk})
    assert response.status_code == 200
    assert response.context["form"].errors["target"]
    assert Agency.objects.get(pk=world.agency_b.pk).merged_into is None


def test_region_log_lists_changes_and_filters(world: World) -> None:
    coordinator = world.users["coordinator"]
    client = world.client("coordinator")
    client.post(
        reverse(
            "regions:agency_retire", kwargs={"code": world.region.code, "pk": world.agency_b.pk}
        )
    )
    url = reverse("regions:region_audit", kwargs={"code": world.region.code})
    entries = list(client.get(url, {"actor": "coord"}).context["page"])
    assert entries and all(e.actor == coordinator for e in entries)
    assert any("retired_at" in e.changes_dict for e in entries)
    only_memberships = client.get(url, {"model": "accounts.membership"}).context["page"]
    assert all(e.content_type.model == "membership" for e in only_memberships)
    other = world.client("other_coordinator").get(
        reverse("regions:region_audit", kwargs={"code": world.other_region.code})
    )
    assert all(e.additional_data.get("region_id") != world.region.pk for e in other.context["page"])


def test_agency_history_shows_who_changed_what(world: World) -> None:
    services.update_agency(
        world.agency_b,
        actor=world.users["coordinator"],
        opened_version=world.agency_b.version,
        name="Dinkes Baru",
    )
    response = world.client("editor_a").get(
        reverse(
            "regions:agency_history", kwargs={"code": world.region.code, "pk": world.agency_b.pk}
        )
    )
    body = response.content.decode()
    assert "Dinkes Baru" in body and "Dinas Kesehatan" in body
