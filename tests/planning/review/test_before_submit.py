"""Before submitting, the coordinator sees what is incomplete and confirms; the council member
returns a masterplan with a note."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from kotacerdas.monitoring.models import Indicator
from kotacerdas.notifications.models import Notification
from kotacerdas.planning.models import Goal, Masterplan, Mission, TeamMember

from ...conftest import World
from .. import factories as f
from ..conftest import query_count


def _check(plan: Masterplan) -> str:
    return reverse("planning:masterplan_submit", kwargs={"pk": plan.pk})


def _complete(plan: Masterplan, world: World) -> None:
    """A team, a legal basis, and one programme with a lead, funding and a goal."""
    TeamMember.objects.create(
        masterplan=plan, body="implementation_team", name="Ir. Budi", position="Ketua"
    )
    plan.regulation_type, plan.regulation_number = "perwal", "12/2025"
    plan.save()
    goal = Goal.objects.create(mission=Mission.objects.create(masterplan=plan, text="M"), text="G")
    p = f.programme(plan, "C01", lead=world.agency_a)
    f.fund(p)
    p.goals.set([goal])
    Indicator.objects.create(
        masterplan=plan, programme=p, level="output", code="I01", name="Klinik", unit="unit"
    )


def test_the_check_lists_each_gap_with_a_link_to_fix_it(world: World, coordinator: Any) -> None:
    plan = f.masterplan(world)
    no_lead = f.programme(plan, "P01", name="Tanpa OPD")
    funded = f.programme(plan, "P02", lead=world.agency_a)
    f.fund(funded)
    detail = coordinator.get(plan.get_absolute_url()).content.decode()
    assert f'href="{_check(plan)}" data-testid="submit-masterplan"' in detail
    page = coordinator.get(_check(plan)).content.decode()
    team = page.split('data-testid="gap-team"')[1].split("</li>")[0]
    assert reverse("planning:team_list", kwargs={"pk": plan.pk}) in team
    regulation = page.split('data-testid="gap-regulation"')[1].split("</li>")[0]
    assert reverse("planning:masterplan_edit", kwargs={"pk": plan.pk}) in regulation
    lead = page.split('data-testid="gap-lead"')[1].split("</ul>")[0]
    assert "(1)" in lead and "P01 Tanpa OPD" in lead and "P02" not in lead
    assert reverse("planning:programme_edit", kwargs={"pk": no_lead.pk}) in lead
    funding = page.split('data-testid="gap-funding"')[1].split("</ul>")[0]
    assert "P01" in funding and "P02" not in funding
    goal = page.split('data-testid="gap-goal"')[1].split("</ul>")[0]
    assert "(2)" in goal
    assert "Submit anyway" in page and "Fix first" in page
    indicator = page.split('data-testid="gap-indicator"')[1].split("</ul>")[0]
    assert "(2)" in indicator and "P01 Tanpa OPD" in indicator
    create = reverse("monitoring:indicator_create", kwargs={"pk": plan.pk})
    assert f"{create}?programme={no_lead.pk}" in indicator
    plan.refresh_from_db()
    assert plan.status == "draft"  # looking at the check submits nothing


def test_submit_anyway_submits_and_a_complete_plan_shows_no_gap(
    world: World, coordinator: Any
) -> None:
    plan = f.masterplan(world)
    _complete(plan, world)
    page = coordinator.get(_check(plan)).content.decode()
    assert 'data-testid="submit-complete"' in page and "Submit anyway" not in page
    assert 'name="confirm_incomplete"' not in page
    assert coordinator.post(_check(plan)).status_code == 302  # complete: no confirmation
    plan.refresh_from_db()
    assert plan.status == "in_review"
    gappy = f.masterplan(world, title="Gappy")
    f.programme(gappy, "P01")
    assert 'name="confirm_incomplete" value="1"' in coordinator.get(_check(gappy)).content.decode()
    assert coordinator.post(_check(gappy), {"confirm_incomplete": "1"}).status_code == 302
    gappy.refresh_from_db()
    assert gappy.status == "in_review"


def test_a_direct_post_without_the_confirmation_submits_nothing(
    world: World, coordinator: Any
) -> None:
    plan = f.masterplan(world)
    f.programme(plan, "P01", name="Tanpa OPD")
    response = coordinator.post(_check(plan), follow=True)
    assert response.redirect_chain[-1][0] == _check(plan)  # back to the list of gaps
    page = response.content.decode()
    assert "The masterplan is still incomplete: No team yet; " in page
    assert "Programmes without a lead agency (1)" in page
    plan.refresh_from_db()
    assert plan.status == "draft"


def test_the_api_answers_409_listing_each_gap_unless_confirmed(world: World) -> None:
    plan = f.masterplan(world)
    f.programme(plan, "P01", lead=world.agency_a)
    url = reverse("api:submit_masterplan", kwargs={"masterplan_id": plan.pk})
    client = world.client("token_client")
    refused = client.post(url, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 409
    error = refused.json()["error"]
    assert error["code"] == "incomplete"
    fields = [d["field"] for d in error["details"]]
    assert fields[:2] == ["team", "regulation"] and "funding" in fields and "lead" not in fields
    plan.refresh_from_db()
    assert plan.status == "draft"
    body = '{"confirm_incomplete": true}'
    confirmed = client.post(url, body, content_type="application/json")
    assert confirmed.status_code == 200 and confirmed.json()["status"] == "in_review"


def test_the_check_costs_the_same_for_5_and_50_programmes(world: World, coordinator: Any) -> None:
    counts = []
    for n in (5, 50):
        plan = f.masterplan(world, title=f"MP {n}")
        f.many_programmes(plan, world, n)
        coordinator.get(_check(plan))
        counts.append(query_count(coordinator, _check(plan)))
    assert counts[0] == counts[1] <= 15


def test_the_council_member_returns_the_masterplan_with_a_note(world: World, en: Any) -> None:
    plan = f.masterplan(world, status="in_review")
    council = en("council")
    detail = council.get(plan.get_absolute_url()).content.decode()
    url = reverse("planning:masterplan_return", kwargs={"pk": plan.pk})
    assert (
        url in detail and reverse("planning:masterplan_approve", kwargs={"pk": plan.pk}) in detail
    )
    assert council.get(url).status_code == 200
    empty = council.post(url, {"reason": "   "})
    assert empty.status_code == 200
    plan.refresh_from_db()
    assert plan.status == "in_review"
    assert council.post(url, {"reason": "Lengkapi dasar hukum"}).status_code == 302
    plan.refresh_from_db()
    assert (plan.status, plan.return_reason) == ("draft", "Lengkapi dasar hukum")
    coordinator = world.users["coordinator"]
    assert Notification.objects.filter(user=coordinator, kind="planning.returned").exists()
    page = en("coordinator").get(plan.get_absolute_url()).content.decode()
    assert "Lengkapi dasar hukum" in page
