"""Correcting a verified programme progress keeps the earlier value in its history, with who
reported, verified and corrected it and why (issue 10, as realisations already do)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from kotacerdas.monitoring import services_progress
from kotacerdas.monitoring.models import ProgrammeProgress, ProgressCorrection

from ..conftest import World
from ..planning.factories import fund
from .factories import plan_with_programme


def _verified(world: World) -> tuple[ProgrammeProgress, int]:
    plan, prog = plan_with_programme(world)
    line = fund(prog, 2_000_000, year=2025)
    row = services_progress.report_progress(
        prog,
        actor=world.users["editor_a"],
        year=2025,
        physical_progress=Decimal("62.5"),
        narrative="Tahap 1 selesai",
        spending={line.pk: Decimal("1500000.25")},
    )
    services_progress.verify_progress(row, actor=world.users["coordinator"])
    return row, line.pk


def test_a_verified_progress_is_corrected_only_with_a_reason(world: World) -> None:
    row, line = _verified(world)
    with pytest.raises(ValidationError) as refused:
        services_progress.report_progress(
            row.programme, actor=world.users["editor_a"], year=2025, physical_progress=70
        )
    assert "reason" in refused.value.message_dict
    assert not ProgressCorrection.objects.exists()
    corrected = services_progress.report_progress(
        row.programme,
        actor=world.users["editor_a"],
        year=2025,
        physical_progress=Decimal(70),
        narrative="Tahap 2",
        spending={line: Decimal(1_800_000)},
        reason="Laporan kontraktor terlambat masuk",
    )
    assert corrected.pk == row.pk and corrected.state == "reported"
    assert corrected.verified_by is None  # waits for verification again
    earlier = ProgressCorrection.objects.get(progress=row)
    assert earlier.physical_progress == Decimal("62.5") and earlier.narrative == "Tahap 1 selesai"
    assert earlier.spending == [{"source": "apbd", "year": 2025, "amount": "1500000.25"}]
    assert earlier.reported_by == world.users["editor_a"]
    assert earlier.verified_by == world.users["coordinator"]
    assert earlier.created_by == world.users["editor_a"]
    assert earlier.reason == "Laporan kontraktor terlambat masuk"
    assert LogEntry.objects.get_for_object(earlier).exists()


def test_the_progress_page_shows_the_earlier_value_who_and_why(
    world: World, en: Callable[[str], Client]
) -> None:
    row, _line = _verified(world)
    client = en("editor_a")
    url = reverse("monitoring:progress", args=[row.programme_id]) + "?year=2025"
    page = client.get(url).content.decode()
    assert "Correct the verified progress of 2025" in page and 'name="reason"' in page
    missing = client.post(url, {"year": "2025", "physical_progress": "70"})
    assert missing.status_code == 200
    assert ProgrammeProgress.objects.get(pk=row.pk).state == "verified"
    done = client.post(
        url, {"year": "2025", "physical_progress": "70", "reason": "Angka kontraktor"}
    )
    assert done.status_code == 302
    shown = client.get(url).content.decode()
    history = shown.split('data-testid="progress-correction"')[1].split("</div>")[0]
    assert "62.5" in history and "Angka kontraktor" in history
    assert str(world.users["coordinator"]) in history
