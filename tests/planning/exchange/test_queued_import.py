"""A catalogue of more than 100 programmes is imported by a background worker: the page
sends the user to the job's page, the import stays all or nothing and reports bad rows, the
kept file is deleted afterwards. Up to 100 rows the page previews and confirms as before."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from kotacerdas.jobs import worker
from kotacerdas.jobs.models import Job, Status
from kotacerdas.planning.exchange.services import IMPORT_KIND
from kotacerdas.planning.models import Masterplan, Programme

from ...conftest import World
from .. import factories as f
from .test_exchange import many

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(world: World) -> Masterplan:
    return f.masterplan(world)


def _upload(world: World, plan: Masterplan, data: bytes, capture: Any) -> Any:
    client = world.client("coordinator")
    upload = io.BytesIO(data)
    upload.name = "catalogue.xlsx"
    url = reverse("planning:programme_import", kwargs={"pk": plan.pk})
    with capture(execute=True):
        return client.post(url, {"action": "preview", "file": upload})


def _run(job: Job) -> Job:
    job.refresh_from_db()
    worker.run(str(job.pk), task_id=job.task_id)
    job.refresh_from_db()
    return job


def test_a_large_file_is_imported_by_a_worker(
    plan: Masterplan, world: World, django_capture_on_commit_callbacks: Any
) -> None:
    response = _upload(world, plan, many(plan, 101), django_capture_on_commit_callbacks)
    job = Job.objects.get(kind=IMPORT_KIND)
    assert response.status_code == 302
    assert response["Location"] == reverse("jobs:job_detail", args=[job.pk])
    assert job.task_id and job.owner == world.users["coordinator"]
    kept = job.params["file"]
    assert default_storage.exists(kept)
    assert not Programme.objects.filter(masterplan=plan, code__startswith="N").exists()

    page = world.client("coordinator").get(response["Location"])
    assert "Impor program" in page.content.decode()

    job = _run(job)
    assert job.status == Status.DONE
    assert Programme.objects.filter(masterplan=plan, code__startswith="N").count() == 101
    assert job.outcome_url == reverse("planning:programme_list", kwargs={"pk": plan.pk})
    assert job.outcome_text == "Impor selesai: 101 program ditambahkan, 0 diubah."
    assert not default_storage.exists(kept)


def test_a_large_file_with_a_bad_row_imports_nothing_and_names_the_row(
    plan: Masterplan, world: World, django_capture_on_commit_callbacks: Any
) -> None:
    _upload(world, plan, many(plan, 120, bad_row=7), django_capture_on_commit_callbacks)
    job = _run(Job.objects.get(kind=IMPORT_KIND))
    assert job.status == Status.FAILED
    assert "dinas-sihir" in job.error_text
    assert job.error_text.startswith("Tidak ada yang diimpor.")
    assert not Programme.objects.filter(masterplan=plan, code__startswith="N").exists()
    assert not default_storage.exists(job.params["file"])


def test_an_import_whose_masterplan_was_deleted_fails_with_a_message(
    plan: Masterplan, world: World, django_capture_on_commit_callbacks: Any
) -> None:
    _upload(world, plan, many(plan, 101), django_capture_on_commit_callbacks)
    job = Job.objects.get(kind=IMPORT_KIND)
    job.params["masterplan"] = 10**9
    job.save()
    job = _run(job)
    assert job.status == Status.FAILED
    assert job.error_text == "Masterplan tidak ada lagi; tidak ada yang diimpor."


def test_another_region_does_not_see_the_import_job(
    plan: Masterplan, world: World, django_capture_on_commit_callbacks: Any
) -> None:
    _upload(world, plan, many(plan, 101), django_capture_on_commit_callbacks)
    job = Job.objects.get(kind=IMPORT_KIND)
    url = reverse("jobs:job_detail", args=[job.pk])
    assert world.client("other_coordinator").get(url).status_code == 404
    assert world.client("council").get(url).status_code == 200


def test_a_file_of_100_programmes_is_still_previewed_on_the_page(
    plan: Masterplan, world: World, django_capture_on_commit_callbacks: Any
) -> None:
    response = _upload(world, plan, many(plan, 100), django_capture_on_commit_callbacks)
    assert response.status_code == 200
    assert len(response.context["preview"].added) == 100
    assert not Job.objects.exists()
