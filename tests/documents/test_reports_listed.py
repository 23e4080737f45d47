"""Generated reports listed on their object's page: a selection campaign's rankings on its
ranking page (national admins), an evaluation's reports on its result page (its assessors
and national admins; the region once the result is published). Each row: time, author and
a link to the permission-checked file view; the list costs the same queries for one report
as for many."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kotacerdas.documents.models import GeneratedReport

from ..conftest import World
from ..evaluation.factories import evaluation
from ..permissions import MAX_QUERIES_PER_PAGE
from ..selection.factories import setup

pytestmark = pytest.mark.django_db


def _keep(author: Any, **fields: Any) -> GeneratedReport:
    row = GeneratedReport(
        format="pdf", language="id", sha256="0" * 64, size=9, created_by=author, **fields
    )
    row.file.save("report.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
    row.save()
    return row


def _queries(client: Any, url: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_the_ranking_page_lists_the_generated_rankings(world: World) -> None:
    s = setup(world)
    admin = world.users["national_admin"]
    first = _keep(admin, kind="ranking", campaign=s.campaign, year=s.campaign.year)
    client = world.client("national_admin")
    url = reverse("selection:campaign_ranking", args=[s.campaign.pk])
    client.get(url)  # the ranking's table is cached after the first visit
    few, page = _queries(client, url)
    assert 'data-testid="generated-reports"' in page
    assert reverse("documents:report_download", args=[first.pk]) in page
    assert (admin.get_full_name() or admin.username) in page
    for _n in range(5):
        _keep(admin, kind="ranking", campaign=s.campaign, year=s.campaign.year)
    many, page = _queries(client, url)
    assert page.count("/download/") >= 6
    assert many == few <= MAX_QUERIES_PER_PAGE
    # the file itself is served to the national admin only
    link = reverse("documents:report_download", args=[first.pk])
    assert client.get(link).status_code == 200
    assert world.client("coordinator").get(link).status_code == 404


def test_the_assessor_sees_the_evaluation_reports_on_its_result_page(world: World) -> None:
    verified = evaluation(world, "verified")
    assessor = world.users["assessor"]
    first = _keep(
        assessor, kind="evaluation", region=world.region, evaluation=verified, year=verified.year
    )
    link = reverse("documents:report_download", args=[first.pk])
    url = reverse("evaluation:evaluation_detail", args=[verified.pk])
    client = world.client("assessor")
    few, page = _queries(client, url)
    assert 'data-testid="generated-reports"' in page and link in page
    assert (assessor.get_full_name() or assessor.username) in page
    for _n in range(5):
        _keep(
            assessor,
            kind="evaluation",
            region=world.region,
            evaluation=verified,
            year=verified.year,
        )
    many, page = _queries(client, url)
    assert many == few
    assert client.get(link).status_code == 200
    # the region sees neither the list nor the file before the result is published
    _count, page = _queries(world.client("coordinator"), url)
    assert 'data-testid="generated-reports"' not in page and link not in page
    assert world.client("coordinator").get(link).status_code == 404


def test_the_region_sees_the_reports_of_a_published_evaluation(world: World) -> None:
    published = evaluation(world, "published")
    row = _keep(
        world.users["assessor"],
        kind="evaluation",
        region=world.region,
        evaluation=published,
        year=published.year,
    )
    link = reverse("documents:report_download", args=[row.pk])
    url = reverse("evaluation:evaluation_detail", args=[published.pk])
    _count, page = _queries(world.client("coordinator"), url)
    assert link in page
    assert world.client("coordinator").get(link).status_code == 200
