"""Every demo persona follows the links of the application and meets no broken page.

The demo region is seeded once for the module; each persona then crawls breadth-first from
the home page (``crawler.Crawler``). The budget is kept small for the suite; a run by hand
with ``CRAWL_BUDGET=400`` covers each persona's whole reach:

    CRAWL_BUDGET=400 DJANGO_ENV=test .venv/bin/pytest tests/config/test_crawl.py -s
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client

from kotacerdas.accounts.models import User

from .crawler import Crawler, english_labels

BUDGET = int(os.environ.get("CRAWL_BUDGET", "30"))
# Each page of the hostile sweep is asked eight more times: a smaller crawl feeds it.
HOSTILE_BUDGET = int(os.environ.get("CRAWL_BUDGET", "10"))

# persona: the demo user (None: anonymous)
DEMO_PERSONAS = {
    "coordinator": "koordinator",
    "agency_editor": "diskominfo",
    "council_member": "dewan",
    "province_viewer": "provinsi",
    "national_admin": "admin",
    "assessor": "asesor",
    "anonymous": None,
}


class _Rollback(Exception):
    pass


@pytest.fixture(scope="module")
def demo(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    """The seeded demo, rolled back after the module."""
    with django_db_blocker.unblock():
        try:
            with transaction.atomic():
                call_command("seed_demo", stdout=StringIO())
                yield
                raise _Rollback
        except _Rollback:
            pass


@pytest.fixture(scope="module")
def labels() -> frozenset[str]:
    return english_labels()


def _client(persona: str) -> Client:
    client = Client(raise_request_exception=False)
    username = DEMO_PERSONAS[persona]
    if username:
        client.force_login(User.objects.get(username=username))
    return client


@pytest.mark.parametrize("persona", DEMO_PERSONAS)
def test_persona_meets_no_broken_page(
    demo: None, labels: frozenset[str], persona: str, db: None
) -> None:
    result = Crawler(_client(persona), budget=BUDGET, labels=labels).run()
    if os.environ.get("CRAWL_BUDGET"):
        print(f"\n{persona}: {len(result.visited)} pages, {result.unvisited} left in the queue")
        for problem in result.problems:
            print(f"  {problem}")
    assert len(result.visited) >= min(BUDGET, 10), result.visited
    assert not result.problems, "\n".join(str(problem) for problem in result.problems)


@pytest.mark.parametrize("persona", ["coordinator", "national_admin", "anonymous"])
def test_pages_survive_odd_parameters(demo: None, persona: str, db: None) -> None:
    """``?page=abc``, ``?year=9999999999``, ``?q=%00`` and the like on every page the
    persona reaches: never a server error."""
    crawler = Crawler(_client(persona), budget=HOSTILE_BUDGET)
    crawler.run()
    problems = crawler.hostile()
    if os.environ.get("CRAWL_BUDGET"):
        print(f"\n{persona}: {len(crawler.result.pages)} pages asked with odd parameters")
        for problem in problems:
            print(f"  {problem}")
    assert not problems, "\n".join(str(problem) for problem in problems)
