"""The version comparison covers every section of a masterplan, in words an official reads:
Rupiah with cents, field labels, lists as added and removed items (issue 9, readable for
officials)."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from kotacerdas.accounts.actors import SYSTEM
from kotacerdas.planning.models import (
    BudgetCeiling,
    FundingLine,
    Masterplan,
    Milestone,
    Programme,
    ProgrammeDependency,
    QuickWinScore,
    Stakeholder,
    TeamMember,
)
from kotacerdas.planning.quickwins.services import ensure_criteria
from kotacerdas.planning.review import services as review
from kotacerdas.planning.review.models import MasterplanVersion
from kotacerdas.planning.review.queries import compare_versions, field_label, shown
from kotacerdas.planning.review.snapshot import take_snapshot, upgrade

from ...conftest import World
from .. import factories as f


def _approved(world: World, plan: Masterplan) -> None:
    review.submit_for_review(plan, actor=world.users["coordinator"], confirm_incomplete=True)
    review.approve_masterplan(plan, actor=world.users["council"])
    review.start_new_draft(plan, actor=world.users["coordinator"])


def _page(world: World, plan: Masterplan) -> str:
    url = reverse("planning:version_compare", kwargs={"pk": plan.pk}) + "?a=1&b=current"
    response = world.client("coordinator").get(url)
    assert response.status_code == 200
    return response.content.decode()


def _sections(plan: Masterplan) -> dict[str, Any]:
    old = MasterplanVersion.objects.get(masterplan=plan, number=1).snapshot
    return {s.section: s for s in compare_versions(plan, old, None)}


def test_a_funding_amount_keeps_its_cents_from_snapshot_to_comparison(world: World) -> None:
    plan = f.masterplan(world)
    p = f.programme(plan, "G01", lead=world.agency_a)
    line = FundingLine.objects.create(
        programme=p, source="apbd", year=2025, amount=Decimal("1250000.50")
    )
    _approved(world, plan)
    frozen = MasterplanVersion.objects.get(masterplan=plan, number=1).snapshot
    assert frozen["funding"][str(line.pk)]["amount"] == "1250000.50"
    FundingLine.objects.filter(pk=line.pk).update(amount=Decimal("1250000.75"))
    [change] = _sections(plan)["funding"].changed
    assert (change.old, change.new) == ("Rp 1.250.000,50", "Rp 1.250.000,75")
    assert change.item == "G01 Programme G01 · 2025 · APBD"
    body = _page(world, plan)
    assert "Rp 1.250.000,50" in body and "Rp 1.250.000,75" in body


def test_every_section_shows_what_changed(world: World) -> None:
    plan = f.masterplan(world)
    actor = world.users["coordinator"]
    p = f.programme(plan, "G01", lead=world.agency_a)
    other = f.programme(plan, "G02")
    criterion = ensure_criteria(plan, actor=SYSTEM)[0]
    QuickWinScore.objects.create(programme=p, criterion=criterion, score=2)
    _approved(world, plan)

    Masterplan.objects.filter(pk=plan.pk).update(title="Masterplan Bengkulu Cerdas")
    TeamMember.objects.create(masterplan=plan, body="implementation_team", name="Ani Wijaya")
    partner = Stakeholder.objects.create(masterplan=plan, group="business", name="PT Telkom")
    p.partners.add(partner)
    FundingLine.objects.create(programme=p, source="apbd", year=2026, amount=Decimal(2_000_000))
    BudgetCeiling.objects.create(masterplan=plan, year=2026, amount=Decimal("5000000000"))
    QuickWinScore.objects.filter(programme=p).update(score=5)
    Programme.objects.filter(pk=p.pk).update(end_year=2028, is_quick_win=True)
    ProgrammeDependency.objects.create(programme=p, depends_on=other)
    Milestone.objects.create(programme=p, name="Pilot live", year=2026, quarter=2)
    from kotacerdas.planning.strategy import services as strategy

    strategy.save_mission(plan, actor=actor, text="Layanan publik digital", swot_entries=[])

    sections = _sections(Masterplan.objects.get(pk=plan.pk))
    for name in (
        "masterplan",
        "team",
        "stakeholders",
        "strategy",
        "programmes",
        "funding",
        "budget",
        "quickwins",
        "roadmap",
        "milestones",
    ):
        assert not sections[name].is_empty, name
    assert sections["budget"].added == ["2026 — Rp 5.000.000.000"]
    assert sections["funding"].added == ["G01 Programme G01 · 2026 · APBD — Rp 2.000.000"]
    assert sections["milestones"].added == ["G01 Programme G01 · 2026 · Pilot live"]
    roadmap = {(str(c.field), c.old, c.new) for c in sections["roadmap"].changed}
    assert ("tahun terakhir", "2026", "2028") in roadmap
    [depends] = [c for c in sections["roadmap"].changed if str(c.field) == "bergantung pada"]
    assert depends.gained == ["G02"] and depends.lost == []
    scores = {(str(c.field), c.old, c.new) for c in sections["quickwins"].changed}
    assert (f"skor: {criterion.name_id}", "2", "5") in scores
    programmes = {(str(c.field), c.old, c.new) for c in sections["programmes"].changed}
    assert ("quick win", "Tidak", "Ya") in {(a.lower(), b, c) for a, b, c in programmes}
    [partners] = [c for c in sections["programmes"].changed if str(c.field) == "mitra"]
    assert partners.gained == ["PT Telkom"]

    body = _page(world, plan)
    assert "['" not in body and "&#x27;]" not in body  # no Python list anywhere
    assert "Masterplan Bengkulu Cerdas" in body
    assert "Rp 5.000.000.000" in body


def test_a_version_frozen_in_the_first_layout_is_read(world: World) -> None:
    """Versions approved before this change kept the schedule on each programme."""
    old = {
        "team": {},
        "programmes": {
            "1": {
                "code": "G01",
                "name": "A",
                "start_year": 2025,
                "end_year": 2026,
                "depends_on": [],
                "funding": ["2025 apbd 100"],
                "milestones": [],
            },
        },
    }
    new = upgrade(old)
    assert new["roadmap"]["1"]["end_year"] == 2026
    assert "end_year" not in new["programmes"]["1"]
    assert upgrade(new) == new


def _compare_queries(world: World, region: Any, coordinator: str, count: int) -> int:
    plan = f.masterplan(world, region=region)
    criteria = ensure_criteria(plan, actor=SYSTEM)
    lead = region.agencies.first()
    for i in range(count):
        p = f.programme(plan, f"G{i:02d}", lead=lead)
        f.fund(p, amount=1_000_000 + i)
        f.milestone(p, name=f"Step {i}")
        f.support(p, lead)
        for c in criteria:
            QuickWinScore.objects.create(programme=p, criterion=c, score=3)
    BudgetCeiling.objects.create(masterplan=plan, year=2025, amount=Decimal(1))
    review.submit_for_review(plan, actor=SYSTEM, confirm_incomplete=True)
    review.approve_masterplan(plan, actor=SYSTEM)
    review.start_new_draft(plan, actor=SYSTEM)
    client = world.client(coordinator)
    url = reverse("planning:version_compare", kwargs={"pk": plan.pk}) + "?a=1&b=current"
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_comparison_page_costs_the_same_however_big_the_plan(world: World) -> None:
    small = _compare_queries(world, world.region, "coordinator", 1)
    large = _compare_queries(world, world.other_region, "other_coordinator", 12)
    assert small == large <= 15


def test_the_snapshot_reads_a_masterplan_in_a_fixed_number_of_queries(
    world: World, django_assert_num_queries: Any
) -> None:
    plan = f.masterplan(world)
    for i in range(5):
        p = f.programme(plan, f"G{i:02d}")
        f.fund(p)
        f.milestone(p)
    plan = Masterplan.objects.select_related("vision").get(pk=plan.pk)
    with django_assert_num_queries(9):
        take_snapshot(plan)


def test_the_version_list_shows_times_in_the_regions_zone(world: World) -> None:
    from kotacerdas.regions.models import Region

    Region.objects.filter(pk=world.region.pk).update(time_zone=Region.TimeZone.WIT)
    plan = f.masterplan(world)
    f.programme(plan, "G01", lead=world.agency_a)
    _approved(world, plan)
    version = MasterplanVersion.objects.get(masterplan=plan, number=1)
    MasterplanVersion.objects.filter(pk=version.pk).update(
        created=datetime(2026, 3, 2, 6, 0, tzinfo=UTC)
    )
    url = reverse("planning:version_list", kwargs={"pk": plan.pk})
    body = world.client("coordinator").get(url).content.decode()
    assert "2 Maret 2026 15:00 WIT" in body


def test_values_read_as_words() -> None:
    with translation.override("id"):
        assert shown("funding", "amount", "1250000.50") == "Rp 1.250.000,50"
        assert shown("budget", "amount", "5000000000.00") == "Rp 5.000.000.000"
        assert shown("funding", "source", "kpbu") == "KPBU (kerja sama pemerintah dan badan usaha)"
        assert shown("team", "decree_date", "2026-01-05") == "5 Januari 2026"
        assert shown("programmes", "is_quick_win", True) == "Ya"
        assert shown("programmes", "partners", ["PT A", "Kampus B"]) == "PT A, Kampus B"
        assert shown("roadmap", "end_quarter", None) == "–"
        assert str(field_label("programmes", "name")) == "nama"
        assert str(field_label("team", "decree_date")) == "tanggal SK"
