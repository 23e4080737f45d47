"""A masterplan with something in every chapter, built straight in the database."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from kotacerdas.planning.models import Masterplan, Mission, TeamMember, Vision
from kotacerdas.planning.strategy.models import Goal

from ..conftest import World
from ..monitoring.factories import indicator, target
from ..planning.factories import fund, masterplan, programme, support

PROGRAMME = "Satu Data Bengkulu"
TOTAL = 1_250_000_000  # the sum of the funding below
TOTAL_RUPIAH = "Rp 1.250.000.000"
TOTAL_WORDS = "satu miliar dua ratus lima puluh juta rupiah"


def full_plan(w: World, status: str = "draft") -> Masterplan:
    plan = masterplan(w, status=status, title="Masterplan Smart City Kota Bengkulu")
    Vision.objects.create(masterplan=plan, text="Bengkulu kota cerdas dan melayani")
    mission = Mission.objects.create(masterplan=plan, position=1, text="Layanan publik digital")
    Goal.objects.create(mission=mission, position=1, text="Data terpadu antar OPD")
    TeamMember.objects.create(
        masterplan=plan,
        body=TeamMember.Body.COUNCIL,
        name="Dedy Wahyudi",
        position="Wali Kota",
        decree_number="SK 100/2025",
        decree_date=dt.date(2025, 2, 3),
    )
    p = programme(plan, "P01", lead=w.agency_a, name=PROGRAMME, dim="governance")
    support(p, w.agency_b, role="Data")
    fund(p, 1_000_000_000, 2025)
    fund(p, 250_000_000, 2026, source="apbn")
    ind = indicator(plan, p, "IK01", agency=w.agency_a, name="Dataset terbuka", unit="dataset")
    target(ind, 2025, 50)
    target(ind, 2026, 75)
    return plan


def empty_plan(w: World) -> Masterplan:
    return masterplan(w, title="Masterplan tanpa program")


__all__ = [
    "PROGRAMME",
    "TOTAL",
    "TOTAL_RUPIAH",
    "TOTAL_WORDS",
    "Decimal",
    "empty_plan",
    "full_plan",
]
