"""Each region shows dates in its own time zone: WIB, WITA or WIT (issue 9, readable for
officials)."""

from __future__ import annotations

import importlib
from datetime import UTC, datetime
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from kotacerdas.regions import services
from kotacerdas.regions.models import Agency, Region
from kotacerdas.regions.reference import load_regions
from kotacerdas.regions.zones import zone_of_code

from ..conftest import World

WIB, WITA, WIT = Region.TimeZone.WIB, Region.TimeZone.WITA, Region.TimeZone.WIT


@pytest.mark.parametrize(
    ("code", "zone"),
    [
        ("31.71", WIB),  # Jakarta Pusat
        ("17.71", WIB),  # Kota Bengkulu
        ("61.71", WIB),  # Pontianak: Kalimantan Barat keeps WIB
        ("62.71", WIB),  # Palangka Raya
        ("51.71", WITA),  # Denpasar
        ("53.71", WITA),  # Kupang
        ("64.72", WITA),  # Samarinda
        ("65", WITA),  # Kalimantan Utara (province)
        ("73.71", WITA),  # Makassar
        ("75.71", WITA),  # Gorontalo
        ("81.71", WIT),  # Ambon
        ("82.72", WIT),  # Tidore Kepulauan
        ("91.71", WIT),  # Jayapura
        ("96.71", WIT),  # Sorong (Papua Barat Daya)
    ],
)
def test_the_zone_follows_the_province(code: str, zone: str) -> None:
    assert zone_of_code(code) == zone


@pytest.mark.django_db
def test_reference_regions_are_loaded_in_their_zones() -> None:
    zones = dict(
        Region.objects.filter(code__in=["17.71", "73.71", "91.71"]).values_list("code", "time_zone")
    )
    assert zones == {"17.71": WIB, "73.71": WITA, "91.71": WIT}
    counts = {z: Region.objects.filter(time_zone=z).count() for z in (WIB, WITA, WIT)}
    assert all(counts.values()) and sum(counts.values()) == Region.objects.count()


@pytest.mark.django_db
def test_the_loader_keeps_a_zone_the_national_admin_chose() -> None:
    Region.objects.filter(code="73.71").update(time_zone=WIB)
    load_regions()
    assert Region.objects.get(code="73.71").time_zone == WIB


@pytest.mark.django_db
def test_the_data_migration_fills_existing_regions() -> None:
    Region.objects.update(time_zone=WIB)
    migration = importlib.import_module("kotacerdas.regions.migrations.0003_fill_region_time_zones")
    migration.fill(apps, None)
    assert Region.objects.get(code="73.71").time_zone == WITA
    assert Region.objects.get(code="73").time_zone == WITA
    assert Region.objects.get(code="94.01").time_zone == WIT
    assert Region.objects.get(code="17.71").time_zone == WIB


def _audit_entry_at_six_utc(region: Region) -> None:
    entry = LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(Region),
        object_pk=str(region.pk),
        object_id=region.pk,
        object_repr=str(region),
        action=LogEntry.Action.UPDATE,
        changes={"name": [region.name, region.name + " Baru"]},
        additional_data={"region_id": region.pk},
    )
    LogEntry.objects.filter(pk=entry.pk).update(timestamp=datetime(2026, 11, 2, 6, 0, tzinfo=UTC))


@pytest.mark.parametrize(
    ("code", "shown"), [("73.71", "14:00 WITA"), ("31.71", "13:00 WIB"), ("91.71", "15:00 WIT")]
)
def test_change_log_shows_the_regions_local_time(world: World, code: str, shown: str) -> None:
    region = Region.objects.get(code=code)
    _audit_entry_at_six_utc(region)
    response = world.client("national_admin").get(
        reverse("regions:region_audit", kwargs={"code": code})
    )
    assert f"2 November 2026 {shown}" in response.content.decode()
    # The next request of this thread is back in the default zone.
    assert timezone.get_current_timezone_name() == settings.TIME_ZONE


def test_an_agency_history_follows_its_regions_zone(world: World) -> None:
    services.set_time_zone(world.region, actor=world.users["national_admin"], time_zone=WIT)
    services.update_agency(
        world.agency_b,
        actor=world.users["coordinator"],
        opened_version=world.agency_b.version,
        name="Dinkes Baru",
    )
    response = world.client("coordinator").get(
        reverse(
            "regions:agency_history", kwargs={"code": world.region.code, "pk": world.agency_b.pk}
        )
    )
    assert " WIT</td>" in response.content.decode()


def test_the_national_admin_changes_a_regions_zone_on_its_page(world: World) -> None:
    url = reverse("regions:region_detail", kwargs={"code": world.region.code})
    admin = world.client("national_admin")
    assert 'name="time_zone"' in admin.get(url).content.decode()
    assert 'name="time_zone"' not in world.client("coordinator").get(url).content.decode()
    response = admin.post(
        reverse("regions:region_time_zone", kwargs={"code": world.region.code}),
        {"time_zone": WITA},
        follow=True,
    )
    assert Region.objects.get(pk=world.region.pk).time_zone == WITA
    body = response.content.decode()
    assert "zona waktu WITA" in body
    entry = LogEntry.objects.get_for_object(world.region).first()
    assert entry is not None and "time_zone" in entry.changes_dict


def test_a_zone_that_does_not_exist_is_refused(world: World) -> None:
    response = world.client("national_admin").post(
        reverse("regions:region_time_zone", kwargs={"code": world.region.code}),
        {"time_zone": "Europe/Paris"},
        follow=True,
    )
    assert response.status_code == 200
    assert "WIB, WITA atau WIT" in response.content.decode()
    assert Region.objects.get(pk=world.region.pk).time_zone == WIB


def test_notifications_show_each_regions_zone(world: World, settings: Any) -> None:
    from kotacerdas.notifications.models import Notification

    Region.objects.filter(pk=world.other_region.pk).update(time_zone=WITA)
    user = world.users["coordinator"]
    for region in (world.region, world.other_region):
        notice = Notification.objects.create(user=user, region=region, kind="unknown", params={})
        Notification.objects.filter(pk=notice.pk).update(
            created=datetime(2026, 11, 2, 6, 0, tzinfo=UTC)
        )
    body = world.client("coordinator").get(reverse("notifications:notification_list")).content
    assert b"13:00 WIB" in body and b"14:00 WITA" in body


def test_agency_is_unchanged_by_zone_edits(world: World) -> None:
    before = Agency.objects.filter(region=world.region).count()
    services.set_time_zone(world.region, actor=world.users["national_admin"], time_zone=WIT)
    assert Agency.objects.filter(region=world.region).count() == before
