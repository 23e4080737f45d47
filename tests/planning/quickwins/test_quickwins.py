"""Quick-win selection: default criteria, scores, AHP weights, ranking and rule warnings."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from kotacerdas.accounts.actors import SYSTEM
from kotacerdas.planning.masterplans import services as masterplans
from kotacerdas.planning.models import Programme, QuickWinScore
from kotacerdas.planning.quickwins import presenters, queries
from kotacerdas.planning.quickwins import services as quickwins

from ...conftest import World
from .. import factories as f


@pytest.fixture(autouse=True)
def _english() -> Any:
    with translation.override("en"):
        yield


def _plan(w: World) -> Any:
    return masterplans.create_masterplan(
        w.region, actor=SYSTEM, title="MP", start_year=2025, years=5, framework=f.framework()
    )


def test_new_masterplan_has_the_seven_default_criteria(world: World) -> None:
    plan = _plan(world)
    keys = [c.key for c in plan.quick_win_criteria.all()]
    assert keys[0] == "public_impact" and len(keys) == 7
    assert plan.quick_win_criteria.get(key="cost").lower_is_better


def test_scores_rank_programmes_and_bad_scores_are_refused(world: World) -> None:
    plan = _plan(world)
    a, b = f.programme(plan, "A01"), f.programme(plan, "B01", dim="living")
    impact = plan.quick_win_criteria.get(key="public_impact")
    cost = plan.quick_win_criteria.get(key="cost")
    with pytest.raises(ValidationError):
        quickwins.save_scores(plan, actor=SYSTEM, scores={(a.pk, impact.pk): 6})
    assert not QuickWinScore.objects.exists()
    quickwins.save_scores(
        plan,
        actor=SYSTEM,
        scores={(a.pk, impact.pk): 5, (a.pk, cost.pk): 1, (b.pk, impact.pk): 2, (b.pk, cost.pk): 5},
    )
    ranking = queries.ranking(plan)
    assert [r.programme.code for r in ranking.rows] == ["A01", "B01"]
    assert ranking.rows[0].total == pytest.approx(5.0)
    quickwins.save_scores(plan, actor=SYSTEM, scores={(a.pk, impact.pk): None})
    assert QuickWinScore.objects.count() == 3


def test_ahp_sets_weights_and_reports_inconsistency(world: World) -> None:
    plan = _plan(world)
    keys = [c.key for c in plan.quick_win_criteria.all()]
    result = quickwins.save_ahp(plan, actor=SYSTEM, judgements={(keys[0], keys[1]): 3.0})
    weights = {c.key: c.weight for c in plan.quick_win_criteria.all()}
    assert weights[keys[0]] > weights[keys[1]] and sum(weights.values()) == pytest.approx(1)
    assert result.consistent
    bad = quickwins.save_ahp(
        plan,
        actor=SYSTEM,
        judgements={(keys[0], keys[1]): 9, (keys[1], keys[2]): 9, (keys[2], keys[0]): 9},
    )
    assert bad.cr is not None and bad.cr > 0.1
    with pytest.raises(ValidationError):
        quickwins.save_ahp(plan, actor=SYSTEM, judgements={(keys[0], keys[1]): 12})
    with pytest.raises(ValidationError):
        quickwins.save_weights(plan, actor=SYSTEM, weights={keys[0]: -1})


def test_quick_win_page_scoring_choice_and_warnings(world: World) -> None:
    plan = _plan(world)
    a = f.programme(plan, "A01", lead=world.agency_a, months_to_first_result=18)
    impact = plan.quick_win_criteria.get(key="public_impact")
    url = reverse("planning:quickwin_scores", kwargs={"pk": plan.pk})
    # An editor scores only what their agency leads or supports.
    assert world.client("editor_b").post(url, {f"s-{a.pk}-{impact.pk}": "4"}).status_code == 403
    assert not QuickWinScore.objects.exists()
    client = world.client("editor_a")
    client.post(reverse("set_language"), {"language": "en"})
    client.post(url, {f"s-{a.pk}-{impact.pk}": "4"})
    assert QuickWinScore.objects.get().score == 4
    coordinator = world.client("coordinator")
    coordinator.post(reverse("set_language"), {"language": "en"})
    coordinator.post(url, {"choice": "1", "chosen": [a.pk]})
    page = coordinator.get(reverse("planning:quickwin_view", kwargs={"pk": plan.pk}))
    body = page.content.decode()
    assert "longer than 12 months" in body and "has no funding" in body
    assert "has no quick win" in body
    weights = reverse("planning:quickwin_weights", kwargs={"pk": plan.pk})
    keys = [c.key for c in plan.quick_win_criteria.all()]
    response = coordinator.post(
        weights,
        {
            "method": "ahp",
            f"{keys[0]}__{keys[1]}": "9",
            f"{keys[1]}__{keys[2]}": "9",
            f"{keys[0]}__{keys[2]}": "1/9",
        },
    )
    assert response.status_code == 302
    assert 'data-testid="ahp-warning"' in coordinator.get(weights).content.decode()
    assert (
        coordinator.post(weights, {"method": "typed", f"weight_{keys[0]}": "x"}).status_code == 200
    )
    data = (
        world.client("assessor")
        .get(reverse("api:get_quick_wins", kwargs={"masterplan_id": plan.pk}))
        .json()
    )
    assert data["ranking"][0]["code"] == "A01" and data["ranking"][0]["is_quick_win"]


def test_quick_win_page_query_count_does_not_grow_with_programmes(world: World) -> None:
    plan = _plan(world)
    url = reverse("planning:quickwin_view", kwargs={"pk": plan.pk})
    counts = []
    for persona in ("coordinator", "editor_b"):
        client = world.client(persona)
        f.many_programmes(plan, world, 10, prefix="S")
        with CaptureQueriesContext(connection) as small:
            assert client.get(url).status_code == 200
        f.many_programmes(plan, world, 290, prefix="L")
        with CaptureQueriesContext(connection) as large:
            assert client.get(url).status_code == 200
        counts.append((len(small), len(large)))
        Programme.objects.filter(masterplan=plan).delete()
    assert all(small == large <= 11 for small, large in counts), counts


def test_impact_effort_chart_data(world: World) -> None:
    plan = _plan(world)
    a = f.programme(plan, "A01")
    crit = {c.key: c.pk for c in plan.quick_win_criteria.all()}
    quickwins.save_scores(
        plan, actor=SYSTEM, scores={(a.pk, crit["cost"]): 2, (a.pk, crit["public_impact"]): 5}
    )
    chart = presenters.impact_effort_chart(queries.ranking(plan))
    assert chart["points"] == [{"label": "A01", "name": a.name, "x": 2, "y": 5, "chosen": False}]
    assert set(chart["axes"]) == {"x", "y"}  # type: ignore[call-overload]
    page = world.client("coordinator").get(
        reverse("planning:quickwin_view", kwargs={"pk": plan.pk})
    )
    body = page.content.decode()
    assert 'id="impact-effort-data"' in body
    # The chart's values as a table beside it: a reader without the canvas gets them too.
    table = body[body.index('data-testid="impact-effort-table"') :]
    assert "A01" in table and a.name in table


def test_an_editor_is_offered_only_the_programmes_their_agency_leads_or_supports(
    world: World,
) -> None:
    plan = _plan(world)
    own = f.programme(plan, "A01", lead=world.agency_b)
    helped = f.programme(plan, "B01", lead=world.agency_a)
    f.support(helped, world.agency_b)
    other = f.programme(plan, "C01", lead=world.agency_a)
    page = world.client("editor_b").get(reverse("planning:quickwin_view", kwargs={"pk": plan.pk}))
    body = page.content.decode()
    assert f'name="s-{own.pk}-' in body and f'name="s-{helped.pk}-' in body
    assert f'name="s-{other.pk}-' not in body
    everything = world.client("coordinator").get(
        reverse("planning:quickwin_view", kwargs={"pk": plan.pk})
    )
    assert f'name="s-{other.pk}-' in everything.content.decode()


def test_one_submit_saves_the_tick_and_the_scores(world: World) -> None:
    """The page is one form: ticking "Quick win" then saving keeps the tick with the scores."""
    plan = _plan(world)
    a = f.programme(plan, "A01", lead=world.agency_a)
    b = f.programme(plan, "B01", lead=world.agency_b)
    impact = plan.quick_win_criteria.get(key="public_impact")
    view = reverse("planning:quickwin_view", kwargs={"pk": plan.pk})
    coordinator = world.client("coordinator")
    coordinator.post(reverse("set_language"), {"language": "en"})
    page = coordinator.get(view).content.decode()
    assert page.count('<form method="post"') == 1 and 'form="' not in page
    response = coordinator.post(
        reverse("planning:quickwin_scores", kwargs={"pk": plan.pk}),
        {
            "choice": "1",
            "chosen": [a.pk],
            f"s-{a.pk}-{impact.pk}": "5",
            f"s-{b.pk}-{impact.pk}": "2",
        },
        follow=True,
    )
    a.refresh_from_db()
    assert a.is_quick_win
    assert {s.programme_id: s.score for s in QuickWinScore.objects.all()} == {a.pk: 5, b.pk: 2}
    body = response.content.decode()
    assert "2 scores saved." in body and "Quick wins saved: 1 programme changed." in body


def test_a_bad_score_saves_neither_scores_nor_tick(world: World) -> None:
    plan = _plan(world)
    a = f.programme(plan, "A01", lead=world.agency_a)
    impact = plan.quick_win_criteria.get(key="public_impact")
    cost = plan.quick_win_criteria.get(key="cost")
    world.client("coordinator").post(
        reverse("planning:quickwin_scores", kwargs={"pk": plan.pk}),
        {"choice": "1", "chosen": [a.pk], f"s-{a.pk}-{impact.pk}": "5", f"s-{a.pk}-{cost.pk}": "9"},
    )
    a.refresh_from_db()
    assert not a.is_quick_win and not QuickWinScore.objects.exists()


def test_an_editor_saving_scores_leaves_the_chosen_quick_wins(world: World) -> None:
    plan = _plan(world)
    a = f.programme(plan, "A01", lead=world.agency_a, is_quick_win=True)
    impact = plan.quick_win_criteria.get(key="public_impact")
    page = world.client("editor_a").get(reverse("planning:quickwin_view", kwargs={"pk": plan.pk}))
    assert 'name="choice"' not in page.content.decode()
    world.client("editor_a").post(
        reverse("planning:quickwin_scores", kwargs={"pk": plan.pk}), {f"s-{a.pk}-{impact.pk}": "3"}
    )
    a.refresh_from_db()
    assert a.is_quick_win and QuickWinScore.objects.get().score == 3


def test_the_ranking_rows_show_typed_names_as_text_and_keep_the_form(world: World) -> None:
    """The rows are built in Python (for speed): a name with HTML stays text, and the row still
    carries its link, score inputs, total and quick-win box."""
    plan = _plan(world)
    hostile = f.programme(plan, "A01", name='<img src=x onerror="alert(1)">')
    crit = {c.key: c.pk for c in plan.quick_win_criteria.all()}
    quickwins.save_scores(plan, actor=SYSTEM, scores={(hostile.pk, crit["cost"]): 2})
    body = (
        world.client("coordinator")
        .get(reverse("planning:quickwin_view", kwargs={"pk": plan.pk}))
        .content.decode()
    )
    row = body[body.index("<tbody>") : body.index("</tbody>")]
    assert "<img" not in row and "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in row
    detail = reverse("planning:programme_detail", kwargs={"pk": hostile.pk})
    assert f'<a href="{detail}">A01</a>' in row
    assert f'name="s-{hostile.pk}-{crit["cost"]}" value="2"' in row
    assert f'name="chosen" value="{hostile.pk}"' in row
    assert '<span class="badge text-bg-light" title="' in row  # not every criterion scored
