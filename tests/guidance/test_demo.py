"""The demo tells the cohorts' own story, and seeding twice changes nothing."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from kotacerdas.guidance import demo
from kotacerdas.guidance.models import Attendance, Cohort, CohortRegion, Session
from kotacerdas.guidance.queries import attendance_by_person

from ..conftest import World


def test_the_demo_seeds_the_2022_and_2023_cohorts_idempotently(world: World) -> None:
    demo.seed()
    counts = (Cohort.objects.count(), Session.objects.count(), Attendance.objects.count())
    demo.seed()
    assert (Cohort.objects.count(), Session.objects.count(), Attendance.objects.count()) == counts
    bengkulu = CohortRegion.objects.get(region__code="17.71")
    assert (bengkulu.cohort.year, bengkulu.rank, bengkulu.selected_count) == (2023, 37, 47)
    assert bengkulu.cohort.participants == 158
    assert set(
        CohortRegion.objects.filter(cohort__year=2022).values_list("region__code", flat=True)
    ) == {"13.75", "61.72"}
    signing = Session.objects.get(kind="commitment")
    assert (signing.member.region.code, str(signing.starts_on)) == ("13.75", "2022-09-27")
    buleleng = Session.objects.get(member__region__code="51.08")
    people = attendance_by_person(buleleng)
    assert all(p.present == [True, True] for p in people if p.group in {"agency", "village"})
    assert Attendance.objects.filter(session=buleleng, group="village", mode="online").exists()
    assert Attendance.objects.filter(session=buleleng, organisation="HIPMI").exists()


def test_a_second_seed_is_quick(world: World) -> None:
    demo.seed()
    with CaptureQueriesContext(connection) as queries:
        demo.seed()
    assert len(queries) < 300
