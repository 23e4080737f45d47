"""After an upgrade that emptied the summary rows (as migration 0006 does), no dashboard is
blank and no one has to run a command: a region's pages and APIs compute and store its rows
when first read, the national and province pages queue the refresh job and say the figures
are being computed, and ``migrate`` queues that job by itself."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management.sql import emit_post_migrate_signal
from django.urls import reverse

from kotacerdas.jobs import worker
from kotacerdas.jobs.models import Job, Status
from kotacerdas.monitoring import jobs, summaries
from kotacerdas.monitoring.summary_models import (
    DimensionSummary,
    IndicatorSummary,
    MasterplanSummary,
    ProgrammeSummary,
)
from kotacerdas.planning.models import Masterplan

from ..conftest import World
from ..planning.conftest import english
from .dashboard_data import published_with_summary

pytestmark = pytest.mark.django_db
REGION = reverse("monitoring:dashboard_region", args=["17.71"])
NATIONAL = reverse("monitoring:dashboard_national")
PROVINCE = reverse("monitoring:dashboard_province", args=["17"])
SUMMARY_API = reverse("api:get_national_summary")


def _upgraded(world: World) -> tuple[Masterplan, dict[str, Any]]:
    """A published masterplan whose rows were computed, then emptied as by the upgrade;
    returns it and its status as the API gave it before."""
    plan = _computed_today(world)
    before = _status(world, plan)
    for model in (IndicatorSummary, ProgrammeSummary, DimensionSummary, MasterplanSummary):
        model.objects.all().delete()
    return plan, before


def _computed_today(world: World) -> Masterplan:
    """Rows computed for today (as a page computes them), not for the tests' fixed day."""
    plan = published_with_summary(world)
    summaries.refresh_masterplan(plan)
    return plan


def _status(world: World, plan: Masterplan) -> dict[str, Any]:
    url = reverse("api:get_masterplan_status", kwargs={"masterplan_id": plan.pk})
    body = world.client("coordinator").get(url).json()
    body.pop("computed_at")
    return body


def _figures(html: str) -> tuple[str, ...]:
    start = html.index('data-testid="masterplan-score"')
    return (html[start : start + 80],)


def test_the_region_dashboard_computes_and_keeps_missing_rows(world: World) -> None:
    plan = _computed_today(world)
    client = english(world, "coordinator")
    shown = client.get(REGION).content.decode()
    MasterplanSummary.objects.all().delete()
    DimensionSummary.objects.all().delete()
    IndicatorSummary.objects.all().delete()
    after = client.get(REGION).content.decode()
    assert _figures(after) == _figures(shown)
    assert "Persentase layanan daring" in after
    assert MasterplanSummary.objects.filter(masterplan=plan, is_current=True).exists()
    assert IndicatorSummary.objects.filter(masterplan=plan).count() == 1


def test_the_status_api_and_agency_card_compute_missing_rows(world: World) -> None:
    plan, before = _upgraded(world)
    assert _status(world, plan) == before
    assert before["score"] is not None and before["dimensions"]
    MasterplanSummary.objects.all().delete()
    IndicatorSummary.objects.all().delete()
    url = reverse("monitoring:dashboard_agency", args=["17.71", world.agency_a.pk])
    card = english(world, "coordinator").get(url).content.decode()
    assert "Achievement of the agency's indicators in" in card and "12.5" in card
    assert "Persentase layanan daring" in card
    assert IndicatorSummary.objects.filter(masterplan=plan).count() == 1


def test_the_region_dashboard_api_computes_missing_rows(world: World) -> None:
    plan, before = _upgraded(world)
    url = reverse("api:get_region_dashboard", kwargs={"code": "17.71"})
    body = world.client("coordinator").get(url).json()
    assert body["masterplan"]["score"] == before["score"]
    assert body["masterplan"]["year"] == before["year"]
    assert MasterplanSummary.objects.filter(masterplan=plan).exists()


def test_the_national_pages_queue_the_refresh_and_say_so(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    plan, before = _upgraded(world)
    client = english(world, "national_admin")
    for url in (NATIONAL, PROVINCE):
        with django_capture_on_commit_callbacks(execute=True):
            html = client.get(url).content.decode()
        assert "The figures of 1 masterplan are being computed" in html
    indonesian = world.client("national_admin").get(NATIONAL).content.decode()
    assert "Angka 1 masterplan sedang dihitung" in indonesian
    with django_capture_on_commit_callbacks(execute=True):
        row = next(r for r in client.get(SUMMARY_API).json()["items"] if r["code"] == "17.71")
    assert row["being_computed"] is True and row["score"] is None
    job = Job.objects.get(kind=jobs.REFRESH_KIND)  # one job, however many visits
    assert job.owner is None and job.status == Status.QUEUED
    worker.run(str(job.pk), task_id=job.task_id)
    job.refresh_from_db()
    assert job.status == Status.DONE, job.error
    assert MasterplanSummary.objects.filter(masterplan=plan).count() == len(plan.period)
    html = client.get(NATIONAL).content.decode()
    assert "being computed" not in html
    row = next(r for r in client.get(SUMMARY_API).json()["items"] if r["code"] == "17.71")
    assert row["being_computed"] is False and row["score"] == before["score"]
    # Every year is back: the national table of a past year too.
    assert client.get(SUMMARY_API + "?year=2025").json()["items"][0]["year"] == 2025


def test_the_national_admin_watches_the_job_a_region_user_does_not(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    _upgraded(world)
    with django_capture_on_commit_callbacks(execute=True):
        job = jobs.queue_refresh()
    url = reverse("jobs:job_detail", args=[job.pk])
    assert world.client("national_admin").get(url).status_code == 200
    assert world.client("coordinator").get(url).status_code in (403, 404)


def test_migrate_queues_the_refresh_when_rows_are_missing(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    published_with_summary(world)
    emit_post_migrate_signal(0, False, "default")
    assert not Job.objects.filter(kind=jobs.REFRESH_KIND).exists()  # nothing missing
    MasterplanSummary.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        emit_post_migrate_signal(0, False, "default")
        emit_post_migrate_signal(0, False, "default")  # a second migrate: still one job
    job = Job.objects.get(kind=jobs.REFRESH_KIND)
    worker.run(str(job.pk), task_id=job.task_id)
    assert Job.objects.get(pk=job.pk).status == Status.DONE
    assert MasterplanSummary.objects.filter(is_current=True).count() == 1
