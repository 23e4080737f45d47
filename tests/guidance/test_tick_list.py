"""The door tick list: agencies, sub-districts, villages and partners, per day and per person,
in person or online, substitutes; all or nothing; the same queries for few and many lines."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kotacerdas.accounts.actors import SYSTEM
from kotacerdas.guidance import services
from kotacerdas.guidance.checks import AttendanceIn
from kotacerdas.guidance.models import Attendance, Session
from kotacerdas.guidance.queries import attendance_by_person
from kotacerdas.regions.models import Agency

from ..conftest import World
from .factories import session


def _url(s: Session, day: str = "2023-07-05") -> str:
    return reverse("guidance:attendance_tick", kwargs={"pk": s.pk}) + f"?day={day}"


def _form(client: Client, url: str) -> dict[str, Any]:
    """The form as the page sends it untouched: every input's value, boxes as shown."""
    html = client.get(url).content.decode()
    data: dict[str, Any] = {}
    for tag in re.findall(r"<input[^>]*>", html):
        name = re.search(r'name="([^"]+)"', tag)
        if not name or name.group(1) == "csrfmiddlewaretoken":
            continue
        value = re.search(r'value="([^"]*)"', tag)
        if 'type="checkbox"' in tag:
            if "checked" in tag:
                data[name.group(1)] = "on"
        else:
            data[name.group(1)] = value.group(1) if value else ""
    for select in re.findall(r'<select name="([^"]+)"[^>]*>(.*?)</select>', html, re.S):
        chosen = re.search(r'<option value="([^"]*)"[^>]*selected', select[1])
        data[select[0]] = chosen.group(1) if chosen else ""
    return data


def _line(data: dict[str, Any], **match: Any) -> str:
    """The prefix (``tick-3``) of the known line whose hidden fields match."""
    for key, value in data.items():
        if key.endswith("-known") and value == "True":
            prefix = key[: -len("-known")]
            if all(str(data.get(f"{prefix}-{k}")) == str(v) for k, v in match.items()):
                return prefix
    raise AssertionError(f"no line {match}")


def _seed_day_one(world: World, s: Session) -> None:
    """Day one as imported from the sign-in sheet: an agency head, a village head online, a
    business association and a sub-district."""
    rows = [
        AttendanceIn(
            day=date(2023, 7, 5),
            group="agency",
            agency_id=world.agency_a.pk,
            participant="Kepala Dinas",
        ),
        AttendanceIn(
            day=date(2023, 7, 5),
            group="village",
            organisation="Kelurahan Anggut",
            participant="Lurah",
            mode="online",
        ),
        AttendanceIn(
            day=date(2023, 7, 5), group="business", organisation="HIPMI", participant="Ketua"
        ),
        AttendanceIn(
            day=date(2023, 7, 5),
            group="subdistrict",
            organisation="Kecamatan Ratu Samban",
            participant="Camat",
        ),
    ]
    services.record_attendance(s, actor=SYSTEM, rows=rows)


def test_day_two_lists_everyone_from_day_one_unticked_with_their_group(world: World) -> None:
    s = session(world)
    _seed_day_one(world, s)
    client = world.client("coordinator")
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    html = client.get(_url(s, "2023-07-06")).content.decode()
    for text in ("Kelurahan Anggut", "HIPMI", "Kecamatan Ratu Samban", world.agency_b.name):
        assert text in html
    for heading in ("Village (desa/kelurahan)", "Business", "Sub-district (kecamatan)"):
        assert heading in html
    data = _form(client, _url(s, "2023-07-06"))
    assert not any(k.endswith("-present") for k in data)  # nobody ticked yet on day two
    day_one = _form(client, _url(s))
    assert day_one[f"{_line(day_one, organisation='HIPMI')}-present"] == "on"
    assert day_one[f"{_line(day_one, organisation='Kelurahan Anggut')}-online"] == "on"


