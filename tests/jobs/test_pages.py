"""The job pages and API as a user sees them: progress while it runs, the error in the
reader's language, the retry, the result link; lists cost the same queries however long."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kotacerdas.jobs.models import Job, Status

from ..conftest import World
from .kinds import ECHO

pytestmark = pytest.mark.django_db


def _job(world: World, **fields: Any) -> Job:
    return Job.objects.create(
        kind=ECHO, owner=world.users["coordinator"], region=world.region, **fields
    )


def test_a_running_job_shows_its_step_and_refreshes_itself(world: World) -> None:
    job = _job(world, status=Status.RUNNING, step="Waiting for the gate", percent=40)
    page = world.client("coordinator").get(reverse("jobs:job_detail", args=[job.pk]))
    html = page.content.decode()
    assert "Sedang berjalan" in html and "Waiting for the gate" in html and "40%" in html
    assert 'hx-trigger="every 2s"' in html
    assert "Muat ulang" in html  # the refresh link for readers without JavaScript


def test_htmx_gets_the_status_fragment_and_a_finished_job_stops_polling(world: World) -> None:
    job = _job(world, status=Status.DONE, percent=100, outcome_url="/results/x/")
    response = world.client("coordinator").get(
        reverse("jobs:job_detail", args=[job.pk]), headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert "<html" not in html and 'data-status="done"' in html
    assert "hx-trigger" not in html
    assert 'href="/results/x/"' in html


def test_a_failed_job_shows_its_reason_and_the_owner_retries_it(world: World) -> None:
    job = _job(world, status=Status.FAILED, error="Only a failed job can be tried again.")
    client = world.client("coordinator")
    html = client.get(reverse("jobs:job_detail", args=[job.pk])).content.decode()
    assert "Hanya pekerjaan yang gagal yang dapat dicoba lagi." in html
    assert "Coba lagi" in html
    response = client.post(reverse("jobs:job_retry", args=[job.pk]))
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == Status.QUEUED and job.error == ""
    again = client.post(reverse("jobs:job_retry", args=[job.pk]), follow=True)
    assert "Hanya pekerjaan yang gagal yang dapat dicoba lagi." in again.content.decode()


def test_a_viewer_who_is_not_the_owner_sees_no_retry_button(world: World) -> None:
    job = _job(world, status=Status.FAILED, error="Only a failed job can be tried again.")
    html = world.client("council").get(reverse("jobs:job_detail", args=[job.pk]))
    assert "Coba lagi" not in html.content.decode()


def test_the_api_shows_progress_in_the_callers_language(world: World) -> None:
    job = _job(world, status=Status.FAILED, error="Only a failed job can be tried again.")
    client = world.client("token_client")
    body = client.get(
        reverse("api:get_job", kwargs={"job_id": job.pk}), headers={"Accept-Language": "en"}
    ).json()
    assert body["status"] == "failed"
    assert body["error"] == "Only a failed job can be tried again."
    assert body["region_code"] == "17.71"
    retried = client.post(reverse("api:retry_job", kwargs={"job_id": job.pk}))
    assert retried.json()["status"] == "queued"
    conflict = client.post(reverse("api:retry_job", kwargs={"job_id": job.pk}))
    assert conflict.status_code == 409
    assert conflict.json()["error"]["code"] == "invalid_state"


def test_lists_show_only_the_users_own_jobs(world: World) -> None:
    _job(world)
    Job.objects.create(kind=ECHO, owner=world.users["editor_a"], region=world.region)
    page = world.client("coordinator").get(reverse("jobs:job_list"))
    assert page.content.decode().count(reverse("jobs:job_list")) >= 1
    assert len(page.context["page"].object_list) == 1
    api = world.client("token_client").get(reverse("api:list_jobs")).json()
    assert api["count"] == 1


@pytest.mark.parametrize("url", ["jobs:job_list", "api:list_jobs"])
def test_lists_cost_the_same_queries_for_few_and_many_jobs(world: World, url: str) -> None:
    client = world.client("token_client" if url.startswith("api") else "coordinator")
    _job(world)
    client.get(reverse(url))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse(url))
    for _ in range(20):
        _job(world, status=Status.FAILED, error="Only a failed job can be tried again.")
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse(url))
    assert response.status_code == 200
    assert len(few) == len(many)
