"""The benchmark's evaluation seed (bench/seed_evaluation.py) runs on the national region
list and leaves what the benchmark targets read: a 2025 round with every kabupaten and
kota, most of them verified."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from kotacerdas.evaluation.models import Evaluation, EvaluationRound
from kotacerdas.regions.models import Region

from ..conftest import World

pytestmark = pytest.mark.django_db


def test_the_seed_makes_a_round_of_every_region_once(
    world: World, en: Callable[[str], Client]
) -> None:
    from bench import seed_evaluation

    seed_evaluation.run()
    seed_evaluation.run()  # idempotent
    found = EvaluationRound.objects.get(year=seed_evaluation.YEAR)
    regions = Region.objects.exclude(kind="province").count()
    assert found.regions.count() == regions
    evaluations = Evaluation.objects.filter(round=found)
    assert evaluations.count() == regions - regions // 10
    assert evaluations.filter(index__isnull=False).count() > regions // 2
    page = en("national_admin").get(reverse("evaluation:round_detail", args=[found.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert text.count('<tr data-region="') == 100  # the first of the pages of regions
    assert f"{regions} regions" in text
