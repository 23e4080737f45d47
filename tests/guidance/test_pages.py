"""Guidance pages as users meet them: the pipeline, a region's guidance page, the sign-in
sheet import, the Excel export and the calendars; equal query counts for 5 and 50 regions."""

from __future__ import annotations

import io
from datetime import date, timedelta

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from kotacerdas.accounts.actors import SYSTEM
from kotacerdas.guidance import services
from kotacerdas.guidance.models import Attendance, Cohort, Comment, Session
from kotacerdas.readiness.models import Assessment
from kotacerdas.regions.models import Region

from ..conftest import World
from ..planning.factories import masterplan, programme
from ..selection.factories import submitted_assessment
from .factories import closed_campaign, expert, session


def _cohort_of(world: World, n: int) -> Cohort:
    others = list(
        Region.objects.filter(kind="kota").exclude(pk=world.region.pk).order_by("code")[: n - 1]
    )
    regions = [world.region, *others]
    made = services.create_cohort(closed_campaign(regions, participants=n + 3), actor=SYSTEM)
    services.plan_stage(
        made, actor=SYSTEM, stage="1", starts_on=date(2023, 6, 1), ends_on=date(2023, 7, 31)
    )
    ta = expert()
    for m in made.members.select_related("region"):
        services.assign_expert(m, ta, actor=SYSTEM)
        services.schedule_session(
            m,
            actor=SYSTEM,
            data=services.SessionIn(
                title="Bimtek I", stage="1", starts_on=date(2023, 7, 5), ends_on=date(2023, 7, 6)
            ),
        )
        if not Assessment.objects.filter(region=m.region).exists():
            submitted_assessment(m.region)
        plan = masterplan(world, region=m.region)
        programme(plan, lead=None)
    return made


def _english(client: Client) -> Client:
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def _count(client: object, url: str) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)  # type: ignore[attr-defined]
    assert response.status_code == 200
    return len(queries), response


def test_pipeline_and_region_page_cost_the_same_for_5_and_50_regions(world: World) -> None:
    client = _english(world.client("national_admin"))
    counts = []
    for n in (5, 50):
        made = _cohort_of(world, n)
        pipeline_count, response = _count(
            client, reverse("guidance:pipeline", kwargs={"pk": made.pk})
        )
        assert response.content.count(b"data-region=") == n  # type: ignore[attr-defined]
        assert b"Behind schedule" in response.content  # type: ignore[attr-defined]
        region_url = reverse("guidance:region_guidance", kwargs={"code": world.region.code})
        region_count, _r = _count(client, region_url)
        # The coordinator's page, with an expert's comment and a day's attendance per region.
        services.add_comment(
            made.members.get(region=world.region), actor=SYSTEM, text="Lengkapi SWOT", stage="1"
        )
        coordinator_count, page = _count(_english(world.client("coordinator")), region_url)
        assert b"Lengkapi SWOT" in page.content  # type: ignore[attr-defined]
        counts.append((pipeline_count, region_count, coordinator_count))
        Comment.objects.all().delete()
        Session.objects.all().delete()
        made.members.all().delete()
        made.delete()
    assert counts[0] == counts[1]
    pipeline_count, region_count, coordinator_count = counts[0]
    assert pipeline_count <= 15
    assert region_count <= 15
    assert coordinator_count <= 15  # the page cap, with the comment and the unread count


