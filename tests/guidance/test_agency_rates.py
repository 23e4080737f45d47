"""Per region: which agencies never attended, and each agency's attendance rate per stage and
over all stages, counting only Bimtek stage sessions already held."""

from __future__ import annotations

from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone

from kotacerdas.accounts.actors import SYSTEM
from kotacerdas.guidance import services
from kotacerdas.guidance.checks import AttendanceIn
from kotacerdas.guidance.queries import agency_attendance

from ..conftest import World
from .factories import member, session


def _present(s: object, day: date, agency_id: int) -> None:
    services.record_attendance(
        s,  # type: ignore[arg-type]
        actor=SYSTEM,
        rows=[AttendanceIn(day=day, group="agency", agency_id=agency_id, participant="Kadis")],
        days=[day],
    )


def test_rates_count_stage_sessions_held_per_stage(world: World) -> None:
    one = session(world)  # stage I, July 2023
    two = session(
        world, title="Bimtek II", stage="2", starts_on=date(2023, 9, 1), ends_on=date(2023, 9, 1)
    )
    session(
        world,
        title="Bimtek II lanjutan",
        stage="2",
        starts_on=date(2023, 9, 20),
        ends_on=date(2023, 9, 20),
    )
    signing = session(
        world,
        title="Komitmen",
        kind="commitment",
        stage="",
        starts_on=date(2023, 7, 1),
        ends_on=date(2023, 7, 1),
    )
    later = timezone.localdate() + timedelta(days=30)
    session(world, title="Bimtek III", stage="3", starts_on=later, ends_on=later)
    _present(one, date(2023, 7, 5), world.agency_a.pk)
    _present(two, date(2023, 9, 1), world.agency_a.pk)
    _present(signing, date(2023, 7, 1), world.agency_b.pk)  # not a stage session

    rates = {r.agency.pk: r for r in agency_attendance(member(world))}
    a, b = rates[world.agency_a.pk], rates[world.agency_b.pk]
    assert a.stages == [(1, 1), (1, 2), (0, 0), (0, 0)]  # stage III not held yet
    assert (a.attended, a.sessions, a.percent) == (2, 3, 67)
    assert b.attended == 0 and b.sessions == 3
    assert agency_attendance(member(world))[0].attended == 0  # never attended come first

    client = world.client("coordinator")
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    page = client.get(reverse("guidance:region_guidance", kwargs={"code": world.region.code}))
    text = page.content.decode()
    row_b = text[text.index(f'data-agency="{world.agency_b.pk}"') :].split("</tr>")[0]
    assert "never attended" in row_b and "0 / 3" in row_b
    row_a = text[text.index(f'data-agency="{world.agency_a.pk}"') :].split("</tr>")[0]
    assert "1 / 2" in row_a and "2 / 3" in row_a and "67%" in row_a
