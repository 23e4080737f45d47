"""History rows read every shape django-auditlog stores (issue 9 item 2)."""

from __future__ import annotations

from typing import Any

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from kotacerdas.accounts.queries import describe_changes
from kotacerdas.regions.models import Agency

from ..conftest import World


def _entry(world: World, changes: Any) -> LogEntry:
    """An update of agency B in the main region, with ``changes`` stored as given."""
    agency = world.agency_b
    return LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(Agency),
        object_pk=str(agency.pk),
        object_id=agency.pk,
        object_repr=str(agency),
        action=LogEntry.Action.UPDATE,
        changes=changes,
        additional_data={"region_id": world.region.pk},
    )


def _m2m(world: World, operation: str, *agencies: Agency) -> LogEntry:
    """An m2m entry written by auditlog itself, so the test follows the library's shape."""
    entry = LogEntry.objects.log_m2m_changes(
        Agency.objects.filter(pk__in=[a.pk for a in agencies]),
        world.region,
        operation,
        "agencies",
    )
    assert entry is not None
    return entry


def _changes(entry: LogEntry) -> list[tuple[str, str, str]]:
    return describe_changes([entry])[0].changes


def test_plain_old_and_new_values_with_a_foreign_key_named(world: World) -> None:
    entry = _entry(
        world, {"name": ["Dinkes", "Dinas Kesehatan"], "merged_into": ["None", world.agency_a.pk]}
    )
    assert _changes(entry) == [
        ("nama", "Dinkes", "Dinas Kesehatan"),
        ("digabungkan ke", "–", str(world.agency_a)),
    ]


def test_many_to_many_additions(world: World) -> None:
    entry = _m2m(world, "add", world.agency_a, world.agency_b)
    assert entry.changes_dict["agencies"]["type"] == "m2m"
    [(label, old, new)] = _changes(entry)
    assert (label, old) == ("agencies", "–")
    assert new.startswith("ditambahkan: ")
    assert str(world.agency_a) in new and str(world.agency_b) in new


@pytest.mark.parametrize("operation", ["delete", "remove", "clear"])
def test_many_to_many_removals_and_clears(world: World, operation: str) -> None:
    # auditlog records remove() and clear() as "delete"; other words are read the same way.
    entry = _entry(
        world, {"agencies": {"type": "m2m", "operation": operation, "objects": ["Dinkes"]}}
    )
    assert _changes(entry) == [("agencies", "–", "dihapus: Dinkes")]


def test_many_to_many_clear_written_by_auditlog(world: World) -> None:
    entry = _m2m(world, "delete", world.agency_a)
    assert _changes(entry) == [("agencies", "–", f"dihapus: {world.agency_a}")]


def test_many_to_many_with_no_objects_or_an_unknown_operation(world: World) -> None:
    entry = _entry(
        world,
        {
            "agencies": {"type": "m2m", "operation": "add", "objects": []},
            "partners": {"type": "m2m", "operation": "swap", "objects": ["A", "B"]},
        },
    )
    assert _changes(entry) == [("agencies", "–", "ditambahkan: –"), ("partners", "–", "A, B")]


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (None, ("–", "–")),
        ([], ("–", "–")),
        (["Dinkes"], ("–", "Dinkes")),
        ("Dinkes", ("–", "Dinkes")),
        (["a", "b", "c"], ("a", "c")),
        ([None, "None"], ("–", "–")),
    ],
)
def test_none_and_other_plain_shapes(world: World, values: Any, expected: tuple[str, str]) -> None:
    assert _changes(_entry(world, {"name": values})) == [("nama", *expected)]


def test_a_foreign_key_stored_as_none_needs_no_lookup(world: World) -> None:
    entry = _entry(world, {"merged_into": None})
    assert _changes(entry) == [("digabungkan ke", "–", "–")]


def test_region_change_log_shows_many_to_many_entries(world: World) -> None:
    """The 500 of issue 9 item 2: /regions/17.71/audit/ with an m2m entry on the page."""
    _m2m(world, "add", world.agency_a)
    _m2m(world, "delete", world.agency_a)
    _entry(world, {"name": None})
    url = reverse("regions:region_audit", kwargs={"code": world.region.code})
    for persona in ("coordinator", "national_admin"):
        response = world.client(persona).get(url)
        assert response.status_code == 200
        body = response.content.decode()
        assert f"ditambahkan: {world.agency_a}" in body
        assert f"dihapus: {world.agency_a}" in body
