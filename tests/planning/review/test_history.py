"""History pages of a masterplan and of a programme: every change of the record and of what
it holds, in words (issue 9, readable for officials)."""

from __future__ import annotations

from decimal import Decimal

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kotacerdas.planning.models import FundingLine, Programme, TeamMember

from ...conftest import World
from .. import factories as f


def test_a_programme_history_shows_its_funding_in_rupiah(world: World) -> None:
    plan = f.masterplan(world)
    p = f.programme(plan, "G01", lead=world.agency_a)
    line = FundingLine.objects.create(
        programme=p, source="apbd", year=2025, amount=Decimal("1000000")
    )
    line.amount = Decimal("2500000")
    line.save()
    p.is_quick_win = True
    p.save()
    url = reverse("planning:programme_history", kwargs={"pk": p.pk})
    body = world.client("editor_b").get(url).content.decode()
    assert "Rp 1.000.000 → Rp 2.500.000" in body
    assert "Tidak → Ya" in body
    assert "Diubah" in body and "Dibuat" in body


def test_a_masterplan_history_shows_its_team(world: World) -> None:
    plan = f.masterplan(world)
    TeamMember.objects.create(masterplan=plan, body="implementation_team", name="Ani Wijaya")
    url = reverse("planning:masterplan_history", kwargs={"pk": plan.pk})
    body = world.client("council").get(url).content.decode()
    assert "Ani Wijaya" in body and "Tim Pelaksana" in body


def _queries(world: World, p: Programme, count: int) -> int:
    ct = ContentType.objects.get_for_model(Programme)
    LogEntry.objects.filter(content_type=ct, object_pk=str(p.pk)).delete()  # its creation
    LogEntry.objects.bulk_create(
        LogEntry(
            content_type=ct,
            object_pk=str(p.pk),
            object_id=p.pk,
            object_repr=str(p),
            action=LogEntry.Action.UPDATE,
            actor=world.users["coordinator"],
            changes={"lead_agency": [str(world.agency_a.pk), str(world.agency_b.pk)]},
        )
        for _ in range(count)
    )
    client = world.client("coordinator")
    url = reverse("planning:programme_history", kwargs={"pk": p.pk})
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        body = client.get(url).content.decode()
    assert body.count(f"{world.agency_a} → {world.agency_b}") >= count
    return len(queries)


def test_the_history_page_costs_the_same_for_5_and_50_entries(world: World) -> None:
    plan = f.masterplan(world)
    few = _queries(world, f.programme(plan, "G01"), 5)
    many = _queries(world, f.programme(plan, "G02"), 50)
    assert few == many <= 15
