"""Permission rows of the jobs pages (and, in tests/api, of the jobs API).

The job belongs to the coordinator and is about the main region; its kind (a test kind)
lets those who read the region's data watch it. Only the owner retries it.
"""

from __future__ import annotations

from django.urls import reverse

from kotacerdas.jobs.models import Job, Status

from ..conftest import World
from ..permissions import Route, members, signed_in
from .kinds import ECHO, register_all

register_all()


def job(w: World) -> Job:
    found = Job.objects.filter(owner=w.users["coordinator"], kind=ECHO).first()
    return found or Job.objects.create(
        kind=ECHO,
        owner=w.users["coordinator"],
        region=w.region,
        status=Status.FAILED,
        error="This kind of job is no longer available.",
    )


ROUTES = [
    Route("jobs:job_list", lambda w: reverse("jobs:job_list"), signed_in()),
    Route(
        "jobs:job_detail",
        lambda w: reverse("jobs:job_detail", args=[job(w).pk]),
        members(),
    ),
    Route(
        "jobs:job_retry",
        lambda w: reverse("jobs:job_retry", args=[job(w).pk]),
        {**members(403), "coordinator": 302},
        method="post",
    ),
    Route("api:list_jobs", lambda w: reverse("api:list_jobs"), signed_in(anonymous=401)),
    Route(
        "api:get_job",
        lambda w: reverse("api:get_job", kwargs={"job_id": job(w).pk}),
        members(anonymous=401),
    ),
    Route(
        "api:retry_job",
        lambda w: reverse("api:retry_job", kwargs={"job_id": job(w).pk}),
        {**members(403, anonymous=401), "coordinator": 200},
        method="post",
    ),
]
