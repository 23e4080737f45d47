"""Names typed by users reach the page as text on every page that shows them: tables, the
roadmap Gantt and its popups, the charts and their legends, htmx fragments, the selection
ranking.

Every name below carries two classic payloads. A page passes when the name reads as text,
no element was made from it, no payload ran (``window.__pwned`` stays undefined) and the
browser logged no error (a CSP violation is a console error too).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from kotacerdas.accounts.actors import SYSTEM
from kotacerdas.config.management.demo_planning import DEMO_TITLE
from kotacerdas.framework.models import Instrument
from kotacerdas.planning.models import Masterplan, Milestone, Programme, Stakeholder, TeamMember
from kotacerdas.planning.quickwins.models import QuickWinCriterion, QuickWinScore
from kotacerdas.planning.review import services as review
from kotacerdas.planning.strategy.models import Goal, Mission
from kotacerdas.readiness.models import Answer, Assessment, SwotEntry
from kotacerdas.regions import services as regions
from kotacerdas.regions.models import Region
from kotacerdas.selection import services as selection
from kotacerdas.selection.models import Campaign, CampaignCriterion

from .pagelog import PageLog

pytestmark = pytest.mark.usefixtures("demo_data")

IMG = "<img src=x onerror=window.__pwned=1>"
SVG = '"><svg onload=window.__pwned=1>'


def hostile(what: str) -> str:
    return f"{what} {IMG} {SVG}"


PROGRAMME = hostile("Program")
PROGRAMME_RENAMED = hostile("Program baru")
MISSION = hostile("Misi")
GOAL = hostile("Sasaran")
SWOT = hostile("Kelemahan")
AGENCY = hostile("Dinas")
STAKEHOLDER = hostile("Mitra")
TEAM_MEMBER = hostile("Anggota")
MILESTONE = hostile("Tonggak")
# A code short enough for the field; frappe-gantt writes bar labels as HTML.
CODE = "<i>Q</i>1"


def assert_inert(page: Page) -> None:
    """Nothing the payloads would make exists, and no payload ran."""
    assert page.locator('img[src="x"]').count() == 0
    assert page.locator("svg[onload]").count() == 0
    assert page.evaluate("typeof window.__pwned") == "undefined"


@pytest.fixture
def hostile_plan() -> dict[str, int]:
    """The demo masterplan with a hostile name on each kind of thing a user names."""
    plan = Masterplan.objects.get(title=DEMO_TITLE)
    programme = Programme.objects.filter(masterplan=plan).order_by("code").first()
    assert programme is not None and programme.lead_agency is not None
    Programme.objects.filter(pk=programme.pk).update(name=PROGRAMME, is_quick_win=True)
    second = Programme.objects.filter(masterplan=plan).order_by("code")[1]
    Programme.objects.filter(pk=second.pk).update(code=CODE)
    # Renamed through the service, so that the change logs hold the name too.
    regions.update_agency(programme.lead_agency, actor=SYSTEM, opened_version=None, name=AGENCY)
    mission = Mission.objects.filter(masterplan=plan).order_by("pk").first()
    assert mission is not None
    Mission.objects.filter(pk=mission.pk).update(text=MISSION)
    Goal.objects.filter(pk=Goal.objects.filter(mission=mission).order_by("pk")[0].pk).update(
        text=GOAL
    )
    Stakeholder.objects.filter(masterplan=plan).update(name=STAKEHOLDER)
    TeamMember.objects.create(masterplan=plan, body="council", name=TEAM_MEMBER, position=SWOT)
    Milestone.objects.create(
        programme=programme, name=MILESTONE, year=programme.start_year, quarter=2
    )
    for criterion in QuickWinCriterion.objects.filter(masterplan=plan):
        QuickWinScore.objects.create(programme=programme, criterion=criterion, score=4)
    assessment = Assessment.objects.filter(region=plan.region).order_by("-pk").first()
    assert assessment is not None
    SwotEntry.objects.create(assessment=assessment, kind="weakness", number=99, text=SWOT)
    # An approved version holds the first name; the new draft renames the programme.
    review.submit_for_review(plan, actor=SYSTEM, confirm_incomplete=True)
    review.approve_masterplan(plan, actor=SYSTEM)
    review.start_new_draft(plan, actor=SYSTEM)
    Programme.objects.filter(pk=programme.pk).update(name=PROGRAMME_RENAMED)
    return {
        "plan": plan.pk,
        "programme": programme.pk,
        "assessment": assessment.pk,
        "agency": programme.lead_agency_id,
    }


def test_hostile_names_show_as_text_on_every_page(
    page: Page,
    page_log: PageLog,
    shot: Callable[[str], Path],
    log_in: Callable[..., None],
    hostile_plan: dict[str, int],
) -> None:
    plan, programme, assessment, agency = (
        hostile_plan["plan"],
        hostile_plan["programme"],
        hostile_plan["assessment"],
        hostile_plan["agency"],
    )
    page.goto("/accounts/login/")
    log_in("koordinator")
    expect(page.locator('nav form[action="/accounts/logout/"]')).to_have_count(1)

    pages: dict[str, tuple[str, ...]] = {
        "/": (),
        "/regions/17.71/": (AGENCY,),
        "/regions/17.71/agencies/": (AGENCY,),
        f"/masterplans/{plan}/": (),
        f"/masterplans/{plan}/programmes/": (PROGRAMME_RENAMED,),
        f"/programmes/{programme}/": (PROGRAMME_RENAMED, AGENCY, MILESTONE),
        f"/masterplans/{plan}/agencies/": (),  # agencies by acronym
        f"/masterplans/{plan}/budget/": (),
        f"/masterplans/{plan}/roadmap/": (PROGRAMME_RENAMED, MILESTONE, CODE),
        f"/masterplans/{plan}/quick-wins/": (PROGRAMME_RENAMED,),
        f"/masterplans/{plan}/strategy/": (MISSION, GOAL),
        f"/masterplans/{plan}/stakeholders/": (STAKEHOLDER,),
        f"/masterplans/{plan}/team/": (TEAM_MEMBER, SWOT),
        f"/masterplans/{plan}/history/": (),
        f"/programmes/{programme}/history/": (),
        "/regions/17.71/audit/": (AGENCY,),
        f"/regions/17.71/agencies/{agency}/history/": (AGENCY,),
        f"/masterplans/{plan}/versions/compare/?a=1&b=current": (PROGRAMME, PROGRAMME_RENAMED),
        f"/readiness/{assessment}/": (),
        f"/readiness/{assessment}/swot/": (SWOT,),
    }
    missing = []
    for path, names in pages.items():
        response = page.goto(path)
        assert response is not None and response.ok, path
        page.wait_for_load_state("load")
        text = " ".join(page.locator("main").inner_text().split())
        missing += [(path, name) for name in names if name not in text]
        assert_inert(page)
    assert not missing, f"names not shown as text: {missing}"

    # The Gantt: bars carry codes, the popup of a bar carries the full name as text.
    page.goto(f"/masterplans/{plan}/roadmap/")
    bar = page.locator(f'#gantt .bar-wrapper[data-id="p{programme}"] .bar-label')
    bar.hover()
    popup = page.locator("#gantt .popup-wrapper")
    expect(popup).to_contain_text(PROGRAMME_RENAMED)
    assert_inert(page)
    expect(page.locator("#gantt .bar-label", has_text=CODE)).to_have_count(1)
    assert page.locator("#gantt i").count() == 0
    shot("gantt-popup")
    milestone = page.locator("#gantt .bar-wrapper.gantt-milestone .bar-label").first
    milestone.hover()
    expect(popup).to_contain_text(MILESTONE)
    assert_inert(page)

    # The impact/effort chart: its tooltip is drawn on the canvas; the table beside it is text.
    page.goto(f"/masterplans/{plan}/quick-wins/")
    expect(page.get_by_test_id("impact-effort-table")).to_contain_text(PROGRAMME_RENAMED)
    assert_inert(page)
    shot("quick-wins")
    page_log.assert_clean()


CAMPAIGN = hostile("Gerakan")
CRITERION = hostile("Kapasitas")
APPLICANT = hostile("Kota")


@pytest.fixture
def hostile_campaign() -> int:
    """An open campaign whose name, criterion and applicant region's name are hostile."""
    instrument = Instrument.objects.get(code="kominfo_readiness", number="2021.1")
    campaign = Campaign.objects.create(
        name=CAMPAIGN,
        year=2026,
        instrument=instrument,
        quota=1,
        deadline=timezone.localdate() + timedelta(days=30),
        status=Campaign.Status.OPEN,
    )
    CampaignCriterion.objects.create(
        campaign=campaign,
        code="kkd",
        name=CRITERION,
        weight=Decimal(20),
        value_min=Decimal(0),
        value_max=Decimal(4),
    )
    region = Region.objects.get(code="13.75")
    Region.objects.filter(pk=region.pk).update(name=APPLICANT)
    assessment = Assessment.objects.create(
        region=region,
        instrument=instrument,
        year=2025,
        status=Assessment.Status.SUBMITTED,
        submitted_at=timezone.now(),
    )
    Answer.objects.bulk_create(
        Answer(assessment=assessment, item=item, level=3, justification=IMG)
        for item in instrument.items.all()
    )
    selection.submit_application(campaign, region, assessment, actor=SYSTEM)
    return campaign.pk


def test_hostile_names_show_as_text_on_the_selection_ranking(
    page: Page,
    page_log: PageLog,
    shot: Callable[[str], Path],
    log_in: Callable[..., None],
    hostile_campaign: int,
) -> None:
    page.goto("/accounts/login/")
    log_in("admin")
    expect(page.locator('nav form[action="/accounts/logout/"]')).to_have_count(1)
    ranking = f"/campaigns/{hostile_campaign}/ranking/"
    for path in (ranking, f"/campaigns/{hostile_campaign}/"):
        response = page.goto(path)
        assert response is not None and response.ok, path
        page.wait_for_load_state("load")
        text = " ".join(page.locator("main").inner_text().split())
        assert APPLICANT in text, path
        assert_inert(page)
    page.goto(ranking)
    text = " ".join(page.locator("main").inner_text().split())
    assert CAMPAIGN in text and CRITERION in text
    # Sorted by a column, the table keeps the names as text.
    page.locator("main table thead a").first.click()
    page.wait_for_load_state("load")
    expect(page.get_by_test_id("ranking-table")).to_contain_text(APPLICANT)
    assert_inert(page)
    shot("selection-ranking")
    page_log.assert_clean()
