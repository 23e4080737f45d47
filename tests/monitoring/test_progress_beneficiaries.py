"""The citizens a programme reached in a year (penerima manfaat): an optional whole number on
its yearly progress report, through the form, the API and verification, kept in a
correction's history."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from kotacerdas.monitoring import services_progress
from kotacerdas.monitoring.models import ProgrammeProgress, ProgressCorrection

from ..conftest import World
from .factories import plan_with_programme

pytestmark = pytest.mark.django_db


def test_the_agency_reports_citizens_reached_on_the_page_and_the_coordinator_sees_it(
    world: World, en: Callable[[str], Client]
) -> None:
    _plan, prog = plan_with_programme(world)
    url = reverse("monitoring:progress", args=[prog.pk]) + "?year=2025"
    client = en("editor_a")
    assert 'name="beneficiaries"' in client.get(url).content.decode()
    done = client.post(url, {"year": "2025", "physical_progress": "40", "beneficiaries": "12500"})
    assert done.status_code == 302
    row = ProgrammeProgress.objects.get(programme=prog, year=2025)
    assert row.beneficiaries == 12500
    # The coordinator sees the figure in the queue and on the programme's progress page.
    queue = en("coordinator").get(
        reverse("monitoring:verification_queue", args=[prog.masterplan_id])
    )
    assert "12,500" in queue.content.decode()
    page = en("coordinator").get(url).content.decode()
    cell = page.split('data-testid="progress-beneficiaries">')[1].split("</td>")[0]
    assert cell == "12,500"
    # Left empty, it is "not known", not zero.
    client.post(url, {"year": "2025", "physical_progress": "45", "beneficiaries": ""})
    assert ProgrammeProgress.objects.get(pk=row.pk).beneficiaries is None


def test_a_negative_or_fractional_count_is_refused_beside_the_field(
    world: World, en: Callable[[str], Client]
) -> None:
    _plan, prog = plan_with_programme(world)
    url = reverse("monitoring:progress", args=[prog.pk]) + "?year=2025"
    for bad in ("-3", "2,5"):
        response = en("editor_a").post(
            url, {"year": "2025", "physical_progress": "40", "beneficiaries": bad}
        )
        assert response.status_code == 200
        assert response.context["form"].errors["beneficiaries"]
    assert not ProgrammeProgress.objects.exists()
    for value in (-1, True, Decimal("2.5"), 10**12):
        with pytest.raises(ValidationError) as refused:
            services_progress.report_progress(
                prog,
                actor=world.users["editor_a"],  # type: ignore[arg-type]
                year=2025,
                physical_progress=40,
                beneficiaries=value,
            )
        assert refused.value.message_dict == {
            "beneficiaries": ["Citizens reached is a whole number, 0 or more."]
        }
    assert not ProgrammeProgress.objects.exists()


def test_the_api_reads_and_writes_citizens_reached(world: World) -> None:
    _plan, prog = plan_with_programme(world)
    url = reverse("api:report_progress", kwargs={"programme_id": prog.pk})
    editor = world.client("editor_a")
    created = editor.post(
        url, {"year": 2025, "physical_progress": 30, "beneficiaries": 800}, "application/json"
    )
    assert created.status_code == 201
    assert created.json()["beneficiaries"] == 800
    verify = reverse("api:verify_progress", kwargs={"progress_id": created.json()["id"]})
    verified = world.client("coordinator").post(verify, {}, "application/json")
    assert verified.json()["state"] == "verified"
    assert verified.json()["beneficiaries"] == 800
    listed = editor.get(reverse("api:list_progress", kwargs={"programme_id": prog.pk}))
    assert [row["beneficiaries"] for row in listed.json()["items"]] == [800]
    bad = editor.post(
        url, {"year": 2025, "physical_progress": 30, "beneficiaries": -5}, "application/json"
    )
    assert bad.status_code in (400, 422)
    assert "beneficiaries" in bad.content.decode()
    assert ProgrammeProgress.objects.get(programme=prog).beneficiaries == 800


def test_a_correction_keeps_the_earlier_count(world: World) -> None:
    _plan, prog = plan_with_programme(world)
    row = services_progress.report_progress(
        prog, actor=world.users["editor_a"], year=2025, physical_progress=50, beneficiaries=900
    )
    services_progress.verify_progress(row, actor=world.users["coordinator"])
    services_progress.report_progress(
        prog,
        actor=world.users["editor_a"],
        year=2025,
        physical_progress=55,
        beneficiaries=1200,
        reason="Data kelurahan terlambat",
    )
    assert ProgressCorrection.objects.get(progress=row).beneficiaries == 900
    assert ProgrammeProgress.objects.get(pk=row.pk).beneficiaries == 1200