def test_the_pipeline_filters_by_expert_and_exports_to_excel(world: World) -> None:
    made = _cohort_of(world, 3)
    other = expert("Staf Kementerian")
    services.assign_expert(made.members.get(region=world.region), other, actor=SYSTEM)
    client = _english(world.client("national_admin"))
    url = reverse("guidance:pipeline", kwargs={"pk": made.pk})
    response = client.get(url, {"expert": other.pk})
    assert response.content.count(b"data-region=") == 1
    export = client.get(
        reverse("guidance:pipeline_export", kwargs={"pk": made.pk}), {"sort": "-rank"}
    )
    sheet = load_workbook(io.BytesIO(export.content)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 4
    assert [r[0] for r in rows[1:]] == [3, 2, 1]
    assert rows[0][-2:] == ("Behind schedule", "Open comments")
    assert rows[1][-2] == "Yes"  # stage I ended in July 2023, not complete: behind
    assert rows[1][-1] == 0


def test_a_coordinator_sees_their_stage_and_what_is_missing(world: World) -> None:
    s = session(
        world,
        starts_on=timezone.localdate() + timedelta(days=3),
        ends_on=timezone.localdate() + timedelta(days=4),
    )
    response = _english(world.client("coordinator")).get(
        reverse("guidance:region_guidance", kwargs={"code": world.region.code})
    )
    text = response.content.decode()
    assert "Current stage: I · Readiness." in text
    assert f"Next session: {s.title}" in text
    assert reverse("readiness:assessment_list", kwargs={"code": world.region.code}) in text


def _xlsx(rows: list[list[object]]) -> io.BytesIO:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = "hadir.xlsx"
    return buffer


def test_the_import_page_names_every_bad_row_and_saves_nothing(world: World) -> None:
    s = session(world)
    url = reverse("guidance:attendance_import", kwargs={"pk": s.pk})
    client = _english(world.client("coordinator"))
    bad = _xlsx(
        [
            ["Tanggal", "Kelompok", "OPD", "Peserta"],
            ["2023-07-05", "OPD", "Dinas Kominfo Kota Bukittinggi", "Kadis"],
            ["2023-07-05", "OPD", world.agency_a.name, "Kadis"],
            ["2023-07-05", "OPD", world.agency_a.name, "Kadis"],
        ]
    )
    response = client.post(url, {"file": bad})
    text = response.content.decode()
    assert "row 2, column C: This agency is not one of the region" in text
    assert "row 4, column D: The same as row 3." in text
    assert not Attendance.objects.exists()
    good = _xlsx(
        [
            ["Tanggal", "Kelompok", "OPD", "Organisasi", "Peserta", "Kehadiran"],
            ["2023-07-05", "OPD", world.agency_a.name, "", "Kadis", "luring"],
            ["2023-07-06", "Komunitas", "", "KIM Bengkulu", "Ketua", "daring"],
        ]
    )
    response = client.post(url, {"file": good})
    assert response.status_code == 302
    assert Attendance.objects.count() == 2


def test_the_tick_list_records_an_agency_at_the_door(world: World) -> None:
    s = session(world)
    url = reverse("guidance:attendance_tick", kwargs={"pk": s.pk}) + "?day=2023-07-06"
    response = _english(world.client("coordinator")).post(
        url,
        {
            "tick-TOTAL_FORMS": "1",
            "tick-INITIAL_FORMS": "1",
            "tick-0-known": "True",
            "tick-0-group": "agency",
            "tick-0-agency": world.agency_b.pk,
            "tick-0-present": "on",
            "tick-0-online": "on",
        },
    )
    assert response.status_code == 302
    row = Attendance.objects.get()
    assert (row.agency_id, row.day, row.mode) == (world.agency_b.pk, date(2023, 7, 6), "online")


def test_an_expert_calendar_holds_only_their_sessions(world: World) -> None:
    ta = expert(user=world.users["assessor"])
    session(world, expert_ids=[ta.pk])
    session(world, title="Penandatanganan komitmen", kind="commitment", stage="")
    response = _english(world.client("assessor")).get(
        reverse("guidance:expert_calendar", kwargs={"pk": ta.pk})
    )
    text = response.content.decode()
    assert response["Content-Type"].startswith("text/calendar")
    assert text.count("BEGIN:VEVENT") == 1
    assert "DTSTART;VALUE=DATE:20230705" in text
    page = _english(world.client("assessor")).get(
        reverse("guidance:expert_detail", kwargs={"pk": ta.pk})
    )
    assert b"ta@example.test" not in page.content  # contact stays with the programme office
    page = _english(world.client("national_admin")).get(
        reverse("guidance:expert_detail", kwargs={"pk": ta.pk})
    )
    assert b"ta@example.test" in page.content


def test_scheduling_an_expert_elsewhere_at_once_warns_but_saves(world: World) -> None:
    ta = expert()
    other = services.create_cohort(closed_campaign([world.other_region]), actor=SYSTEM)
    services.assign_expert(other.members.get(), ta, actor=SYSTEM)
    services.schedule_session(
        other.members.get(),
        actor=SYSTEM,
        data=services.SessionIn(
            title="Bimtek I Bukittinggi",
            stage="1",
            starts_on=date(2023, 7, 6),
            ends_on=date(2023, 7, 7),
            city="Bukittinggi",
            expert_ids=[ta.pk],
        ),
    )
    session(world)  # Kota Bengkulu's cohort
    response = _english(world.client("national_admin")).post(
        reverse("guidance:session_create", kwargs={"code": world.region.code}),
        {
            "kind": "stage",
            "stage": "2",
            "title": "Bimtek II Bengkulu",
            "starts_on": "2023-07-07",
            "ends_on": "2023-07-08",
            "format": "in_person",
            "city": "Bengkulu",
            "experts": [ta.pk],
        },
        follow=True,
    )
    text = response.content.decode()
    assert "is also at “Bimtek I Bukittinggi” in Bukittinggi on overlapping days." in text
    assert Session.objects.filter(title="Bimtek II Bengkulu").exists()


def test_a_region_in_no_cohort_says_so_instead_of_a_missing_page(world: World) -> None:
    """The region page links to its Bimtek page; a region no cohort holds answers with a
    sentence, not 404, and another region's reader still gets 404."""
    client = world.client("coordinator")
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    url = reverse("guidance:region_guidance", kwargs={"code": world.region.code})
    response = client.get(url)
    assert response.status_code == 200
    assert "This region is in no Bimtek cohort" in response.content.decode()
    other = reverse("guidance:region_guidance", kwargs={"code": world.other_region.code})
    assert client.get(other).status_code == 404


def test_a_stage_not_yet_complete_reads_belum_lengkap_in_indonesian(world: World) -> None:
    made = _cohort_of(world, 1)
    client = world.client("national_admin")
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "id"
    text = client.get(reverse("guidance:pipeline", kwargs={"pk": made.pk})).content.decode()
    # Stage II has no session and no deliverables yet: it is open, not "opened".
    assert '<td data-stage="2"><span class="badge text-bg-secondary">Belum lengkap</span>' in text
    assert "Dibuka" not in text
    english = _english(world.client("national_admin"))
    text = english.get(reverse("guidance:pipeline", kwargs={"pk": made.pk})).content.decode()
    assert '<td data-stage="2"><span class="badge text-bg-secondary">Open</span>' in text
