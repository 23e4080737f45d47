"""What the roadmap page hands frappe-gantt and its text alternative."""

from __future__ import annotations

from django.urls import reverse

from kotacerdas.planning.models import Programme
from kotacerdas.planning.roadmap import presenters, queries

from ...conftest import World
from .. import factories as f


def test_the_gantt_spans_the_plan_and_colours_bars_by_dimension(world: World) -> None:
    plan = f.masterplan(world)  # 2025–2029
    gov = f.programme(plan, "G01", lead=world.agency_a, start_year=2026, end_year=2027)
    liv = f.programme(plan, "L01", dim="living", start_year=2025, end_year=2025)
    Programme.objects.filter(pk=liv.pk).update(is_quick_win=True)
    f.milestone(gov, name="Pilot live", year=2027, quarter=2)
    roadmap = queries.roadmap(plan)

    assert presenters.gantt_period(roadmap) == {"first": 2025, "last": 2029}
    legend = presenters.legend(roadmap)
    colour = {d.code: c for d, c in legend}
    assert len(set(colour.values())) == len(legend)  # one colour per dimension
    tasks = {t["id"]: t for t in presenters.gantt_tasks(roadmap)}
    # Bars carry the code (a quick win is starred and outlined); the popup names it in full.
    assert tasks[f"p{gov.pk}"]["name"] == "G01"
    assert tasks[f"p{gov.pk}"]["custom_class"] == colour["governance"]
    assert tasks[f"p{gov.pk}"]["title"] == "G01 Programme G01"
    assert tasks[f"p{liv.pk}"]["name"] == "L01 ★"
    assert tasks[f"p{liv.pk}"]["custom_class"] == colour["living"] + "-qw"
    milestone = next(t for t in tasks.values() if t["custom_class"] == "gantt-milestone")
    assert milestone["name"] == "◆ G01"
    assert milestone["title"] == "◆ G01: Pilot live"


def test_the_roadmap_lists_every_programme_by_name_in_indonesian(world: World) -> None:
    plan = f.masterplan(world)
    p = f.programme(plan, "G01", lead=world.agency_a, start_year=2025, end_year=2026)
    Programme.objects.filter(pk=p.pk).update(
        name="Layanan <b>Terpadu</b>", start_quarter=2, end_quarter=3
    )
    f.milestone(p, name="Pilot", year=2026, quarter=1)
    body = (
        world.client("council")
        .get(reverse("planning:roadmap_view", kwargs={"pk": plan.pk}))
        .content.decode()
    )
    rows = body[body.index('data-testid="roadmap-programmes"') :]
    assert "Layanan &lt;b&gt;Terpadu&lt;/b&gt;" in rows  # as text
    assert "Triwulan II 2025 – Triwulan III 2026" in rows
    assert "Pilot (Triwulan I 2026)" in rows
    assert 'data-testid="roadmap-legend"' in body
    assert "/jsi18n/" in body  # "Today" comes from the JavaScript catalog


def test_the_javascript_catalog_translates_today(world: World) -> None:
    catalog = world.client("council").get("/jsi18n/", headers={"accept-language": "id"})
    assert catalog.status_code == 200
    assert "Hari ini" in catalog.content.decode()
