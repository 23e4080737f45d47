"""The benchmark finds its Bimtek cohort by name (bench/seed_guidance.py ``ids()``) after the
demo seeded its own cohorts: the lookup names the cohort the seed made (50 regions × 4
stages), and the benchmark's pipeline targets filled with it answer."""

from __future__ import annotations

import pytest

from kotacerdas.guidance import demo
from kotacerdas.guidance.models import Cohort, Session
from kotacerdas.guidance.queries import current_member

from ..conftest import World

pytestmark = pytest.mark.django_db


def test_the_bench_looks_up_the_cohort_it_seeded_by_name(world: World) -> None:
    from bench import seed_guidance
    from bench.targets import TARGETS

    demo.seed()
    seed_guidance.run()
    seed_guidance.run()  # idempotent
    found = seed_guidance.ids()
    cohort = Cohort.objects.get(pk=found["guidance_cohort"])
    assert Cohort.objects.filter(name=seed_guidance.COHORT_NAME).count() == 1
    assert Cohort.objects.count() > 1  # the demo's cohorts are there too, under other names
    assert (cohort.year, cohort.members.count()) == (seed_guidance.YEAR, seed_guidance.REGIONS)
    assert Session.objects.filter(member__cohort=cohort).count() == 4 * seed_guidance.REGIONS
    # Kota Bengkulu's guidance page (a target too) shows the benchmark's cohort.
    bengkulu = current_member(world.users["national_admin"], world.region.pk)
    assert bengkulu is not None and bengkulu.cohort_id == cohort.pk

    admin = world.client("national_admin")
    paths = [t.path for t in TARGETS if "{guidance_cohort}" in t.path]
    assert len(paths) == 2
    for path in paths:
        response = admin.get(path.format_map(found))
        assert response.status_code == 200, path
