"""An evaluation round of 2025 with every kabupaten and kota (514 regions), most of them with a
verified index, for the round page and ranking benchmark. The round is opened through the
service; the regions' evaluations are written in bulk (only their status and index are read
by the round page), as ``seed_selection`` does for its applicants. Idempotent: does nothing
when the round exists. Run inside ``manage.py shell`` (bench/run.py does this), after
``seed_demo`` (whose rounds are 2023 and 2024: this one is the third, id 3).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction

from kotacerdas.accounts.actors import SYSTEM
from kotacerdas.evaluation import services
from kotacerdas.evaluation.models import Evaluation, EvaluationInstrument, EvaluationRound
from kotacerdas.regions.models import Region

YEAR = 2025


def run() -> None:
    if EvaluationRound.objects.filter(year=YEAR).exists():
        return
    instrument = EvaluationInstrument.objects.filter(code="smart_city_evaluation").latest("year")
    regions = list(Region.objects.exclude(kind="province").order_by("code"))
    with transaction.atomic():
        evaluation_round = services.open_round(
            actor=SYSTEM,
            year=YEAR,
            instrument=instrument,
            regions=regions,
            self_assessment_due=dt.date(YEAR, 6, 30),
            verification_due=dt.date(YEAR, 9, 30),
        )
        statuses = ["verified"] * 7 + ["submitted", "draft"]  # and every tenth not started
        Evaluation.objects.bulk_create(
            (
                Evaluation(
                    round=evaluation_round,
                    region=region,
                    year=YEAR,
                    status=statuses[n % len(statuses)],
                    self_index=Decimal(2) + Decimal(n % 197) / 100,
                    index=(
                        Decimal(2) + Decimal((n * 7) % 191) / 100
                        if statuses[n % len(statuses)] == "verified"
                        else None
                    ),
                )
                for n, region in enumerate(regions)
                if n % 10 != 9
            ),
            batch_size=1000,
        )
