"""Guidance services: what a user notices when they schedule, record and import."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from kotacerdas.accounts.actors import SYSTEM
from kotacerdas.accounts.models import Membership, Role
from kotacerdas.guidance import importing, services
from kotacerdas.guidance.checks import AttendanceIn
from kotacerdas.guidance.models import Attendance, Cohort, ExpertAssignment, Session
from kotacerdas.guidance.queries import agency_attendance, attendance_by_person
from kotacerdas.lib.errors import StateConflict
from kotacerdas.lib.spreadsheet import SpreadsheetError, read_upload
from kotacerdas.regions.models import Agency

from ..conftest import World
from .factories import closed_campaign, cohort, expert, member, session


def test_a_cohort_holds_the_selected_regions_with_their_rank(world: World) -> None:
    made = services.create_cohort(
        closed_campaign([world.region, world.other_region], participants=5), actor=SYSTEM
    )
    rows = list(made.members.order_by("rank").values_list("region__code", "rank", "selected_count"))
    assert rows == [("17.71", 1, 2), ("13.75", 2, 2)]
    assert made.participants == 5


def test_an_open_campaign_makes_no_cohort(world: World) -> None:
    from ..selection.factories import campaign

    with pytest.raises(StateConflict):
        services.create_cohort(campaign(), actor=SYSTEM)
    assert not Cohort.objects.exists()


def test_a_session_ending_before_it_starts_is_refused(world: World) -> None:
    with pytest.raises(ValidationError) as refused:
        session(world, starts_on=date(2023, 7, 6), ends_on=date(2023, 7, 5))
    assert "ends_on" in refused.value.message_dict
    assert not Session.objects.exists()


def test_an_expert_with_an_account_reads_the_region_once_assigned(world: World) -> None:
    user = world.users["no_role"]
    assert user is not None
    ta = expert(user=user)
    services.assign_expert(member(world), ta, actor=world.users["national_admin"])  # type: ignore[arg-type]
    assert Membership.objects.filter(user=user, role=Role.ASSESSOR, region=world.region).exists()
    assert ExpertAssignment.objects.filter(expert=ta, member__region=world.region).exists()


def test_an_expert_in_two_cities_at_once_is_warned_about(world: World) -> None:
    ta = expert()
    session(world, expert_ids=[ta.pk])
    other = services.create_cohort(closed_campaign([world.other_region]), actor=SYSTEM)
    scheduled = services.schedule_session(
        other.members.get(),
        actor=SYSTEM,
        data=services.SessionIn(
            title="Bimtek Tahap I Bukittinggi",
            stage="1",
            starts_on=date(2023, 7, 6),
            ends_on=date(2023, 7, 7),
            city="Bukittinggi",
            expert_ids=[ta.pk],
        ),
    )
    assert len(scheduled.warnings) == 1
    assert "Bimtek Tahap I" in scheduled.warnings[0]
    assert Session.objects.count() == 2  # a warning: saved all the same


def _rows(world: World, **changes: object) -> list[AttendanceIn]:
    base = {
        "day": date(2023, 7, 5),
        "group": "agency",
        "agency_id": world.agency_a.pk,
        "participant": "Kepala Dinas",
    }
    return [AttendanceIn(**{**base, **changes})]  # type: ignore[arg-type]


def test_attendance_for_an_agency_of_another_region_is_refused_and_nothing_saved(
    world: World,
) -> None:
    s = session(world)
    foreign = Agency.objects.filter(region=world.other_region).first()
    assert foreign is not None
    rows = _rows(world) + _rows(world, agency_id=foreign.pk, participant="Sekretaris")
    with pytest.raises(services.AttendanceRefused) as refused:
        services.record_attendance(s, actor=SYSTEM, rows=rows)
    assert refused.value.problems == [
        (2, "agency", "This agency is not one of the region's agencies.")
    ]
    assert not Attendance.objects.exists()


def test_who_came_on_day_one_but_not_day_two_shows(world: World) -> None:
    s = session(world)
    rows = (
        _rows(world)
        + _rows(world, day=date(2023, 7, 6))
        + _rows(world, agency_id=world.agency_b.pk, participant="Sekretaris Dinkes")
        + _rows(
            world,
            group="village",
            agency_id=None,
            organisation="Kelurahan Anggut",
            participant="Lurah",
            mode="online",
            substitute=True,
        )
    )
    services.record_attendance(s, actor=SYSTEM, rows=rows)
    people = {p.participant: p for p in attendance_by_person(s)}
    assert people["Kepala Dinas"].present == [True, True]
    assert people["Sekretaris Dinkes"].missed_a_day
    assert people["Lurah"].substitute
    rates = {r.agency.pk: r.attended for r in agency_attendance(member(world))}
    assert rates[world.agency_a.pk] == 1
    never = [r for r in agency_attendance(member(world)) if not r.attended]
    assert world.agency_a.pk not in {r.agency.pk for r in never}


def _sheet(rows: list[list[object]], name: str = "hadir.xlsx") -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Daftar Hadir"
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


HEADER = ["Tanggal", "Kelompok", "OPD", "Organisasi", "Peserta", "Kehadiran", "Pengganti"]


def _import(world: World, upload: SimpleUploadedFile) -> int:
    s = session(world)
    sheet = importing.read_sheet(read_upload(upload), s)
    try:
        return services.record_attendance(s, actor=SYSTEM, rows=sheet.rows)
    except services.AttendanceRefused as refused:
        raise sheet.errors_for(refused.problems) from None


def test_a_sign_in_sheet_is_imported(world: World) -> None:
    count = _import(
        world,
        _sheet(
            [
                HEADER,
                ["2023-07-05", "OPD", world.agency_a.name, "", "Kepala Dinas", "luring", "tidak"],
                ["05/07/2023", "Desa/Kelurahan", "", "Kelurahan Anggut", "Lurah", "daring", ""],
                ["2023-07-05", "Bisnis", "", "HIPMI", "Ketua", "", "ya"],
            ]
        ),
    )
    assert count == 3
    assert Attendance.objects.filter(mode="online", group="village").count() == 1
    assert Attendance.objects.get(organisation="HIPMI").substitute


def test_a_sheet_with_a_wrong_column_is_refused_naming_it(world: World) -> None:
    with pytest.raises(SpreadsheetError) as refused:
        _import(
            world,
            _sheet(
                [["Tanggal", "Kelompok", "Jabatan", "Peserta"], ["2023-07-05", "OPD", "x", "y"]]
            ),
        )
    assert [(e.sheet, e.row, e.column) for e in refused.value.errors] == [("Daftar Hadir", 1, "C")]
    assert "Jabatan" in refused.value.errors[0].message
    assert not Attendance.objects.exists()


def test_a_sheet_with_duplicate_rows_is_refused_naming_every_bad_row(world: World) -> None:
    row = ["2023-07-05", "OPD", world.agency_a.code, "", "Kepala Dinas", "luring", ""]
    with pytest.raises(SpreadsheetError) as refused:
        _import(world, _sheet([HEADER, row, row, ["2023-07-09", "Kelompok X", "", "", "", "", ""]]))
    found = [(e.row, e.column) for e in refused.value.errors]
    assert found == [(3, "E"), (4, "A"), (4, "B"), (4, "E")]
    assert not Attendance.objects.exists()
    with pytest.raises(SpreadsheetError) as refused:
        _import(world, _sheet([HEADER, row, row]))
    assert [(e.row, e.column) for e in refused.value.errors] == [(3, "E")]
    assert "row 2" in refused.value.errors[0].message
    assert not Attendance.objects.exists()


def test_a_follow_up_is_owned_by_an_agency_of_the_region(world: World) -> None:
    s = session(world)
    foreign = Agency.objects.filter(region=world.other_region).first()
    with pytest.raises(ValidationError):
        services.add_follow_up(
            s, actor=SYSTEM, text="Kirim data", due_on=date(2023, 8, 1), owner=foreign
        )
    action = services.add_follow_up(
        s, actor=SYSTEM, text="Kirim data", due_on=date(2023, 8, 1), owner=world.agency_a
    )
    services.complete_follow_up(action, actor=SYSTEM)
    with pytest.raises(StateConflict):
        services.complete_follow_up(action, actor=SYSTEM)
    assert cohort(world).members.count() == 1
