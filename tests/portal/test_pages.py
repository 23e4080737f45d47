"""The public pages: what a visitor sees without signing in, the cache that follows every
publication and verification, and a fixed number of queries whatever the amount of data."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kotacerdas.accounts.actors import SYSTEM
from kotacerdas.monitoring.models import Indicator, Realisation, Target
from kotacerdas.planning.models import Masterplan
from kotacerdas.planning.review import services as review

from ..conftest import World
from ..planning.conftest import query_count
from ..planning.factories import many_programmes, masterplan
from .factories import Published

pytestmark = pytest.mark.django_db


def page(url: str, language: str = "id") -> str:
    response = Client(headers={"Accept-Language": language}).get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_list_shows_regions_that_published_and_finds_them(
    world: World, published: Published
) -> None:
    listing = page(reverse("portal:region_list"))
    assert "Kota Bengkulu" in listing
    assert "Kota Bukittinggi" not in listing  # a draft only
    assert "Kota Bengkulu" in page(reverse("portal:region_list") + "?q=bengk")
    assert "Kota Bengkulu" in page(reverse("portal:region_list") + "?q=17.7")
    assert "Kota Bengkulu" not in page(reverse("portal:region_list") + "?q=Padang")
    assert "Kota Bengkulu" in page(reverse("portal:region_list") + "?province=17&kind=kota")
    assert "Kota Bengkulu" not in page(reverse("portal:region_list") + "?kind=kabupaten")


def test_a_bad_filter_is_answered_not_refused(world: World, published: Published) -> None:
    listing = page(reverse("portal:region_list") + "?q=" + "x" * 500 + "&sort=evil&page=999")
    assert "Kota Bengkulu" in listing  # the invalid form filters nothing


def test_the_region_page_shows_the_published_masterplan(world: World, published: Published) -> None:
    html = page(reverse("portal:region_detail", args=[world.region.code]))
    for text in (
        "Bengkulu kota cerdas yang melayani",  # vision
        "Layanan publik digital",  # mission
        "Semua izin daring",  # goal
        "Telemedisin puskesmas",
        "Rp 1.750.000.000",  # funding of P01, in Rupiah
        "Izin daring",  # quick win
        "Puskesmas terhubung",
        'data-testid="verified-value">75<',
        "Budi Santoso",
        "Kepala Diskominfo",
        "Universitas Bengkulu",
        'property="og:title"',
    ):
        assert text in html, text
    assert "Daerah ini belum" not in html


def test_the_programme_page_shows_agencies_funding_and_verified_results(
    world: World, published: Published
) -> None:
    url = reverse("portal:programme_detail", args=[world.region.code, published.p01.pk])
    html = page(url, "en")
    for text in (
        "Telemedisin puskesmas",
        world.agency_a.name,
        world.agency_b.name,
        "Universitas Bengkulu",
        "APBN",
        "Rp 500.000.000",
        "Uji coba di 5 puskesmas",
        'data-testid="verified-realisation">2025',
        "At risk",  # 75 against 80 from a baseline of 40: 87.5 %
    ):
        assert text in html, text
    assert "<title>Telemedisin puskesmas · Kota Bengkulu · Kotacerdas</title>" in html


def test_html_in_published_text_is_shown_as_text(world: World, published: Published) -> None:
    published.p01.name = '<script>alert("x")</script>'
    published.p01.save()
    html = page(reverse("portal:region_detail", args=[world.region.code]))
    assert '<script>alert("x")</script>' not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


def test_a_verification_shows_at_once(world: World, published: Published) -> None:
    url = reverse("portal:region_detail", args=[world.region.code])
    waiting = published.indicator.realisations.get(year=2026)  # reported, not verified
    waiting.value = Decimal(88)
    waiting.save()
    assert 'data-testid="verified-value">88<' not in page(url)  # cached, and not verified
    waiting.state = "verified"
    waiting.verified_at = timezone.now()
    waiting.save()
    assert 'data-testid="verified-value">88<' in page(url)


def test_a_correction_takes_the_old_value_off_at_once(world: World, published: Published) -> None:
    from kotacerdas.monitoring import services

    url = reverse("portal:region_detail", args=[world.region.code])
    assert 'data-testid="verified-value">75<' in page(url)
    services.correct_realisation(
        published.verified, actor=SYSTEM, value="77", reason="Angka BPS direvisi"
    )
    html = page(url)  # the correction waits for verification: no verified value for 2025
    assert 'data-testid="verified-value">75<' not in html
    assert 'data-testid="verified-value">77<' not in html


def test_a_publication_shows_at_once(world: World) -> None:
    plan = masterplan(world, status="approved", title="Rencana baru")
    url = reverse("portal:region_detail", args=[world.region.code])
    assert Client().get(url).status_code == 404
    review.publish_masterplan(plan, actor=SYSTEM)
    assert "Rencana baru" in page(url)


def test_the_page_is_served_from_the_cache(world: World, published: Published) -> None:
    client = Client()
    url = reverse("portal:region_detail", args=[world.region.code])
    cold = query_count(client, url)
    warm = query_count(client, url)
    assert warm <= 3 < cold  # the masterplan, its public version (and a session at most)


def _grow(plan: Masterplan, w: World, n: int) -> None:
    many_programmes(plan, w, n)
    indicators = Indicator.objects.bulk_create(
        Indicator(
            masterplan=plan,
            programme=p,
            level="output",
            code=f"B{i:03d}",
            name=f"Indikator {i}",
            unit="%",
            frequency="quarterly",
        )
        for i, p in enumerate(plan.programmes.all())
    )
    Target.objects.bulk_create(
        Target(indicator=i, year=y, value=Decimal(50)) for i in indicators for y in plan.period
    )
    Realisation.objects.bulk_create(
        Realisation(indicator=i, year=2025, sub_period=q, value=Decimal(q), state="verified")
        for i in indicators
        for q in range(1, 5)
    )


def _cold_counts(w: World, plan: Masterplan) -> list[int]:
    from django.core.cache import cache

    code = w.region.code
    urls = [
        reverse("portal:region_list"),
        reverse("portal:region_detail", args=[code]),
        reverse("portal:programme_detail", args=[code, plan.programmes.order_by("pk")[0].pk]),
        reverse("portal:table_json", args=[code, "indicators"]),
        reverse("portal:table_csv", args=[code, "programmes"]),
        reverse("portal:catalogue"),
        reverse("portal:sitemap"),
        "/api/v1/public/regions",
        f"/api/v1/public/regions/{code}/programmes",
        f"/api/v1/public/regions/{code}/indicators",
    ]
    counts = []
    for url in urls:
        cache.clear()
        counts.append(query_count(Client(), url))
    return counts


def test_pages_cost_the_same_queries_for_small_and_large_masterplans(
    world: World, published: Published
) -> None:
    small = _cold_counts(world, published.plan)
    _grow(published.plan, world, 40)
    assert _cold_counts(world, published.plan) == small


def test_the_uncached_region_page_reads_each_table_once(world: World, published: Published) -> None:
    """Masterplan (with its thresholds and stamps), programmes, supports, funding, missions,
    goals, team, stakeholders (with the programmes they are partners of), dimensions,
    indicators, targets, realisations: 12 queries however many programmes and indicators
    the region has."""
    from django.core.cache import cache

    url = reverse("portal:region_detail", args=[world.region.code])
    cache.clear()
    small = query_count(Client(), url)
    _grow(published.plan, world, 40)
    cache.clear()
    large = query_count(Client(), url)
    assert small == large == 12
    assert page(url).count('data-testid="public-programme"') == 42


def test_a_large_region_page_stays_under_500_kb(world: World, published: Published) -> None:
    _grow(published.plan, world, 80)  # 82 programmes, 82 indicators with quarterly results
    for url in (
        reverse("portal:region_detail", args=[world.region.code]),
        reverse("portal:region_list"),
        reverse("portal:programme_detail", args=[world.region.code, published.p01.pk]),
    ):
        size = len(Client().get(url).content)
        assert size < 500_000, f"{url}: {size} bytes"


def test_the_sitemap_lists_every_public_page(world: World, published: Published) -> None:
    xml = page(reverse("portal:sitemap"))
    assert xml.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    assert reverse("portal:region_detail", args=[world.region.code]) in xml
    assert reverse("portal:programme_detail", args=[world.region.code, published.p02.pk]) in xml
    draft_programme = published.draft.programmes.get()
    assert f"/program/{draft_programme.pk}/" not in xml


def test_stakeholders_are_listed_once_and_give_each_programme_its_partners(
    world: World, published: Published
) -> None:
    from kotacerdas.planning.models import Stakeholder
    from kotacerdas.portal import queries

    university = Stakeholder.objects.get(masterplan=published.plan, name="Universitas Bengkulu")
    bank = Stakeholder.objects.create(masterplan=published.plan, group="business", name="Bank X")
    published.p02.partners.add(university, bank)
    plan = queries.masterplan_of(world.region)
    assert plan is not None
    data = queries.region_page(world.region, plan)
    assert [s["name"] for s in data.stakeholders] == ["Universitas Bengkulu", "Bank X"]
    partners = {p.code: p.partner_names for p in data.programmes}  # type: ignore[attr-defined]
    assert partners == {"P01": ["Universitas Bengkulu"], "P02": ["Universitas Bengkulu", "Bank X"]}
