"""Activating regions and managing agencies: nothing that refers to an agency is lost."""

from __future__ import annotations

from typing import Any

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError

from kotacerdas.accounts.actors import SYSTEM
from kotacerdas.accounts.models import Membership, Role
from kotacerdas.lib.concurrency import ConcurrentEditError
from kotacerdas.regions import services
from kotacerdas.regions.models import Agency, Region
from kotacerdas.regions.reference import agency_template

from ..conftest import World


def test_activation_creates_the_standard_agencies_once(db: Any) -> None:
    region = Region.objects.get(code="13.06")
    assert services.activate_region(region, actor=SYSTEM) == len(agency_template())
    region.refresh_from_db()
    assert region.is_active and region.activated_at is not None
    assert services.activate_region(region, actor=SYSTEM) == 0
    assert region.agencies.count() == len(agency_template())


def test_a_province_cannot_join_the_programme(db: Any) -> None:
    with pytest.raises(ValidationError):
        services.activate_region(Region.objects.get(code="17"), actor=SYSTEM)


def test_new_agency_gets_a_unique_code(world: World) -> None:
    coordinator = world.users["coordinator"]
    first = services.create_agency(
        world.region,
        actor=coordinator,
        name="Kecamatan Gading Cempaka",
        acronym="",
        kind="kecamatan",
    )
    second = services.create_agency(
        world.region,
        actor=coordinator,
        name="Kecamatan Gading Cempaka",
        acronym="",
        kind="kecamatan",
    )
    assert first.code == "kecamatan-gading-cempaka"
    assert second.code == "kecamatan-gading-cempaka-2"
    entry = LogEntry.objects.get_for_object(first).get()
    assert entry.actor == coordinator
    assert entry.additional_data == {"region_id": world.region.pk}


def test_renaming_is_audited_with_old_and_new_value(world: World) -> None:
    agency = world.agency_b
    services.update_agency(
        agency,
        actor=world.users["coordinator"],
        opened_version=agency.version,
        name="Dinas Kesehatan Kota Bengkulu",
    )
    entry = LogEntry.objects.get_for_object(agency).order_by("-pk").first()
    assert entry is not None
    assert entry.changes_dict["name"] == ["Dinas Kesehatan", "Dinas Kesehatan Kota Bengkulu"]


def test_second_writer_is_told_not_silently_overwritten(world: World) -> None:
    agency = world.agency_b
    opened = agency.version
    services.update_agency(
        agency, actor=world.users["coordinator"], opened_version=opened, name="Nama pertama"
    )
    with pytest.raises(ConcurrentEditError) as caught:
        services.update_agency(
            agency, actor=world.users["national_admin"], opened_version=opened, name="Nama kedua"
        )
    assert caught.value.current.name == "Nama pertama"  # type: ignore[attr-defined]
    agency.refresh_from_db()
    assert agency.name == "Nama pertama"


def test_merge_moves_every_reference_and_retires_the_source(world: World) -> None:
    editors = Membership.objects.filter(role=Role.AGENCY_EDITOR, agency=world.agency_b)
    expected = editors.count()
    editor = editors.get(user=world.users["editor_b"])
    moved = services.merge_agencies(
        world.agency_b, world.agency_a, actor=world.users["coordinator"]
    )
    assert moved == expected >= 1
    editor.refresh_from_db()
    assert editor.agency == world.agency_a
    source = Agency.objects.get(pk=world.agency_b.pk)
    assert source.merged_into == world.agency_a and source.retired_at is not None
    assert not source.is_active


@pytest.mark.parametrize("case", ["itself", "other_region", "retired_target"])
def test_merge_refuses_impossible_targets(world: World, case: str) -> None:
    source, target = world.agency_b, world.agency_a
    if case == "itself":
        target = source
    elif case == "other_region":
        target = world.other_region.agencies.first()  # type: ignore[assignment]
    else:
        services.retire_agency(target, actor=SYSTEM)
        target.refresh_from_db()
    with pytest.raises(ValidationError):
        services.merge_agencies(source, target, actor=SYSTEM)
    assert Agency.objects.get(pk=source.pk).merged_into is None


def test_retire_and_reinstate(world: World) -> None:
    retired = services.retire_agency(world.agency_b, actor=SYSTEM)
    assert retired.retired_at is not None
    assert world.agency_b not in Agency.objects.active()
    reinstated = services.reinstate_agency(world.agency_b, actor=SYSTEM)
    assert reinstated.retired_at is None


def test_a_merged_agency_cannot_be_reinstated(world: World) -> None:
    services.merge_agencies(world.agency_b, world.agency_a, actor=SYSTEM)
    with pytest.raises(ValidationError):
        services.reinstate_agency(world.agency_b, actor=SYSTEM)


def test_merge_drops_a_role_the_target_already_has(world: World) -> None:
    editor = world.users["editor_b"]
    Membership.objects.create(
        user=editor, role=Role.AGENCY_EDITOR, region=world.region, agency=world.agency_a
    )
    services.merge_agencies(world.agency_b, world.agency_a, actor=SYSTEM)
    roles = list(Membership.objects.filter(user=editor).values_list("agency_id", flat=True))
    assert roles == [world.agency_a.pk]
