"""A Bimtek cohort of 50 regions with the four stages planned and a session of each stage per
region, for the pipeline benchmark. Idempotent: does nothing when the cohort exists. Run
inside ``manage.py shell`` (bench/run.py does this), after ``seed_demo``.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction

from kotacerdas.accounts.actors import SYSTEM
from kotacerdas.guidance import services
from kotacerdas.guidance.models import Cohort, Expert
from kotacerdas.regions.models import Region

COHORT_NAME = "Gerakan Menuju Smart City (benchmark)"
YEAR = 2025  # later than the demo cohorts: Kota Bengkulu's guidance page shows this one
REGIONS = 50


def ids() -> dict[str, int]:
    """The ids the benchmark targets name (``{guidance_cohort}`` in ``bench/targets.py``),
    looked up by name: the cohort's id depends on what the demo seeded before it."""
    return {"guidance_cohort": Cohort.objects.get(name=COHORT_NAME).pk}


def run() -> None:
    if Cohort.objects.filter(name=COHORT_NAME).exists():
        return
    with transaction.atomic():
        cohort = services.record_cohort(actor=SYSTEM, name=COHORT_NAME, year=YEAR, participants=158)
        start = date(YEAR, 3, 1)
        for n, stage in enumerate("1234"):
            services.plan_stage(
                cohort,
                actor=SYSTEM,
                stage=stage,
                starts_on=start + timedelta(days=90 * n),
                ends_on=start + timedelta(days=90 * n + 60),
            )
        expert = Expert.objects.filter(
            name="Tenaga ahli benchmark"
        ).first() or services.save_expert(
            None, actor=SYSTEM, data=services.ExpertIn(name="Tenaga ahli benchmark")
        )
        regions = [Region.objects.get(code="17.71")] + list(
            Region.objects.filter(kind="kota").exclude(code="17.71").order_by("code")[: REGIONS - 1]
        )
        for rank, region in enumerate(regions, start=1):
            member = services.add_cohort_region(
                cohort, region, actor=SYSTEM, selected_count=REGIONS, rank=rank
            )
            services.assign_expert(member, expert, actor=SYSTEM)
            for n, stage in enumerate("1234"):
                day = start + timedelta(days=90 * n + rank % 30)
                services.schedule_session(
                    member,
                    actor=SYSTEM,
                    data=services.SessionIn(
                        title=f"Bimtek Tahap {stage}",
                        stage=stage,
                        starts_on=day,
                        ends_on=day + timedelta(days=1),
                        city=region.name,
                    ),
                )
