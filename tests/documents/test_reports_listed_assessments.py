"""Generated reports listed on the assessment pages they come from: a readiness
assessment's reports on its scores page, an SPBE assessment's reports on its page, for the
region's readers (and national admins); never another region. The list costs the same
queries for one report as for six, and adds at most one query to the scores page."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.urls import reverse

from kotacerdas.accounts.actors import SYSTEM
from kotacerdas.evaluation.spbe_services import submit_spbe

from ..conftest import World
from ..evaluation.spbe_factories import assessment as spbe_assessment
from ..evaluation.spbe_factories import set_all
from ..permissions import MAX_QUERIES_PER_PAGE
from ..selection.factories import submitted_assessment
from .test_reports_listed import _keep, _queries

pytestmark = pytest.mark.django_db

# What the readiness scores page cost before it listed its reports (a bench target): the
# list may add one query, no more.
SCORES_PAGE_BEFORE = 12


def _scores_cost(client: Any, url: str) -> tuple[int, str]:
    cache.clear()  # the peer figures summed, as on a first visit
    return _queries(client, url)


def test_the_readiness_scores_page_lists_its_reports(world: World) -> None:
    found = submitted_assessment(world.region)
    author = world.users["coordinator"]
    url = reverse("readiness:assessment_detail", args=[found.pk])
    client = world.client("coordinator")
    client.get(url)  # warm the session and content types
    none, page = _scores_cost(client, url)
    assert 'data-testid="generated-reports"' in page
    first = _keep(author, kind="readiness", region=world.region, assessment=found, year=found.year)
    one, page = _scores_cost(client, url)
    link = reverse("documents:report_download", args=[first.pk])
    assert link in page and (author.get_full_name() or author.username) in page
    for _n in range(5):
        _keep(author, kind="readiness", region=world.region, assessment=found, year=found.year)
    six, page = _scores_cost(client, url)
    assert page.count("/download/") == 6
    assert none == one == six <= SCORES_PAGE_BEFORE + 1
    # Read from the cache on the next visit, the page costs less still.
    assert _queries(client, url)[0] < six
    assert client.get(link).status_code == 200
    # The province's viewer reads the region, and its reports.
    _count, page = _queries(world.client("province_viewer"), url)
    assert link in page


def test_another_region_sees_neither_the_page_nor_the_reports(world: World) -> None:
    found = submitted_assessment(world.region)
    row = _keep(
        world.users["coordinator"],
        kind="readiness",
        region=world.region,
        assessment=found,
        year=found.year,
    )
    outsider = world.client("other_coordinator")
    assert outsider.get(reverse("readiness:assessment_detail", args=[found.pk])).status_code == 404
    link = reverse("documents:report_download", args=[row.pk])
    assert outsider.get(link).status_code == 404


def test_the_spbe_page_lists_its_reports(world: World) -> None:
    found = spbe_assessment(world.region)
    set_all(found, 3)
    found = submit_spbe(found, actor=SYSTEM)
    author = world.users["coordinator"]
    url = reverse("spbe:assessment_detail", args=[found.pk])
    client = world.client("coordinator")
    client.get(url)
    none, page = _queries(client, url)
    assert 'data-testid="generated-reports"' in page
    assert "Belum ada laporan yang dibuat." in page
    first = _keep(author, kind="spbe", region=world.region, spbe_assessment=found, year=found.year)
    one, page = _queries(client, url)
    link = reverse("documents:report_download", args=[first.pk])
    assert link in page
    for _n in range(5):
        _keep(author, kind="spbe", region=world.region, spbe_assessment=found, year=found.year)
    six, page = _queries(client, url)
    assert page.count("/download/") == 6
    assert none == one == six <= MAX_QUERIES_PER_PAGE
    assert client.get(link).status_code == 200
    admin = world.client("national_admin")
    assert link in admin.get(url).content.decode()
    outsider = world.client("other_coordinator")
    assert outsider.get(url).status_code == 404
    assert outsider.get(link).status_code == 404
