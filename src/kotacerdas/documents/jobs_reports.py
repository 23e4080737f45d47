"""The background jobs that generate a region's reports (registered in ``apps.py``)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kotacerdas.accounts.actors import allowed
from kotacerdas.evaluation.models import Evaluation
from kotacerdas.evaluation.spbe_models import SpbeAssessment
from kotacerdas.jobs.models import Job
from kotacerdas.jobs.progress import JobFailed, JobOutcome, Progress
from kotacerdas.jobs.registry import JobKind, register
from kotacerdas.readiness.models import Assessment
from kotacerdas.regions.models import Region
from kotacerdas.selection.models import Campaign

from .services_reports import (
    EVALUATION_KIND,
    EVALUATION_PERMISSION,
    MONITORING_KIND,
    RANKING_KIND,
    RANKING_PERMISSION,
    READINESS_KIND,
    SPBE_KIND,
    generate_evaluation_report,
    generate_ranking_report,
    generate_readiness_report,
    generate_report,
    generate_spbe_report,
)


def _region(job: Job) -> Region | None:
    return Region.objects.select_related("province").filter(pk=job.params.get("region")).first()


def run_monitoring(job: Job, progress: Progress) -> JobOutcome:
    region = _region(job)
    if region is None:
        raise JobFailed(_("The region of this job no longer exists."))
    if job.owner is None:
        raise JobFailed(_("The person who asked for this job no longer exists."))
    try:
        row = generate_report(
            actor=job.owner,
            region=region,
            year=job.params.get("year"),
            format=job.params.get("format") or "pdf",
            language=job.params.get("language") or "id",
            progress=progress,
        )
    except PermissionDenied as error:
        raise JobFailed(_("You may no longer generate this region's reports.")) from error
    except ValidationError as error:
        raise JobFailed(
            _("The report could not be generated: %(reason)s"),
            {"reason": " ".join(error.messages)},
        ) from error
    return JobOutcome(
        message=str(_("The report is ready.")),
        url=reverse("documents:report_download", kwargs={"pk": row.pk}),
    )


def run_readiness(job: Job, progress: Progress) -> JobOutcome:
    assessment = (
        Assessment.objects.select_related("region").filter(pk=job.params.get("assessment")).first()
    )
    if assessment is None:
        raise JobFailed(_("The readiness assessment of this job no longer exists."))
    if job.owner is None:
        raise JobFailed(_("The person who asked for this job no longer exists."))
    try:
        row = generate_readiness_report(
            actor=job.owner,
            assessment=assessment,
            language=job.params.get("language") or "id",
            progress=progress,
        )
    except PermissionDenied as error:
        raise JobFailed(_("You may no longer generate this region's reports.")) from error
    except ValidationError as error:
        raise JobFailed(
            _("The report could not be generated: %(reason)s"),
            {"reason": " ".join(error.messages)},
        ) from error
    return JobOutcome(
        message=str(_("The report is ready.")),
        url=reverse("documents:report_download", kwargs={"pk": row.pk}),
    )


def _campaign(job: Job) -> Campaign | None:
    return Campaign.objects.filter(pk=job.params.get("campaign")).first()


def run_ranking(job: Job, progress: Progress) -> JobOutcome:
    campaign = _campaign(job)
    if campaign is None:
        raise JobFailed(_("The selection campaign of this job no longer exists."))
    if job.owner is None:
        raise JobFailed(_("The person who asked for this job no longer exists."))
    try:
        row = generate_ranking_report(
            actor=job.owner,
            campaign=campaign,
            language=job.params.get("language") or "id",
            progress=progress,
        )
    except PermissionDenied as error:
        raise JobFailed(_("You may no longer generate this campaign's ranking.")) from error
    except ValidationError as error:
        raise JobFailed(
            _("The report could not be generated: %(reason)s"),
            {"reason": " ".join(error.messages)},
        ) from error
    return JobOutcome(
        message=str(_("The report is ready.")),
        url=reverse("documents:report_download", kwargs={"pk": row.pk}),
    )


def can_view_ranking(user: Any, job: Job) -> bool:
    campaign = _campaign(job)
    return campaign is not None and allowed(user, RANKING_PERMISSION, campaign)


def _evaluation(job: Job) -> Evaluation | None:
    return (
        Evaluation.objects.select_related("region").filter(pk=job.params.get("evaluation")).first()
    )


def run_evaluation(job: Job, progress: Progress) -> JobOutcome:
    evaluation = _evaluation(job)
    if evaluation is None:
        raise JobFailed(_("The evaluation of this job no longer exists."))
    if job.owner is None:
        raise JobFailed(_("The person who asked for this job no longer exists."))
    try:
        row = generate_evaluation_report(
            actor=job.owner,
            evaluation=evaluation,
            language=job.params.get("language") or "id",
            progress=progress,
        )
    except PermissionDenied as error:
        raise JobFailed(_("You may no longer generate this evaluation's report.")) from error
    except ValidationError as error:
        raise JobFailed(
            _("The report could not be generated: %(reason)s"),
            {"reason": " ".join(error.messages)},
        ) from error
    return JobOutcome(
        message=str(_("The report is ready.")),
        url=reverse("documents:report_download", kwargs={"pk": row.pk}),
    )


def can_view_evaluation(user: Any, job: Job) -> bool:
    evaluation = _evaluation(job)
    return evaluation is not None and allowed(user, EVALUATION_PERMISSION, evaluation)


def run_spbe(job: Job, progress: Progress) -> JobOutcome:
    assessment = (
        SpbeAssessment.objects.select_related("region")
        .filter(pk=job.params.get("spbe_assessment"))
        .first()
    )
    if assessment is None:
        raise JobFailed(_("The SPBE assessment of this job no longer exists."))
    if job.owner is None:
        raise JobFailed(_("The person who asked for this job no longer exists."))
    try:
        row = generate_spbe_report(
            actor=job.owner,
            assessment=assessment,
            language=job.params.get("language") or "id",
            progress=progress,
        )
    except PermissionDenied as error:
        raise JobFailed(_("You may no longer generate this region's reports.")) from error
    except ValidationError as error:
        raise JobFailed(
            _("The report could not be generated: %(reason)s"),
            {"reason": " ".join(error.messages)},
        ) from error
    return JobOutcome(
        message=str(_("The report is ready.")),
        url=reverse("documents:report_download", kwargs={"pk": row.pk}),
    )


def can_view(user: Any, job: Job) -> bool:
    region = _region(job)
    return region is not None and allowed(user, "documents.generate_report", region)


def register_kinds() -> None:
    register(JobKind(MONITORING_KIND, _("Monitoring report"), run_monitoring, can_view))
    register(JobKind(READINESS_KIND, _("Readiness report"), run_readiness, can_view))
    register(JobKind(EVALUATION_KIND, _("Evaluation report"), run_evaluation, can_view_evaluation))
    register(JobKind(SPBE_KIND, _("SPBE report"), run_spbe, can_view))
    register(JobKind(RANKING_KIND, _("Selection ranking"), run_ranking, can_view_ranking))
