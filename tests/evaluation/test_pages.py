"""The evaluation's pages: what a region, an assessor and the national admin see, bad input,
and a fixed number of queries whatever the size of the round."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from django.test import Client
from django.urls import reverse

from kotacerdas.accounts.actors import SYSTEM
from kotacerdas.evaluation import services
from kotacerdas.evaluation.models import Evaluation, EvaluationRound, Score
from kotacerdas.monitoring import services_progress as monitoring_progress
from kotacerdas.planning.models import Programme
from kotacerdas.regions.models import Region

from ..conftest import World
from ..monitoring.factories import indicator, plan_with_programme, realisation, target
from ..planning.conftest import query_count
from ..planning.factories import fund
from .factories import evaluation, open_round


def test_the_result_shows_the_index_with_its_formula_and_the_report(
    world: World, en: Callable[[str], Client]
) -> None:
    found = evaluation(world, "verified")
    page = en("coordinator").get(reverse("evaluation:evaluation_detail", args=[found.pk]))
    text = page.content.decode()
    # Outcome's mean is 3 − 1/6 after the adjustment: 0.30 × 2.83 …; index 2.95.
    assert "0.10 × 3.00" in text
    assert "0.30 × 2.83" in text
    assert "= <strong>2.95</strong>" in text
    assert "2.950000" in text  # the unrounded value
    assert "Bukti kurang" in text  # the reason beside the adjusted score
    assert "Data belum terpadu" in text and "Bangun satu data" in text


def test_another_region_sees_the_result_only_once_published(
    world: World, en: Callable[[str], Client]
) -> None:
    found = evaluation(world, "verified")
    url = reverse("evaluation:evaluation_detail", args=[found.pk])
    assert en("other_coordinator").get(url).status_code == 404
    services.publish_evaluation(found, actor=SYSTEM)
    page = en("other_coordinator").get(url)
    assert page.status_code == 200
    assert "Place 1 of 1 in the round." in page.content.decode()


def test_a_score_outside_the_scale_on_the_page_is_refused_with_a_message(
    world: World, en: Callable[[str], Client]
) -> None:
    found = evaluation(world)
    response = en("coordinator").post(
        reverse("evaluation:evaluation_fill", args=[found.pk]),
        {"version": found.version, "score__outcome__living": "9"},
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Score.objects.filter(evaluation=found, self_score__isnull=False).exists()


def test_a_second_self_assessment_on_the_page_is_not_offered_nor_accepted(
    world: World, en: Callable[[str], Client]
) -> None:
    evaluation(world)
    url = reverse("evaluation:region_evaluations", args=[world.region.code])
    page = en("coordinator").get(url)
    assert "Start the self-assessment of" not in page.content.decode()
    again = en("coordinator").post(url, {"year": "2025"})
    assert again.status_code == 200
    assert Evaluation.objects.filter(region=world.region).count() == 1


def test_a_changed_score_without_reason_on_the_page_says_so(
    world: World, en: Callable[[str], Client]
) -> None:
    found = evaluation(world, "submitted")
    response = en("assessor").post(
        reverse("evaluation:evaluation_verify", args=[found.pk]), {"score__impact__living": "1"}
    )
    assert response.status_code == 200
    assert "A changed score needs a reason." in response.content.decode()
    assert not Score.objects.filter(evaluation=found, verified_score__isnull=False).exists()


def test_the_self_assessment_shows_what_monitoring_knows(
    world: World, en: Callable[[str], Client]
) -> None:
    plan, prog = plan_with_programme(world)
    Programme.objects.filter(pk=prog.pk).update(is_quick_win=True)
    ind = indicator(plan, prog, agency=world.agency_a)
    target(ind, 2025, 60)
    realisation(ind, 2025, 60, state="verified")
    found = evaluation(world)
    client = en("coordinator")
    url = reverse("evaluation:evaluation_fill", args=[found.pk])
    text = client.get(url).content.decode()
    assert "1 of 1 programmes on track in 2025" in text
    assert "P01 Programme P01: on track" in text
    # … and offers it as evidence, so the region does not retype it.
    evidence = text.split('name="evidence__outcome__governance"')[1].split("</textarea>")[0]
    assert "1 of 1 programmes on track in 2025" in evidence
    assert query_count(client, url) <= 15


def test_beside_the_quick_win_question_the_latest_verified_citizens_reached(
    world: World, en: Callable[[str], Client]
) -> None:
    _plan, prog = plan_with_programme(world)
    Programme.objects.filter(pk=prog.pk).update(is_quick_win=True)
    line = fund(prog, 2_000_000, year=2025)
    progress = monitoring_progress.report_progress(
        prog,
        actor=world.users["editor_a"],  # type: ignore[arg-type]
        year=2025,
        physical_progress=80,
        spending={line.pk: Decimal(500_000)},
        beneficiaries=12500,
    )
    found = evaluation(world)
    client = en("coordinator")
    url = reverse("evaluation:evaluation_fill", args=[found.pk])
    # Reported but not verified yet: no figure is offered (the budget counts already).
    text = client.get(url).content.decode()
    assert "citizens reached (verified" not in text
    assert "Budget realised in 2025: 25.0 % of the plan" in text
    monitoring_progress.verify_progress(progress, actor=SYSTEM)
    text = client.get(url).content.decode()
    assert "Budget realised in 2025: 25.0 % of the plan" in text
    assert "P01 Programme P01: not reported · 12,500 citizens reached (verified, 2025)" in text
    evidence = text.split('name="evidence__quick_win__governance"')[1].split("</textarea>")[0]
    assert "12,500 citizens reached (verified, 2025)" in evidence
    assert query_count(client, url) <= 15
    # In Indonesian, the default language, with its own grouping.
    indonesian = world.client("coordinator").get(url).content.decode()
    assert "12.500 penerima manfaat (terverifikasi, 2025)" in indonesian


def _round_of(world: World, size: int) -> EvaluationRound:
    """A round of ``size`` regions, each with a verified index."""
    regions = list(Region.objects.exclude(kind="province").order_by("code")[:size])
    evaluation_round = open_round(world, year=2026, regions=regions)
    Evaluation.objects.bulk_create(
        Evaluation(
            round=evaluation_round,
            region=region,
            year=2026,
            status="verified",
            index=Decimal(2) + Decimal(n % 200) / 100,
        )
        for n, region in enumerate(regions)
    )
    return evaluation_round


def test_the_ranking_costs_the_same_queries_for_10_and_514_regions(
    world: World, en: Callable[[str], Client]
) -> None:
    client = en("national_admin")
    small = _round_of(world, 10)
    url = reverse("evaluation:round_detail", args=[small.pk])
    counted_small = query_count(client, url)
    Evaluation.objects.all().delete()
    small.delete()
    large = _round_of(world, 514)
    url = reverse("evaluation:round_detail", args=[large.pk])
    assert query_count(client, url) == counted_small
    assert query_count(client, f"{url}?rank_page=6&page=3") == counted_small
    # 100 places to a page: the sixth holds places 501 to 514, in order, best first.
    first = _places(client.get(url).content.decode())
    last = _places(client.get(f"{url}?rank_page=6").content.decode())
    assert len(first) == 100 and first[0] == 1 and first == sorted(first)
    assert len(last) == 14 and last[-1] <= 514 and min(last) >= first[-1]
    assert "Page 6 of 6" in client.get(f"{url}?rank_page=6").content.decode()


def _places(page: str) -> list[int]:
    """The places in the round page's ranking table, top to bottom."""
    table = page.split('data-testid="round-ranking"')[1].split("</table>")[0]
    return [int(row.split("</td>")[0]) for row in table.split("<tr><td>")[1:]]


def test_region_and_evaluation_pages_cost_the_same_queries_with_more_years(
    world: World, en: Callable[[str], Client]
) -> None:
    client = en("coordinator")
    first = evaluation(world, "published", year=2025)
    urls = [
        reverse("evaluation:region_evaluations", args=[world.region.code]),
        reverse("evaluation:evaluation_detail", args=[first.pk]),
    ]
    small = [query_count(client, url) for url in urls]
    for year in (2026, 2027):
        evaluation(world, "published", year=year)
    assert [query_count(client, url) for url in urls] == small
    assert max(small) <= 15


def test_rounds_and_instruments_cost_the_same_queries_with_more_rounds(
    world: World, en: Callable[[str], Client]
) -> None:
    client = en("national_admin")
    urls = [reverse("evaluation:round_list"), reverse("api:list_evaluation_instruments")]
    open_round(world, 2025)
    small = [query_count(client, url) for url in urls]
    for year in (2026, 2027, 2028):
        open_round(world, year, number="2019")
    assert [query_count(client, url) for url in urls] == small
    assert "Smart city evaluation 2028" in client.get(urls[0]).content.decode()
