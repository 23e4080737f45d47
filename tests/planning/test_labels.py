"""Officials read labels, not codes: criteria by name in the sensitivity rows, one decimal style
for the consistency ratio, quarters as "Triwulan I–IV"."""

from __future__ import annotations

import re

from django.urls import reverse
from django.utils import translation

from kotacerdas.accounts.actors import SYSTEM
from kotacerdas.planning.masterplans import services as masterplans
from kotacerdas.planning.models import Masterplan
from kotacerdas.planning.quickwins import presenters, queries, scoring

from ..conftest import World
from . import factories as f


def _plan(w: World) -> Masterplan:
    return masterplans.create_masterplan(
        w.region, actor=SYSTEM, title="MP", start_year=2025, years=5, framework=f.framework()
    )


def test_sensitivity_rows_name_the_criterion() -> None:
    scores = {1: {"a": 5, "b": 1}, 2: {"a": 1, "b": 5}, 3: {"a": 3, "b": 3}}
    pure = [scoring.Criterion("a", 1.0, False), scoring.Criterion("b", 1.05, False)]
    names = {"a": "Dampak publik", "b": "Biaya"}
    shifts = queries._shifts(scores, pure, 1, {1: "P1", 2: "P2", 3: "P3"}, names)
    assert shifts, "moving a weight by 20% changes the top here"
    assert {s.criterion for s in shifts} <= set(names.values())


def test_the_consistency_ratio_has_one_decimal_style(world: World) -> None:
    with translation.override("id"):
        assert presenters.ratio(0.1234) == "0,12"
        assert presenters.consistency_limit() == "0,10"
    with translation.override("en"):
        assert presenters.ratio(0.1234) == "0.12"
    plan = _plan(world)
    keys = [c.key for c in plan.quick_win_criteria.all()]
    client = world.client("coordinator")  # Indonesian
    weights = reverse("planning:quickwin_weights", kwargs={"pk": plan.pk})
    judgements = {f"{keys[0]}__{keys[1]}": "9", f"{keys[1]}__{keys[2]}": "9"}
    response = client.post(weights, {"method": "ahp", **judgements, f"{keys[0]}__{keys[2]}": "1/9"})
    page = client.get(response["Location"]).content.decode()
    assert re.search(r"CR \d+,\d\d &gt; 0,10\)", page), "the message mixes decimal styles"
    cr = client.get(weights).content.decode().split('data-testid="ahp-cr"')[1].split("</p>")[0]
    assert re.search(r"\d+,\d\d\s", cr) and "di atas 0,10" in cr
    assert not re.search(r"\d\.\d", cr)


def test_quarters_read_triwulan(world: World) -> None:
    plan = _plan(world)
    programme = f.programme(plan, "P01", start_quarter=2, end_quarter=3)
    milestone = f.milestone(programme, year=2025, quarter=3)
    with translation.override("id"):
        assert milestone.when == "Triwulan III 2025"
    with translation.override("en"):
        assert milestone.when == "Quarter III 2025"
    client = world.client("coordinator")
    detail = client.get(reverse("planning:programme_detail", kwargs={"pk": programme.pk}))
    text = detail.content.decode()
    assert "Triwulan II 2025" in text and "Triwulan III 2026" in text
    assert not re.search(r"\bQ[1-4]\b", text)
    roadmap = client.get(reverse("planning:roadmap_view", kwargs={"pk": plan.pk})).content.decode()
    assert "(Triwulan III)" in roadmap and not re.search(r"\(Q[1-4]\)", roadmap)
    form = client.get(reverse("planning:programme_edit", kwargs={"pk": programme.pk}))
    assert ">Triwulan IV</option>" in form.content.decode()
