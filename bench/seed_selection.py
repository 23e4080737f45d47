"""National-scale selection data: every kabupaten/kota applies to one open campaign.

514 submitted assessments of the shipped instrument with all 59 answers (random levels,
seeded), a campaign with three criteria and their values, and verified levels for part of
the applications. Idempotent: does nothing when the campaign exists. Run inside
``manage.py shell`` (bench/run.py does this).
"""

from __future__ import annotations

import random
from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from kotacerdas.framework.models import Instrument, InstrumentItem
from kotacerdas.readiness.models import Answer, Assessment
from kotacerdas.readiness.scoring import ItemInput, compute
from kotacerdas.regions.models import Region
from kotacerdas.selection.models import (
    Application,
    Campaign,
    CampaignCriterion,
    CriterionValue,
    Verification,
    VerifiedLevel,
)

CAMPAIGN_NAME = "Gerakan Menuju Smart City (benchmark)"
YEAR = 2024  # assessments of this year are made here; other seeds should use other years
SEED = 2026
CRITERIA = (
    # code, name, weight, min, max, lower is better
    ("kkd", "Kapasitas fiskal daerah", 15, 0, 4, False),
    ("spbe", "Indeks SPBE", 15, 0, 5, False),
    ("kemiskinan", "Persentase penduduk miskin", 10, 0, 40, True),
)


def _score(items: list[InstrumentItem], levels: dict[int, int | None], floor: int) -> float:
    inputs = [
        ItemInput(
            i.pk,
            str(i.dimension_id),
            str(i.aspect_id),
            float(i.weight),
            i.target_level,
            levels.get(i.pk),
        )
        for i in items
    ]
    return compute(inputs, floor=floor).overall.current


def run() -> None:
    if Campaign.objects.filter(name=CAMPAIGN_NAME).exists():
        return
    rng = random.Random(SEED)
    instrument = Instrument.objects.get(code="kominfo_readiness", number="2021.1")
    items = list(InstrumentItem.objects.filter(instrument=instrument).order_by("position"))
    regions = list(Region.objects.districts().order_by("code"))
    low, high = instrument.scale_min, instrument.scale_max
    with transaction.atomic():
        assessments = _assessments(instrument, regions, items, rng, low, high)
        campaign = Campaign.objects.create(
            name=CAMPAIGN_NAME,
            year=2026,
            instrument=instrument,
            quota=47,
            deadline=timezone.localdate() + timedelta(days=60),
            open_to_all=True,
            readiness_weight=Decimal(60),
            status=Campaign.Status.OPEN,
        )
        criteria = [
            CampaignCriterion.objects.create(
                campaign=campaign,
                code=code,
                name=name,
                weight=Decimal(weight),
                value_min=Decimal(lo),
                value_max=Decimal(hi),
                lower_is_better=lower,
            )
            for code, name, weight, lo, hi, lower in CRITERIA
        ]
        _applications(campaign, criteria, assessments, items, rng, low, high)


def _assessments(
    instrument: Instrument,
    regions: list[Region],
    items: list[InstrumentItem],
    rng: random.Random,
    low: int,
    high: int,
) -> dict[int, tuple[Assessment, dict[int, int | None]]]:
    now = timezone.now()
    existing = {a.region_id for a in Assessment.objects.filter(year=YEAR)}
    Assessment.objects.bulk_create(
        Assessment(
            region=region,
            instrument=instrument,
            year=YEAR,
            status=Assessment.Status.SUBMITTED,
            submitted_at=now - timedelta(minutes=rng.randint(1, 60 * 24 * 30)),
        )
        for region in regions
        if region.pk not in existing
    )
    result = {}
    answers = []
    for assessment in Assessment.objects.filter(year=YEAR, instrument=instrument):
        if assessment.region_id in existing:
            continue
        bias = rng.randint(low, high)
        levels: dict[int, int | None] = {}
        for item in items:
            level = None if rng.random() < 0.03 else min(high, max(low, bias + rng.randint(-2, 2)))
            levels[item.pk] = level
            answers.append(
                Answer(assessment=assessment, item=item, level=level, justification="Data uji")
            )
        result[assessment.region_id] = (assessment, levels)
    Answer.objects.bulk_create(answers, batch_size=2000)
    return result


def _applications(
    campaign: Campaign,
    criteria: list[CampaignCriterion],
    assessments: dict[int, tuple[Assessment, dict[int, int | None]]],
    items: list[InstrumentItem],
    rng: random.Random,
    low: int,
    high: int,
) -> None:
    applications = []
    adjusted: dict[int, dict[int, int]] = {}
    for region_id, (assessment, levels) in assessments.items():
        self_score = _score(items, levels, low)
        overrides = {}
        if rng.random() < 0.3:  # part of the applications verified, a few items adjusted
            for item in rng.sample(items, 5):
                overrides[item.pk] = rng.randint(low, high)
        adjusted[region_id] = overrides
        verified = _score(items, {**levels, **overrides}, low) if overrides else self_score
        applications.append(
            Application(
                campaign=campaign,
                region_id=region_id,
                assessment=assessment,
                status=Application.Status.VERIFIED if overrides else Application.Status.SUBMITTED,
                submitted_at=assessment.submitted_at,
                self_score=self_score,
                verified_score=verified,
            )
        )
    Application.objects.bulk_create(applications)
    values, checked, verified_levels = [], [], []
    for application in Application.objects.filter(campaign=campaign):
        for criterion in criteria:
            span = float(criterion.value_max - criterion.value_min)
            value = float(criterion.value_min) + rng.random() * span
            values.append(
                CriterionValue(
                    application=application,
                    criterion=criterion,
                    value=Decimal(f"{value:.4f}"),
                    source=CriterionValue.Source.IMPORTED,
                )
            )
        overrides = adjusted[application.region_id]
        if overrides:
            checked.append(
                Verification(
                    application=application,
                    interview_notes="Wawancara daring",
                    verified_at=timezone.now(),
                )
            )
            verified_levels += [
                VerifiedLevel(
                    application=application, item_id=item_id, level=level, reason="Bukti kurang"
                )
                for item_id, level in overrides.items()
            ]
    CriterionValue.objects.bulk_create(values, batch_size=2000)
    Verification.objects.bulk_create(checked)
    VerifiedLevel.objects.bulk_create(verified_levels, batch_size=2000)
