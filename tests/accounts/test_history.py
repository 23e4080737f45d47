"""History rows read every shape django-auditlog stores (issue 9 item 2) and show it as an
official reads it (issue 9, "Readable for officials")."""

from __future__ import annotations

from typing import Any

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import translation

from kotacerdas.accounts.queries import describe_changes, history_of
from kotacerdas.regions.models import Agency, Region

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
    assert (label, old) == ("perangkat daerah", "–")
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
    assert _changes(entry) == [("perangkat daerah", "–", f"dihapus: {world.agency_a}")]


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


def _logged(model: Any, obj: Any, changes: Any, action: int = LogEntry.Action.UPDATE) -> LogEntry:
    return LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(model),
        object_pk=str(obj.pk),
        object_id=obj.pk,
        object_repr=str(obj),
        action=action,
        changes=changes,
        additional_data={"region_id": getattr(obj, "region_id", None) or obj.pk},
    )


def test_booleans_choices_and_money_read_as_words(world: World) -> None:
    from kotacerdas.accounts.models import Membership
    from kotacerdas.planning.models import FundingLine

    membership = Membership.objects.filter(region=world.region).first()
    assert membership is not None
    rows = describe_changes(
        [
            _logged(Region, world.region, {"is_active": ["False", "True"]}),
            _logged(Membership, membership, {"role": ["agency_editor", "region_coordinator"]}),
            _logged(FundingLine, world.region, {"amount": ["1250000.00", "1500000000.50"]}),
        ]
    )
    assert rows[0].changes == [("peserta program", "Tidak", "Ya")]
    assert rows[1].changes == [("peran", "Editor OPD", "Koordinator daerah")]
    assert rows[2].changes == [("jumlah (Rp)", "Rp 1.250.000", "Rp 1.500.000.000")]


def test_actions_are_words_and_reverse_relations_are_left_out(world: World) -> None:
    """A new agency's creation entry carried ``Memberships: accounts.Membership.None``."""
    with translation.override("id"):
        agency = Agency.objects.create(region=world.region, code="dinas-baru", name="Dinas Baru")
        entry = history_of(agency).get()
        [row] = describe_changes([entry])
        assert row.action == "Dibuat"
        labels = [label for label, _old, _new in row.changes]
        assert "nama" in labels
        assert not any("None" in new for _label, _old, new in row.changes)
        assert not any(label.startswith(("Memberships", "memberships")) for label in labels)
    with translation.override("en"):
        assert describe_changes([entry])[0].action == "Created"


def test_region_change_log_page_shows_labels_not_codes(world: World) -> None:
    _logged(Region, world.region, {"is_active": ["False", "True"]})
    url = reverse("regions:region_audit", kwargs={"code": world.region.code})
    body = world.client("coordinator").get(url).content.decode()
    assert "Tidak → Ya" in body
    assert "Diubah" in body
    assert ">update<" not in body and "False" not in body


def _agency_entries(world: World, count: int) -> None:
    user_ct = ContentType.objects.get_for_model(Agency)
    LogEntry.objects.bulk_create(
        LogEntry(
            content_type=user_ct,
            object_pk=str(world.agency_b.pk),
            object_id=world.agency_b.pk,
            object_repr=str(world.agency_b),
            action=LogEntry.Action.UPDATE,
            actor=world.users["coordinator"],
            changes={
                "merged_into": ["None", str(world.agency_a.pk)],
                "region": [str(world.other_region.pk), str(world.region.pk)],
                "created_by": ["None", str(world.users["coordinator"].pk)],
                "retired_at": ["None", "2026-11-29 06:00:00"],
            },
            additional_data={"region_id": world.region.pk},
        )
        for _ in range(count)
    )


@pytest.mark.parametrize("count", [5, 50])
def test_names_of_related_rows_cost_one_query_per_model(
    world: World, count: int, django_assert_num_queries: Any
) -> None:
    _agency_entries(world, count)
    entries = list(history_of(world.agency_b)[:count])
    # One query per referenced model (agency, region, user), however many entries.
    with django_assert_num_queries(3):
        rows = describe_changes(entries)
    assert ("digabungkan ke", "–", str(world.agency_a)) in rows[0].changes
    assert ("wilayah", world.other_region.name, world.region.name) in rows[0].changes
    assert ("nonaktif", "–", "29 November 2026 13:00 WIB") in rows[0].changes


def test_a_deleted_related_row_shows_its_id(world: World) -> None:
    entry = _entry(world, {"merged_into": ["None", "999999"]})
    assert _changes(entry) == [("digabungkan ke", "–", "#999999")]
