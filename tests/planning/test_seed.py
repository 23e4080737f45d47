"""The demo masterplan of Kota Bengkulu is seeded once and left alone afterwards."""

from __future__ import annotations

from io import StringIO
from typing import Any

from django.core.management import call_command

from kotacerdas.planning.models import FundingLine, Masterplan, ProgrammeSupport


def _state() -> tuple[int, ...]:
    plan = Masterplan.objects.get(region__code="17.71")
    return (
        plan.programmes.count(),
        plan.programmes.values("dimension").distinct().count(),
        plan.missions.count(),
        FundingLine.objects.count(),
        ProgrammeSupport.objects.count(),
        plan.version,
    )


def test_demo_masterplan_is_idempotent(db: Any) -> None:
    call_command("seed_demo", stdout=StringIO())
    first = _state()
    assert first[:3] == (12, 6, 2)
    call_command("seed_demo", stdout=StringIO())
    assert _state() == first
    assert Masterplan.objects.get().vision.text.startswith("Bengkulu")
