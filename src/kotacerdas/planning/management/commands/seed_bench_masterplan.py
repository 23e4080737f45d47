"""A large masterplan for `make bench`: many programmes with agencies, funding and scores."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from kotacerdas.accounts.actors import SYSTEM
from kotacerdas.framework.models import FrameworkVersion
from kotacerdas.planning.masterplans import services
from kotacerdas.planning.models import (
    FundingLine,
    Masterplan,
    Programme,
    ProgrammeSupport,
    QuickWinCriterion,
    QuickWinScore,
)
from kotacerdas.regions.models import Region

TITLE = "Benchmark masterplan"


class Command(BaseCommand):
    help = "Create a benchmark masterplan with many programmes in a region (once)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--programmes", type=int, default=300)
        parser.add_argument("--region", default="17.71")

    def handle(self, *args: Any, **options: Any) -> None:
        region = Region.objects.filter(code=options["region"], is_active=True).first()
        framework = FrameworkVersion.objects.filter(profile="kominfo").order_by("-number").first()
        if region is None or framework is None:
            raise CommandError("Run load_reference and seed_demo first.")
        existing = Masterplan.objects.filter(region=region, title=TITLE).first()
        if existing is not None:
            self.stdout.write(str(existing.pk))
            return
        with transaction.atomic():
            plan = services.create_masterplan(
                region, actor=SYSTEM, title=TITLE, start_year=2025, years=5, framework=framework
            )
            self._fill(plan, options["programmes"])
        self.stdout.write(str(plan.pk))

    def _fill(self, plan: Masterplan, count: int) -> None:
        dimensions = list(plan.framework.dimensions.prefetch_related("elements"))
        agencies = list(plan.region.agencies.active().order_by("pk"))
        criteria = list(QuickWinCriterion.objects.filter(masterplan=plan))
        programmes = Programme.objects.bulk_create(
            Programme(
                masterplan=plan,
                code=f"B{i:04d}",
                name=f"Program {i}",
                dimension=dimensions[i % len(dimensions)],
                element=dimensions[i % len(dimensions)].elements.all()[0],
                horizon=Programme.Horizon.values[i % 4],
                start_year=2025 + i % 3,
                end_year=2027 + i % 3,
                lead_agency=agencies[i % len(agencies)],
            )
            for i in range(count)
        )
        ProgrammeSupport.objects.bulk_create(
            ProgrammeSupport(programme=p, agency=agencies[(i + k) % len(agencies)])
            for i, p in enumerate(programmes)
            for k in (1, 2)
        )
        FundingLine.objects.bulk_create(
            FundingLine(
                programme=p,
                source=("apbd", "apbn", "csr")[year % 3],
                year=year,
                amount=Decimal(100_000_000 + i * 1000),
            )
            for i, p in enumerate(programmes)
            for year in p.years
        )
        QuickWinScore.objects.bulk_create(
            QuickWinScore(programme=p, criterion=c, score=1 + (i + n) % 5)
            for i, p in enumerate(programmes)
            for n, c in enumerate(criteria)
        )
