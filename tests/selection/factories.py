"""Campaigns, assessments and applications for the selection tests."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from kotacerdas.accounts.actors import SYSTEM
from kotacerdas.framework.models import Instrument, InstrumentItem
from kotacerdas.readiness.models import Answer, Assessment
from kotacerdas.regions.models import Region
from kotacerdas.selection import services
from kotacerdas.selection.models import Application, Campaign, CampaignCriterion

PDF = b"%PDF-1.4\n% a tiny test document\n"


def instrument() -> Instrument:
    return Instrument.objects.get(code="kominfo_readiness", number="2021.1")


def submitted_assessment(
    region: Region, level: Callable[[int], int | None] | int | None = 3, year: int = 2025
) -> Assessment:
    """A submitted assessment of ``region`` with every item answered (``level`` per position)."""
    shipped = instrument()
    assessment = Assessment.objects.create(
        region=region,
        instrument=shipped,
        year=year,
        status=Assessment.Status.SUBMITTED,
        submitted_at=timezone.now(),
    )
    items = InstrumentItem.objects.filter(instrument=shipped).order_by("position")
    Answer.objects.bulk_create(
        Answer(
            assessment=assessment,
            item=item,
            level=level(item.position) if callable(level) else level,
            justification=f"Bukti untuk {item.code}",
        )
        for item in items
    )
    return assessment


def campaign(**fields: Any) -> Campaign:
    values: dict[str, Any] = {
        "name": "Gerakan Menuju Smart City",
        "year": 2026,
        "instrument": instrument(),
        "quota": 1,
        "deadline": timezone.localdate() + timedelta(days=30),
        "status": Campaign.Status.OPEN,
        "readiness_weight": Decimal(60),
        **fields,
    }
    return Campaign.objects.create(**values)


def criterion(c: Campaign, code: str = "fiscal", **fields: Any) -> CampaignCriterion:
    values: dict[str, Any] = {
        "name": f"Kriteria {code}",
        "weight": Decimal(40),
        "value_min": Decimal(0),
        "value_max": Decimal(10),
        **fields,
    }
    return CampaignCriterion.objects.create(campaign=c, code=code, **values)


def pdf(name: str = "surat-komitmen.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def apply(c: Campaign, region: Region, level: Any = 3, **kwargs: Any) -> Application:
    assessment = submitted_assessment(region, level)
    return services.submit_application(c, region, assessment, actor=SYSTEM, **kwargs)


@dataclass
class Setup:
    campaign: Campaign
    criterion: CampaignCriterion
    application: Application  # of world.region, assigned to world's assessor
    other: Application  # of world.other_region, nobody assigned


def setup(world: Any) -> Setup:
    """An open campaign, both world regions applied, the world's assessor on 17.71."""
    cached = getattr(world, "_selection", None)
    if cached is not None:
        return cached
    c = campaign()
    crit = criterion(c, requires_document=True)
    app = apply(c, world.region, documents={crit.pk: pdf()})
    other = apply(c, world.other_region, level=2, documents={crit.pk: pdf()})
    services.assign_assessor(app, world.users["assessor"], actor=SYSTEM)
    world._selection = Setup(c, crit, app, other)
    return world._selection
