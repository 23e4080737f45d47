"""Monitoring pages and API lists: what users see, numbers in their language, and a fixed
number of queries whatever the amount of data."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kotacerdas.accounts.actors import SYSTEM
from kotacerdas.monitoring import services
from kotacerdas.monitoring.models import Indicator, ProgrammeProgress, Realisation, Target
from kotacerdas.planning.models import Masterplan, Programme

from ..conftest import World
from ..planning.conftest import query_count
from ..planning.factories import fund, programme
from .factories import indicator, plan_with_programme, realisation, target

pytestmark = pytest.mark.django_db


def _fill(plan: Masterplan, prog: Programme, w: World, n: int) -> None:
    """``n`` indicators on ``prog`` with targets for every year and quarterly realisations."""
    base = plan.indicators.count()
    made = Indicator.objects.bulk_create(
        Indicator(
            masterplan=plan,
            programme=prog,
            level="output",
            code=f"X{base + i:03d}",
            name=f"Indikator {i}",
            unit="%",
            frequency="quarterly",
            responsible_agency=w.agency_a if i % 2 else w.agency_b,
            baseline_value=Decimal(10),
            baseline_year=2024,
        )
        for i in range(n)
    )
    Target.objects.bulk_create(
        Target(indicator=ind, year=year, value=Decimal(50)) for ind in made for year in plan.period
    )
    Realisation.objects.bulk_create(
        Realisation(
            indicator=ind,
            year=2025,
            sub_period=q,
            value=Decimal(q * 10),
            reported_at=timezone.now(),
        )
        for ind in made
        for q in range(1, 5)
    )
    for year in (2025, 2026):
        ProgrammeProgress.objects.get_or_create(
            programme=prog,
            year=year,
            defaults={"physical_progress": 20, "reported_at": timezone.now()},
        )


def _pages(plan: Masterplan, prog: Programme, ind: Indicator) -> list[str]:
    return [
        reverse("monitoring:indicator_list", args=[plan.pk]) + "?year=2025",
        reverse("monitoring:indicator_detail", args=[ind.pk]),
        reverse("monitoring:verification_queue", args=[plan.pk]),
        reverse("monitoring:ownership_gaps", args=[plan.pk]),
        reverse("monitoring:progress", args=[prog.pk]),
        reverse("monitoring:my_reports"),
        reverse("api:list_programme_indicators", args=[prog.pk]),
        reverse("api:list_realisations", args=[ind.pk]),
        reverse("monitoring:realisation_report", args=[ind.pk]),
    ]


def test_pages_and_api_lists_cost_the_same_queries_for_small_and_large_data(
    world: World, en: Callable[[str], Client]
) -> None:
    plan, prog = plan_with_programme(world)
    other = programme(plan, "P02", lead=world.agency_b, dim="economy")
    ind = indicator(plan, prog, agency=world.agency_a, frequency="quarterly")
    _fill(plan, prog, world, 2)
    realisation(ind, 2025, 5, sub=1)
    client = en("coordinator")
    small = [query_count(client, url) for url in _pages(plan, prog, ind)]
    _fill(plan, prog, world, 40)
    _fill(plan, other, world, 40)
    for q in range(2, 5):
        realisation(ind, 2025, q * 5, sub=q)
    large = [query_count(client, url) for url in _pages(plan, prog, ind)]
    assert small == large
    assert max(large) <= 15


def test_the_indicator_page_shows_status_and_the_formula(
    world: World, en: Callable[[str], Client]
) -> None:
    plan, prog = plan_with_programme(world)
    ind = indicator(plan, prog, agency=world.agency_a)  # baseline 40
    target(ind, 2025, 60)
    realisation(ind, 2025, 50, state="verified")
    page = en("editor_b").get(reverse("monitoring:indicator_list", args=[plan.pk]) + "?year=2025")
    text = page.content.decode()
    assert "50.00" in text.replace(",", ".") or "50.0 %" in text
    assert "At risk" in text or "Off track" in text
    assert "(value − baseline) ÷ (target − baseline)" in text
    # Thresholds 90/70: 50 % achieved is off track.
    assert "Off track" in text


def test_a_value_typed_in_indonesian_is_read_as_meant(world: World) -> None:
    plan, prog = plan_with_programme(world)
    ind = indicator(plan, prog, agency=world.agency_a)
    client = world.client("editor_a")  # Indonesian, the default
    url = reverse("monitoring:realisation_report", args=[ind.pk])
    bad = client.post(url, {"period": "2025-0", "value": "satu", "quality": "measured"})
    assert bad.status_code == 200
    assert "Masukkan angka" in bad.content.decode()
    assert not Realisation.objects.exists()
    good = client.post(url, {"period": "2025-0", "value": "1.250,5", "quality": "measured"})
    assert good.status_code == 302
    assert Realisation.objects.get().value == Decimal("1250.5")


def test_a_second_report_is_refused_with_the_way_to_correct(world: World) -> None:
    plan, prog = plan_with_programme(world)
    ind = indicator(plan, prog, agency=world.agency_a)
    client = world.client("editor_a")
    api = reverse("api:report_realisation", args=[ind.pk])
    first = client.post(api, {"year": 2025, "value": "12,5"}, content_type="application/json")
    assert first.status_code == 201 and first.json()["value"] == "12.5000"
    again = client.post(api, {"year": 2025, "value": 13}, content_type="application/json")
    assert again.status_code == 400
    detail = again.json()["error"]["details"][0]
    assert detail["field"] == "period" and "koreksi" in detail["message"].lower()
    text = client.post(api, {"year": 2026, "value": "tiga"}, content_type="application/json")
    assert text.status_code == 400
    assert text.json()["error"]["details"][0]["field"] == "value"


def test_the_history_shows_a_correction_beside_the_value_it_replaced(
    world: World, en: Callable[[str], Client]
) -> None:
    plan, prog = plan_with_programme(world)
    ind = indicator(plan, prog, agency=world.agency_a)
    first = services.report_realisation(ind, actor=SYSTEM, year=2025, sub_period=0, value=40)
    services.verify_realisation(first, actor=world.users["coordinator"])  # type: ignore[arg-type]
    editor = en("editor_a")
    response = editor.post(
        reverse("monitoring:realisation_correct", args=[first.pk]),
        {"value": "45", "quality": "estimated", "reason": "BPS revised the figure"},
    )
    assert response.status_code == 302
    page = editor.get(reverse("monitoring:indicator_detail", args=[ind.pk])).content.decode()
    assert "<s>40</s>" in page and "BPS revised the figure" in page and "corrected" in page
    api = editor.get(reverse("api:list_realisations", args=[ind.pk])).json()
    assert [(r["value"], r["is_current"]) for r in api["items"]] == [
        ("45.0000", True),
        ("40.0000", False),
    ]


def test_the_coordinator_verifies_from_the_queue(world: World, en: Callable[[str], Client]) -> None:
    plan, prog = plan_with_programme(world)
    ind = indicator(plan, prog, agency=world.agency_a)
    row = realisation(ind, 2025, 50)
    client = en("coordinator")
    queue = reverse("monitoring:verification_queue", args=[plan.pk])
    assert ind.name in client.get(queue).content.decode()
    done = client.post(reverse("monitoring:realisation_verify", args=[row.pk]), {"next": queue})
    assert done.status_code == 302 and done["Location"] == queue
    row.refresh_from_db()
    assert row.state == "verified" and row.verified_by == world.users["coordinator"]
    assert "Nothing waits for verification." in client.get(queue).content.decode()


def test_programme_progress_reads_rupiah_typed_in_indonesian(world: World) -> None:
    plan, prog = plan_with_programme(world)
    line = fund(prog, 2_000_000, year=2025)
    client = world.client("editor_a")
    url = reverse("monitoring:progress", args=[prog.pk])
    response = client.post(
        url,
        {"year": "2025", "physical_progress": "62,5", f"spending_{line.pk}": "1.500.000,25"},
    )
    assert response.status_code == 302
    progress = ProgrammeProgress.objects.get(programme=prog, year=2025)
    assert progress.physical_progress == Decimal("62.5")
    assert progress.spending.get().amount == Decimal("1500000.25")
    assert "Rp 1.500.000" in client.get(url).content.decode()


def test_the_ownership_page_lists_gaps_and_rates(world: World, en: Callable[[str], Client]) -> None:
    plan, prog = plan_with_programme(world)
    owned = indicator(plan, prog, "IK01", agency=world.agency_a)
    target(owned, 2025, 50)
    indicator(plan, prog, "IK02", agency=None, baseline_value=None, baseline_year=None)
    realisation(owned, 2025, 10)
    page = en("council").get(reverse("monitoring:ownership_gaps", args=[plan.pk])).content.decode()
    without_agency = page.split('data-testid="without-agency"')[1].split("</ul>")[0]
    assert "IK02" in without_agency and "IK01" not in without_agency
    assert "IK02" in page.split('data-testid="without-baseline"')[1].split("</ul>")[0]
    missing = page.split('data-testid="missing-targets"')[1].split("</ul>")[0]
    assert "2026, 2027, 2028, 2029" in missing
    rates = page.split('data-testid="rates"')[1].split("</table>")[0]
    assert "100.0 %" in rates  # Diskominfo reported the one period due


def test_agency_editors_are_offered_to_define_indicators_while_drafting(
    world: World, en: Callable[[str], Client]
) -> None:
    plan, _prog = plan_with_programme(world, status="draft")
    url = reverse("monitoring:indicator_list", args=[plan.pk])
    create = reverse("monitoring:indicator_create", args=[plan.pk])
    assert create in en("editor_a").get(url).content.decode()
    assert create not in en("council").get(url).content.decode()
    plan.status = "published"
    plan.save()
    assert create not in en("editor_a").get(url).content.decode()