def test_day_two_ticks_who_came_a_substitute_and_a_new_partner(world: World) -> None:
    s = session(world)
    _seed_day_one(world, s)
    client = world.client("coordinator")
    url = _url(s, "2023-07-06")
    data = _form(client, url)
    village = _line(data, organisation="Kelurahan Anggut")
    data[f"{village}-present"] = "on"  # online again, as on day one
    agency = _line(data, agency=world.agency_a.pk)
    data[f"{agency}-present"] = "on"
    data[f"{agency}-participant"] = "Sekretaris Dinas"
    data[f"{agency}-substitute"] = "on"
    new = "tick-" + str(int(data["tick-INITIAL_FORMS"]))  # the first line for someone new
    data.update(
        {
            f"{new}-group": "media",
            f"{new}-organisation": "RRI Bengkulu",
            f"{new}-participant": "Reporter",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302
    day_two = Attendance.objects.filter(session=s, day=date(2023, 7, 6))
    got = {(a.group, a.participant, a.mode, a.substitute) for a in day_two}
    assert got == {
        ("village", "Lurah", "online", False),
        ("agency", "Sekretaris Dinas", "in_person", True),
        ("media", "Reporter", "in_person", False),
    }
    assert Attendance.objects.filter(session=s, day=date(2023, 7, 5)).count() == 4  # kept
    people = {p.participant: p for p in attendance_by_person(s)}
    assert people["Ketua"].missed_a_day and people["Camat"].missed_a_day
    assert people["Lurah"].present == [True, True]
    assert people["Sekretaris Dinas"].substitute


def test_unticking_removes_only_that_day_and_that_person(world: World) -> None:
    s = session(world)
    _seed_day_one(world, s)
    client = world.client("coordinator")
    data = _form(client, _url(s))
    del data[f"{_line(data, organisation='HIPMI')}-present"]
    assert client.post(_url(s), data).status_code == 302
    assert set(Attendance.objects.filter(session=s).values_list("participant", flat=True)) == {
        "Kepala Dinas",
        "Lurah",
        "Camat",
    }


def test_a_new_line_without_its_organisation_is_refused_and_nothing_changes(
    world: World,
) -> None:
    s = session(world)
    _seed_day_one(world, s)
    client = world.client("coordinator")
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    data = _form(client, _url(s))
    del data[f"{_line(data, organisation='HIPMI')}-present"]
    new = "tick-" + str(int(data["tick-INITIAL_FORMS"]))
    data.update({f"{new}-group": "community", f"{new}-participant": "Ketua KIM"})
    response = client.post(_url(s), data)
    assert response.status_code == 200
    assert "Name the sub-district, village or partner." in response.content.decode()
    assert Attendance.objects.filter(session=s).count() == 4  # HIPMI still there


def test_an_agency_of_another_region_cannot_be_ticked(world: World) -> None:
    s = session(world)
    foreign = Agency.objects.filter(region=world.other_region).first()
    assert foreign is not None
    client = world.client("coordinator")
    data = _form(client, _url(s))
    new = "tick-" + str(int(data["tick-INITIAL_FORMS"]))
    data.update({f"{new}-group": "agency", f"{new}-agency": foreign.pk, f"{new}-participant": "X"})
    response = client.post(_url(s), data)
    assert response.status_code == 200
    assert not Attendance.objects.exists()


def test_the_tick_list_costs_the_same_for_few_and_many_participants(world: World) -> None:
    s = session(world)
    client = world.client("coordinator")
    counts = []
    for n in (3, 60):
        rows = [
            AttendanceIn(
                day=date(2023, 7, 5),
                group="village",
                organisation=f"Desa {k}",
                participant="Kepala desa",
                mode="online",
            )
            for k in range(n)
        ]
        services.record_attendance(s, actor=SYSTEM, rows=rows)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(_url(s, "2023-07-06"))
        assert response.content.decode().count('data-testid="tick-line"') >= n
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_add_lines_offers_more_blank_lines_bounded_and_ignores_bad_values(world: World) -> None:
    s = session(world)
    client = world.client("coordinator")
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"

    def blank_lines(query: str = "") -> tuple[int, str]:
        html = client.get(_url(s) + query).content.decode()
        return html.count('data-testid="tick-new"'), html

    count, html = blank_lines()
    assert count == 3
    link = re.search(r'href="([^"]+)" data-testid="more-lines"', html)
    assert link is not None and "extra=8" in link.group(1)
    assert blank_lines("&extra=8")[0] == 8
    assert blank_lines("&extra=500")[0] == 50
    for bad in ("abc", "-4", "", "1e3"):
        assert blank_lines(f"&extra={bad}")[0] == 3
    count, html = blank_lines("&extra=50")
    assert count == 50 and 'data-testid="more-lines"' not in html

    # The extra lines are saved like the first three.
    data = _form(client, _url(s) + "&extra=8")
    last = f"tick-{int(data['tick-TOTAL_FORMS']) - 1}"  # the eighth blank line
    assert data[f"{last}-known"] in ("", "False")
    data.update(
        {
            f"{last}-group": "media",
            f"{last}-organisation": "RRI Bengkulu",
            f"{last}-participant": "Reporter",
        }
    )
    response = client.post(_url(s), data)
    assert response.status_code == 302
    assert Attendance.objects.filter(organisation="RRI Bengkulu", day=date(2023, 7, 5)).exists()
