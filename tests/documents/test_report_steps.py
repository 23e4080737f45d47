"""A report job's progress steps are stored as their msgid and shown in the reader's
language on the job page (Indonesian by default, English when chosen)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from kotacerdas.documents import keeping, services_reports
from kotacerdas.documents.report_kinds import KINDS, MONITORING, WRITING
from kotacerdas.jobs.models import Job, Status
from kotacerdas.jobs.progress import Progress

from ..conftest import World
from .test_reports import monitored_plan

pytestmark = pytest.mark.django_db


def test_the_job_page_shows_the_step_in_the_readers_language(world: World) -> None:
    monitored_plan(world)
    job = services_reports.request_report(
        actor=world.users["coordinator"], region=world.region, year=2025, format="pdf"
    )
    Job.objects.filter(pk=job.pk).update(status=Status.RUNNING)
    job.refresh_from_db()
    Progress(job).report(MONITORING.reading, 10)
    job.refresh_from_db()
    assert job.step == "Reading the monitoring data"  # stored untranslated
    url = reverse("jobs:job_detail", kwargs={"pk": job.pk})
    client = world.client("coordinator")
    assert "Membaca data monitoring" in client.get(url).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(url).content.decode()
    assert "Reading the monitoring data" in page
    assert "Membaca data monitoring" not in page


def _steps() -> list[str]:
    with translation.override(None):
        return sorted(
            {str(kind.reading) for kind in KINDS.values()}
            | {str(WRITING), str(keeping.SAVING)}
            | {"Reading the masterplan", "Drawing the charts", "Writing the document"}
        )


@pytest.mark.parametrize("step", _steps())
def test_every_step_has_an_indonesian_text(step: str) -> None:
    with translation.override("id"):
        assert translation.gettext(step) != step
