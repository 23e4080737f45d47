"""The ids of the demo and benchmark objects the targets name, looked up by what they are (title,
region, year, status), not assumed: ``seed_demo`` creates more or fewer rows as it grows, and an
assumed id silently measures another object (the "(300)" targets once measured the demo's small
masterplan). Run inside ``manage.py shell`` (bench/run.py does this) after the other seeds.
"""

from __future__ import annotations

from bench.seed_evaluation import YEAR as ROUND_YEAR
from bench.seed_selection import CAMPAIGN_NAME

from kotacerdas.evaluation.models import Evaluation, EvaluationRound
from kotacerdas.evaluation.spbe_models import SpbeAssessment
from kotacerdas.planning.management.commands.seed_bench_masterplan import TITLE
from kotacerdas.planning.models import Masterplan
from kotacerdas.readiness.models import Assessment
from kotacerdas.selection.models import Campaign

DEMO_REGION = "17.71"  # Kota Bengkulu


def run() -> None:
    """Nothing to seed: this module only names ids."""


def ids() -> dict[str, int]:
    region = {"region__code": DEMO_REGION}
    return {
        "bench_masterplan": Masterplan.objects.get(title=TITLE, **region).pk,
        "demo_masterplan": Masterplan.objects.filter(status="published", **region)
        .exclude(title=TITLE)
        .latest("start_year")
        .pk,
        "demo_assessment": Assessment.objects.filter(**region).order_by("pk")[0].pk,
        "campaign": Campaign.objects.get(name=CAMPAIGN_NAME).pk,
        "demo_evaluation": Evaluation.objects.filter(status="published", **region)
        .latest("year")
        .pk,
        "bench_round": EvaluationRound.objects.get(year=ROUND_YEAR).pk,
        "demo_spbe": SpbeAssessment.objects.filter(**region).order_by("pk")[0].pk,
    }
