"""Stage deliverables are read from the region's own data, with what is missing listed."""

from __future__ import annotations

from kotacerdas.framework.models import InstrumentAspect
from kotacerdas.guidance.queries import pipeline, region_guidance
from kotacerdas.planning.models import Goal, Mission, Vision
from kotacerdas.readiness.models import SwotEntry

from ..conftest import World
from ..planning.factories import dimension, fund, masterplan, programme
from ..selection.factories import submitted_assessment
from .factories import cohort, member


def _stage(world: World, number: str) -> list[str]:
    rows = region_guidance(member(world)).stages
    return [m.text for m in next(r for r in rows if r.check.stage == number).check.missing]


def test_stage_one_is_done_when_the_assessment_is_submitted_with_a_swot_per_aspect(
    world: World,
) -> None:
    assert _stage(world, "1") == ["No readiness assessment yet."]
    assessment = submitted_assessment(world.region)
    aspects = list(InstrumentAspect.objects.filter(instrument=assessment.instrument))
    assert len(aspects) == 3
    SwotEntry.objects.create(
        assessment=assessment, kind="strength", number=1, text="Jaringan", aspect=aspects[0]
    )
    missing = _stage(world, "1")
    assert len(missing) == 2 and all("SWOT" in text for text in missing)
    for n, aspect in enumerate(aspects[1:], start=2):
        SwotEntry.objects.create(
            assessment=assessment, kind="weakness", number=n, text="Kurang", aspect=aspect
        )
    assert _stage(world, "1") == []
    row = pipeline(cohort(world))[0]
    assert [c.complete for c in row.cells] == [True, False, False, False]


def test_later_stages_read_strategy_innovation_and_roadmap(world: World) -> None:
    plan = masterplan(world)
    assert "No vision." in _stage(world, "2")
    Vision.objects.create(masterplan=plan, text="Bengkulu cerdas")
    mission = Mission.objects.create(masterplan=plan, text="Layanan terpadu")
    goal = Goal.objects.create(mission=mission, text="Layanan daring")
    p = programme(plan, lead=world.agency_a)
    assert _stage(world, "2") == ["1 programme is not mapped to a goal."]
    p.goals.add(goal)
    assert _stage(world, "2") == []
    assert _stage(world, "3") == ["1 programme has no innovation."]
    p.innovation = "Satu data"
    p.save()
    assert _stage(world, "3") == []
    fourth = _stage(world, "4")
    assert any("conflict" in t for t in fourth)  # the programme has no funding
    assert any("Quick wins chosen in 0 of 6" in t for t in fourth)
    assert "The masterplan is not submitted for review." in fourth
    for year in (2025, 2026):
        fund(p, year=year)
    p.is_quick_win = True
    p.save()
    for n, code in enumerate(["economy", "living"], start=2):
        q = programme(plan, code=f"P0{n}", dim=code, is_quick_win=True, innovation="x")
        q.goals.add(goal)
        fund(q, year=2025)
        fund(q, year=2026)
    assert dimension("economy")
    plan.status = "in_review"
    plan.save()
    assert _stage(world, "4") == []


def test_the_missing_submission_links_to_a_page_every_reader_of_the_region_may_open(
    world: World,
) -> None:
    """Only the coordinator may submit; the council member following the link from the
    region's Bimtek page reaches the masterplan's page, not a refusal."""
    plan = masterplan(world)
    member(world)
    page = world.client("council").get(f"/regions/{world.region.code}/guidance/")
    assert page.status_code == 200
    assert f'href="/masterplans/{plan.pk}/"' in page.content.decode()
    assert f"/masterplans/{plan.pk}/submit/" not in page.content.decode()
    assert world.client("council").get(f"/masterplans/{plan.pk}/").status_code == 200
