"""Indicators are part of the masterplan's versions: frozen at approval, compared with their
targets, and checked before submitting (issue 10) — registered by monitoring through
planning's section hook."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kotacerdas.accounts.actors import SYSTEM
from kotacerdas.monitoring.models import Target
from kotacerdas.planning.models import Masterplan
from kotacerdas.planning.review import services as review
from kotacerdas.planning.review.models import MasterplanVersion
from kotacerdas.planning.review.queries import compare_versions, submission_gaps
from kotacerdas.planning.review.snapshot import take_snapshot

from ..conftest import World
from ..planning import factories as pf
from . import factories as f


def _approve_and_redraft(plan: Masterplan) -> None:
    review.submit_for_review(plan, actor=SYSTEM, confirm_incomplete=True)
    review.approve_masterplan(plan, actor=SYSTEM)
    review.start_new_draft(plan, actor=SYSTEM)


def _compare_url(plan: Masterplan) -> str:
    return reverse("planning:version_compare", kwargs={"pk": plan.pk}) + "?a=1&b=current"


def test_an_approved_version_freezes_each_indicator_with_its_targets(world: World) -> None:
    plan, prog = f.plan_with_programme(world, status="draft")
    ind = f.indicator(plan, prog, "IK01", agency=world.agency_a)
    f.target(ind, 2026, "60.50")
    f.target(ind, 2025, 50)
    f.target(ind, 2026, 30, quarter=2)
    _approve_and_redraft(plan)
    frozen = MasterplanVersion.objects.get(masterplan=plan, number=1).snapshot["indicators"]
    row = frozen[str(ind.pk)]
    assert row["code"] == "IK01" and row["programme"] == "P01 Programme P01"
    assert row["baseline_value"] == "40" and row["responsible_agency"] == world.agency_a.name
    assert row["targets"] == ["2025: 50", "2026: 60.5", "2026 Q2: 30"]


def test_the_comparison_shows_indicators_added_removed_and_targets_changed(
    world: World, en: Any
) -> None:
    plan, prog = f.plan_with_programme(world, status="draft")
    kept = f.indicator(plan, prog, "IK01")
    gone = f.indicator(plan, prog, "IK02", name="Dropped indicator")
    f.target(kept, 2026, 60)
    _approve_and_redraft(plan)
    Target.objects.filter(indicator=kept, year=2026).update(value=Decimal(75))
    f.target(kept, 2027, 80)
    gone.delete()
    f.indicator(plan, None, "IK09", name="City impact")
    page = en("coordinator").get(_compare_url(plan)).content.decode()
    section = page.split('data-testid="section-indicators"')[1].split("</section>")[0]
    assert "Indicators" in section
    assert "IK09 City impact" in section and "IK02 Dropped indicator" in section
    assert "2026: 75" in section and "2027: 80" in section and "2026: 60" in section
    [change] = [
        s
        for s in compare_versions(plan, MasterplanVersion.objects.get().snapshot, None)
        if s.section == "indicators"
    ][0].changed
    assert (change.item, str(change.field)) == ("IK01 Indicator IK01", "targets")
    assert change.gained == ["2026: 75", "2027: 80"] and change.lost == ["2026: 60"]


def test_a_version_frozen_before_indicators_were_versioned_still_compares(world: World) -> None:
    plan, prog = f.plan_with_programme(world, status="draft")
    f.indicator(plan, prog, "IK01")
    old = take_snapshot(plan)
    del old["indicators"]
    sections = {s.section: s for s in compare_versions(plan, old, None)}
    assert sections["indicators"].added == ["IK01 Indicator IK01"]
    assert sections["programmes"].is_empty


def _compare_queries(world: World, region: Any, coordinator: str, count: int) -> int:
    plan = pf.masterplan(world, region=region)
    lead = region.agencies.first()
    for i in range(count):
        prog = pf.programme(plan, f"G{i:02d}", lead=lead)
        pf.fund(prog, amount=1_000_000 + i)
        pf.milestone(prog, name=f"Step {i}")
        ind = f.indicator(plan, prog, f"IK{i:02d}", agency=lead)
        for year in (2025, 2026, 2027):
            f.target(ind, year, 10 + i)
    _approve_and_redraft(plan)
    client = world.client(coordinator)
    client.get(_compare_url(plan))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(_compare_url(plan)).status_code == 200
    return len(queries)


def test_the_comparison_with_indicators_costs_the_same_however_many(world: World) -> None:
    small = _compare_queries(world, world.region, "coordinator", 1)
    large = _compare_queries(world, world.other_region, "other_coordinator", 12)
    assert small == large <= 15


def test_programmes_without_an_indicator_are_a_gap_before_submitting(world: World) -> None:
    plan, prog = f.plan_with_programme(world, status="draft")
    other = pf.programme(plan, "P02", name="Tanpa indikator")
    f.indicator(plan, prog, "IK01")
    f.indicator(plan, None, "IK09")  # an impact indicator measures no programme
    [gap] = [g for g in submission_gaps(plan) if g.key == "indicator"]
    create = reverse("monitoring:indicator_create", kwargs={"pk": plan.pk})
    assert gap.items == [("P02 Tanpa indikator", f"{create}?programme={other.pk}")]
    assert gap.fix_url == reverse("monitoring:indicator_list", kwargs={"pk": plan.pk})
    f.indicator(plan, other, "IK02")
    assert "indicator" not in {g.key for g in submission_gaps(plan)}


def test_a_published_plan_has_its_summaries_at_once_and_a_reopened_one_none(
    world: World,
) -> None:
    from kotacerdas.monitoring.summary_models import MasterplanSummary

    plan, prog = f.plan_with_programme(world, status="draft")
    ind = f.indicator(plan, prog, "IK01")
    f.target(ind, 2025, 60)
    review.submit_for_review(plan, actor=world.users["coordinator"], confirm_incomplete=True)
    review.approve_masterplan(plan, actor=world.users["council"])
    assert not MasterplanSummary.objects.filter(masterplan=plan).exists()
    review.publish_masterplan(plan, actor=world.users["coordinator"])
    # A row for every year of the period at once, the current year's marked.
    assert MasterplanSummary.objects.filter(masterplan=plan).count() == len(plan.period)
    summary = MasterplanSummary.objects.get(masterplan=plan, is_current=True)
    assert summary.indicators == 1
    review.start_new_draft(plan, actor=world.users["coordinator"])
    assert not MasterplanSummary.objects.filter(masterplan=plan).exists()
