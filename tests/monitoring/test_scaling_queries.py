"""Region pages read only their region's rows: the sets of reported periods that the agency
report card and the realisation report form read are not sorted (the realisations' default
order joins every region's indicators, masterplans and regions only to sort them; on
PostgreSQL at 514 regions that read all 100 000 indicators for one agency's card)."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ..conftest import World
from .dashboard_data import published_with_summary


def _realisation_reads(world: World, persona: str, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as found:
        assert world.client(persona).get(url).status_code == 200
    return [q["sql"] for q in found.captured_queries if 'FROM "monitoring_realisation"' in q["sql"]]


def test_the_agency_card_reads_reported_periods_without_sorting_the_nation(world: World) -> None:
    published_with_summary(world)
    url = reverse("monitoring:dashboard_agency", args=["17.71", world.agency_a.pk])
    reads = [sql for sql in _realisation_reads(world, "editor_a", url) if '"sub_period" AS' in sql]
    assert reads and all("ORDER BY" not in sql and "regions_region" not in sql for sql in reads)


def test_the_report_form_reads_taken_periods_without_sorting(world: World) -> None:
    plan = published_with_summary(world)
    url = reverse("monitoring:realisation_report", args=[plan.indicators.get().pk])
    reads = _realisation_reads(world, "editor_a", url)
    assert reads and all("ORDER BY" not in sql for sql in reads)
