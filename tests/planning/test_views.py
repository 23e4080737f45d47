"""Pages of the planning module as their users see them."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kotacerdas.planning.models import Masterplan, Programme, Vision

from ..conftest import World
from . import factories as f


@pytest.fixture
def en(world: World) -> Any:
    def client(persona: str) -> Any:
        c = world.client(persona)
        c.post(reverse("set_language"), {"language": "en"})
        return c

    return client


def _count(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "name", ["programme_list", "agency_matrix", "budget_view", "masterplan_detail"]
)
def test_same_query_count_for_10_and_300_programmes(world: World, name: str) -> None:
    small, large = f.masterplan(world), f.masterplan(world, title="Large")
    f.many_programmes(small, world, 10)
    f.many_programmes(large, world, 300)
    client = world.client("coordinator")
    counts = [
        _count(client, reverse(f"planning:{name}", kwargs={"pk": p.pk})) for p in (small, large)
    ]
    assert counts[0] == counts[1] <= 15


def test_programme_form_query_count_does_not_grow(world: World) -> None:
    small, large = f.masterplan(world), f.masterplan(world, title="Large")
    f.many_programmes(small, world, 10)
    f.many_programmes(large, world, 300)
    client = world.client("coordinator")
    counts = [
        _count(client, reverse("planning:programme_create", kwargs={"pk": p.pk}))
        for p in (small, large)
    ]
    assert counts[0] == counts[1] <= 15


def test_an_editor_adds_a_programme_with_supports_and_funding(world: World, en: Any) -> None:
    plan = f.masterplan(world)
    third = world.region.agencies.exclude(pk__in=[world.agency_a.pk, world.agency_b.pk]).first()
    living = f.dimension("living")
    data = {
        "code": "L01",
        "name": "Telemedicine",
        "dimension": living.pk,
        "element": living.elements.first().pk,
        "horizon": "short",
        "start_year": 2025,
        "end_year": 2026,
        "status": "planned",
        "lead_agency": world.agency_b.pk,
        "supports-TOTAL_FORMS": 2,
        "supports-INITIAL_FORMS": 0,
        "supports-0-agency": world.agency_a.pk,
        "supports-0-role": "ICT",
        "supports-1-agency": third.pk,
        "supports-1-role": "Buildings",
        "funding-TOTAL_FORMS": 2,
        "funding-INITIAL_FORMS": 0,
        "funding-0-source": "apbd",
        "funding-0-year": 2025,
        "funding-0-amount": "150000000",
        "funding-1-source": "csr",
        "funding-1-year": 2026,
        "funding-1-amount": "50000000",
    }
    client = en("editor_b")
    url = reverse("planning:programme_create", kwargs={"pk": plan.pk})
    bad = client.post(url, {**data, "funding-1-amount": "-5"})
    assert bad.status_code == 200 and "cannot be negative" in bad.content.decode()
    bad = client.post(url, {**data, "supports-0-agency": world.agency_b.pk})
    assert "already the lead agency" in bad.content.decode()
    bad = client.post(url, {**data, "end_year": 2031})
    assert "outside the masterplan period" in bad.content.decode()
    assert not Programme.objects.filter(masterplan=plan).exists()
    response = client.post(url, data)
    assert response.status_code == 302
    p = Programme.objects.get(masterplan=plan)
    assert p.supports.count() == 2 and p.funding.count() == 2
    page = client.get(response["Location"]).content.decode()
    assert "Telemedicine" in page and "Rp 150.000.000" in page
    # editor_a cannot choose agency B as lead: the choice is not offered
    other = en("editor_a").post(url, {**data, "code": "L02"})
    assert other.status_code == 200 and not Programme.objects.filter(code="L02").exists()


def test_a_concurrent_edit_shows_both_values(world: World, en: Any) -> None:
    plan = f.masterplan(world)
    p = f.programme(plan, "G01", lead=world.agency_a)
    opened = p.version
    Programme.objects.filter(pk=p.pk).update(name="Saved by someone else", version=opened + 1)
    data = {
        "version": opened,
        "code": "G01",
        "name": "Mine",
        "dimension": p.dimension_id,
        "horizon": "short",
        "start_year": 2025,
        "end_year": 2026,
        "status": "planned",
        "lead_agency": world.agency_a.pk,
        "supports-TOTAL_FORMS": 0,
        "supports-INITIAL_FORMS": 0,
        "funding-TOTAL_FORMS": 0,
        "funding-INITIAL_FORMS": 0,
    }
    response = en("editor_a").post(reverse("planning:programme_edit", kwargs={"pk": p.pk}), data)
    body = response.content.decode()
    assert "Saved by someone else" in body and "Mine" in body and 'data-testid="conflict"' in body
    assert Programme.objects.get(pk=p.pk).name == "Saved by someone else"


def test_strategy_tree_page(world: World, en: Any) -> None:
    plan = f.masterplan(world)
    client = en("coordinator")
    client.post(reverse("planning:vision_edit", kwargs={"pk": plan.pk}), {"text": "Kota cerdas"})
    client.post(
        reverse("planning:mission_create", kwargs={"pk": plan.pk}), {"mission-text": "Digital"}
    )
    mission = plan.missions.get()
    client.post(
        reverse("planning:goal_create", kwargs={"pk": plan.pk, "mission": mission.pk}),
        {"text": "Layanan daring"},
    )
    client.post(
        reverse("planning:policy_edit", kwargs={"pk": plan.pk, "dimension": f.dimension().pk}),
        {"text": "SPBE terpadu"},
    )
    page = client.get(reverse("planning:strategy_detail", kwargs={"pk": plan.pk})).content.decode()
    for text in ("Kota cerdas", "Digital", "Layanan daring", "SPBE terpadu"):
        assert text in page
    assert Vision.objects.get(masterplan=plan).text == "Kota cerdas"
    council = en("council").get(reverse("planning:strategy_detail", kwargs={"pk": plan.pk}))
    assert reverse("planning:vision_edit", kwargs={"pk": plan.pk}) not in council.content.decode()


def test_drafts_never_leak_to_other_regions(world: World) -> None:
    f.masterplan(world, title="Secret draft")
    f.masterplan(world, title="Published plan", status="published")
    url = reverse("planning:masterplan_list", kwargs={"code": world.region.code})
    page = world.client("other_coordinator").get(url).content.decode()
    assert "Published plan" in page and "Secret draft" not in page
    page = world.client("council").get(url).content.decode()
    assert "Published plan" in page and "Secret draft" in page


def test_cycle_stage_goes_to_the_current_masterplan(world: World) -> None:
    client = world.client("editor_a")
    url = reverse("planning:team_current", kwargs={"code": world.region.code})
    assert client.get(url)["Location"] == reverse(
        "planning:masterplan_list", kwargs={"code": world.region.code}
    )
    plan = f.masterplan(world)
    assert client.get(url)["Location"] == reverse("planning:team_list", kwargs={"pk": plan.pk})


def test_create_and_edit_masterplan(world: World, en: Any) -> None:
    client = en("coordinator")
    response = client.post(
        reverse("planning:masterplan_create", kwargs={"code": world.region.code}),
        {"title": "MP 2025", "start_year": 2025, "years": 5, "framework": f.framework().pk},
    )
    plan = Masterplan.objects.get(title="MP 2025")
    assert response["Location"] == plan.get_absolute_url()
    edit = reverse("planning:masterplan_edit", kwargs={"pk": plan.pk})
    data = {"title": "MP 2025–2029", "start_year": 2025, "years": 5, "version": plan.version}
    assert client.post(edit, data).status_code == 302
    stale = client.post(edit, {**data, "title": "Stale"}).content.decode()
    assert 'data-testid="conflict"' in stale and "MP 2025–2029" in stale
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("perwal.pdf", b"MZ not a pdf", content_type="application/pdf")
    plan.refresh_from_db()
    bad = client.post(edit, {**data, "version": plan.version, "regulation_file": fake})
    assert "Upload a PDF" in bad.content.decode()


def test_budget_warns_over_the_ceiling_and_shows_apbd_share(world: World, en: Any) -> None:
    plan = f.masterplan(world)
    p = f.programme(plan, "G01", lead=world.agency_a)
    f.fund(p, 300, 2025, "apbd")
    f.fund(p, 100, 2025, "csr")
    client = en("coordinator")
    client.post(reverse("planning:ceiling_edit", kwargs={"pk": plan.pk}), {"year_2025": "350"})
    page = client.get(reverse("planning:budget_view", kwargs={"pk": plan.pk})).content.decode()
    assert 'data-testid="over-ceiling"' in page and "Rp 400" in page
    assert "75,0 %" in page and "25,0 %" in page


def test_agency_matrix_flags_gaps(world: World, en: Any) -> None:
    plan = f.masterplan(world)
    led = f.programme(plan, "G01", lead=world.agency_a)
    f.support(led, world.agency_b)
    f.fund(led)
    f.programme(plan, "G02")
    page = (
        en("assessor")
        .get(reverse("planning:agency_matrix", kwargs={"pk": plan.pk}))
        .content.decode()
    )
    assert "Programmes without a lead agency" in page and "G02" in page
    assert "Programmes without funding" in page


def test_programme_list_filters(world: World) -> None:
    plan = f.masterplan(world)
    f.programme(plan, "G01", lead=world.agency_a)
    f.programme(plan, "L01", lead=world.agency_b, dim="living")
    url = reverse("planning:programme_list", kwargs={"pk": plan.pk})
    client = world.client("assessor")
    page = client.get(url, {"dimension": f.dimension("living").pk}).content.decode()
    assert "L01" in page and "G01" not in page
    page = client.get(url, {"agency": world.agency_a.pk, "horizon": "short"}).content.decode()
    assert "G01" in page and "L01" not in page


def test_comments_and_resolution(world: World, en: Any) -> None:
    plan = f.masterplan(world)
    p = f.programme(plan, "G01", lead=world.agency_a)
    f.support(p, world.agency_b)
    url = reverse("planning:comment_create", kwargs={"pk": plan.pk}) + f"?programme={p.pk}"
    assert en("editor_b").post(url, {"section": "programmes", "text": "Siap"}).status_code == 302
    comment = plan.comments.get()
    en("coordinator").post(
        reverse("planning:comment_resolve", kwargs={"pk": plan.pk, "comment": comment.pk})
    )
    comment.refresh_from_db()
    assert comment.resolved_at is not None
    page = en("assessor").get(p.get_absolute_url()).content.decode()
    assert "Siap" in page and "resolved" in page


def test_a_new_draft_is_compared_with_the_approved_version(world: World, en: Any) -> None:
    from kotacerdas.planning import review
    from kotacerdas.planning.programmes import Attachments, update_programme

    plan = f.masterplan(world)
    p = f.programme(plan, "G01", lead=world.agency_a)
    gone = f.programme(plan, "G02")
    review.submit_for_review(plan, actor=world.users["coordinator"])
    review.approve_masterplan(plan, actor=world.users["council"])
    review.start_new_draft(plan, actor=world.users["coordinator"])
    update_programme(
        p, actor=None, opened_version=None, fields={"name": "Smart clinic"}, parts=Attachments()
    )
    gone.delete()
    f.programme(plan, "G03", name="New one")
    client = en("assessor")
    versions = client.get(reverse("planning:version_list", kwargs={"pk": plan.pk}))
    assert "Compare with the current draft" in versions.content.decode()
    url = reverse("planning:version_compare", kwargs={"pk": plan.pk}) + "?a=1&b=current"
    page = client.get(url).content.decode()
    assert "Smart clinic" in page and "Programme G01" in page
    assert "G03 New one" in page and "G02 Programme G02" in page
    assert client.get(url.replace("a=1", "a=7")).status_code == 404


def test_roadmap_shows_programmes_by_year_and_flags_conflicts(world: World, en: Any) -> None:
    from kotacerdas.planning.models import ProgrammeDependency

    plan = f.masterplan(world)
    base = f.programme(plan, "G01", lead=world.agency_a, start_year=2026, end_year=2027)
    f.fund(base, year=2026)
    f.fund(base, year=2027)
    early = f.programme(plan, "L01", dim="living", start_year=2025, end_year=2025)
    ProgrammeDependency.objects.create(programme=early, depends_on=base)
    page = en("council").get(reverse("planning:roadmap_view", kwargs={"pk": plan.pk}))
    body = page.content.decode()
    assert 'data-testid="roadmap-table"' in body and "G01" in body and "L01" in body
    assert 'data-testid="roadmap-conflicts"' in body and 'id="roadmap-tasks"' in body
    data = (
        world.client("council")
        .get(reverse("api:get_roadmap", kwargs={"masterplan_id": plan.pk}))
        .json()
    )
    codes = {c["code"] for c in data["conflicts"] if c["programme_id"] == early.pk}
    assert codes == {"starts_before_dependency", "unfunded_year"}
    assert [p["code"] for p in data["programmes"]] == ["L01", "G01"]


@pytest.mark.parametrize("n", [10, 300])
def test_roadmap_query_count(world: World, n: int) -> None:
    plan = f.masterplan(world)
    f.many_programmes(plan, world, n)
    client = world.client("coordinator")
    url = reverse("planning:roadmap_view", kwargs={"pk": plan.pk})
    assert _count(client, url) == 10  # with the milestones
