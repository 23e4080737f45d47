"""The home page shows each signed-in user what waits for them, region by region."""

from __future__ import annotations

import datetime
import re
from typing import Any

from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kotacerdas.accounts.actors import SYSTEM
from kotacerdas.notifications.models import Notification
from kotacerdas.planning.models import Comment, Masterplan
from kotacerdas.readiness import services as readiness
from kotacerdas.readiness.models import Assessment
from kotacerdas.selection.models import Application, Assignment, Campaign

from ..conftest import World
from ..planning import factories as f


def _client(world: World, persona: str) -> Client:
    client = world.client(persona)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _home(world: World, persona: str) -> str:
    response = _client(world, persona).get(reverse("home"))
    assert response.status_code == 200
    return str(response.content.decode())


def _items(page: str, kind: str) -> list[str]:
    """The texts of the waiting items of one kind, as the page shows them."""
    return re.findall(rf'data-testid="waiting-{kind}"><a href="[^"]*">([^<]*)</a>', page)


def _readiness(world: World) -> Assessment:
    """The 2026 assessment: the first dimension assigned to agency A, the second to B; one
    item of agency A's answered. A 2025 assessment was returned for revision."""
    made = readiness.start_assessment(world.region, 2026, actor=SYSTEM)
    dims = list(made.instrument.framework.dimensions.order_by("position")[:2])
    for dimension, agency in zip(dims, (world.agency_a, world.agency_b), strict=True):
        answers = made.answers.filter(item__dimension=dimension)
        readiness.assign_items(made, {a.item_id: agency for a in answers}, actor=SYSTEM)
    first = made.answers.filter(agency=world.agency_a).order_by("item__position").first()
    assert first is not None
    first.level = 2
    first.save()
    Assessment.objects.create(
        region=world.region, year=2025, instrument=made.instrument, status="returned"
    )
    return made


def _campaign(world: World, assessment: Assessment, n: int = 1) -> list[Application]:
    """``n`` open campaigns, each with the region's submitted application, assigned to the
    assessor."""
    made = []
    for i in range(n):
        campaign = Campaign.objects.create(
            name=f"Seleksi {i}",
            year=2026,
            instrument=assessment.instrument,
            quota=10,
            deadline=datetime.date(2026, 12, 31),
            status="open",
        )
        application = Application.objects.create(
            campaign=campaign, region=world.region, assessment=assessment, status="submitted"
        )
        Assignment.objects.create(application=application, assessor=world.users["assessor"])
        made.append(application)
    return made


def _world_of_work(world: World, scale: int = 1) -> None:
    assessment = _readiness(world)
    plan = f.masterplan(world, title="Rencana Induk")
    for i in range(2 * scale):
        Comment.objects.create(masterplan=plan, section="overview", text=f"Catatan {i}")
    for i in range(scale):
        f.masterplan(world, title=f"Dalam reviu {i}", status="in_review")
        f.masterplan(world, title=f"Dikembalikan {i}", return_reason="Lengkapi tim")
    f.masterplan(world, region=world.other_region, title="Lain", status="in_review")
    _campaign(world, assessment, scale)
    for _i in range(3 * scale):
        Notification.objects.create(user=world.users["council"], kind="planning.submitted")


def test_each_persona_sees_what_waits_for_them(world: World) -> None:
    _world_of_work(world)
    items = {
        m.item.dimension_id
        for m in Assessment.objects.get(year=2026).answers.select_related("item")
        if m.level is None
    }
    assert items
    coordinator = _home(world, "coordinator")
    total = Assessment.objects.get(year=2026).answers.filter(level__isnull=True).count()
    assert _items(coordinator, "answer") == [f"{total} readiness items to answer (2026)"]
    assert _items(coordinator, "comments") == ["2 comments to resolve on “Rencana Induk”"]
    assert _items(coordinator, "returned") == [
        "Readiness assessment 2025 returned for revision",
        "“Dikembalikan 0” was returned to draft",
    ]
    assert _items(coordinator, "approve") == []
    assert "Kota Bengkulu" in coordinator

    own_a = Assessment.objects.get(year=2026).answers.filter(
        level__isnull=True, agency=world.agency_a
    )
    editor_a = _home(world, "editor_a")
    assert _items(editor_a, "answer") == [f"{own_a.count()} readiness items to answer (2026)"]
    assert own_a.count() < total
    assert _items(editor_a, "comments") == []  # the coordinator resolves comments
    assert "“Dikembalikan 0” was returned to draft" in _items(editor_a, "returned")

    council = _home(world, "council")
    assert _items(council, "approve") == ["“Dalam reviu 0” waits for your approval or return"]
    assert _items(council, "answer") == _items(council, "returned") == []
    assert 'data-testid="home-unread"' in council and "3 unread notifications" in council

    national = _home(world, "national_admin")
    assert _items(national, "campaign") == ["Campaign “Seleksi 0” is open"]
    assert _items(national, "verify") == ["1 application to verify in “Seleksi 0”"]
    assert "Across the country" in national
    assert _items(national, "answer") == _items(national, "approve") == []

    assessor = _home(world, "assessor")
    assert _items(assessor, "assigned") == ["Application to “Seleksi 0” assigned to you: verify it"]
    assert _items(assessor, "review") == []  # the 2026 assessment is not submitted yet

    other = _home(world, "other_coordinator")
    assert re.findall(r'data-testid="waiting-', other) == []
    assert 'data-testid="nothing-waits"' in other

    # Coordinator of the other region and editor of agency B here: one card per region.
    two = _home(world, "two_regions")
    assert two.count('data-testid="home-group"') == 2
    own_b = Assessment.objects.get(year=2026).answers.filter(agency=world.agency_b).count()
    assert _items(two, "answer") == [f"{own_b} readiness items to answer (2026)"]


def test_a_submitted_assessment_waits_for_the_regions_assessor(world: World) -> None:
    assessment = _readiness(world)
    readiness.submit_assessment(assessment, actor=SYSTEM, confirm_incomplete=True)
    assert _items(_home(world, "assessor"), "review") == [
        "Readiness assessment 2026 submitted: review it"
    ]
    assert _items(_home(world, "coordinator"), "answer") == []


def test_the_home_page_costs_the_same_for_small_and_large_data(world: World) -> None:
    counts: dict[str, list[int]] = {}
    for scale in (1, 6):
        if scale > 1:
            Masterplan.objects.all().delete()
            Application.objects.all().delete()
            Campaign.objects.all().delete()
            Assessment.objects.all().delete()
            Notification.objects.all().delete()
        _world_of_work(world, scale)
        for persona in ("coordinator", "editor_a", "council", "national_admin", "assessor"):
            client = _client(world, persona)
            client.get(reverse("home"))
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(reverse("home")).status_code == 200
            counts.setdefault(persona, []).append(len(ctx.captured_queries))
    for persona, (small, large) in counts.items():
        assert small == large <= 15, (persona, small, large)


def test_anonymous_visitors_get_the_introduction(client: Client, db: Any) -> None:
    page = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "What waits for you" not in page and reverse("accounts:login") in page
