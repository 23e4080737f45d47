"""Generating a region's reports: asking for one (``request_report``,
``request_readiness_report``, ``request_ranking_report``: they check the input and queue
the job) and writing it (``generate_report``, ``generate_readiness_report``,
``generate_ranking_report``: run by the job)."""

from __future__ import annotations

import datetime as dt
import hashlib

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kotacerdas.accounts.actors import Actor, acting, require, user_of
from kotacerdas.evaluation.models import Evaluation
from kotacerdas.evaluation.spbe_models import SpbeAssessment
from kotacerdas.jobs.models import Job
from kotacerdas.jobs.progress import Progress
from kotacerdas.jobs.services import enqueue_job
from kotacerdas.planning.models import Masterplan
from kotacerdas.readiness.models import Assessment
from kotacerdas.regions.models import Region
from kotacerdas.selection.models import Campaign

from .models import GeneratedReport
from .reports import evaluation as evaluation_report
from .reports import monitoring, ranking, readiness, render, spbe

MONITORING_KIND = "documents.monitoring_report"
READINESS_KIND = "documents.readiness_report"
RANKING_KIND = "documents.ranking_report"
RANKING_PERMISSION = "selection.manage_campaign"
EVALUATION_KIND = "documents.evaluation_report"
EVALUATION_PERMISSION = "documents.evaluation_report"
SPBE_KIND = "documents.spbe_report"
LANGUAGES = ("id", "en")
FORMATS = (GeneratedReport.Format.PDF, GeneratedReport.Format.XLSX)


def published_masterplan(region: Region) -> Masterplan | None:
    """The region's latest published masterplan (the one its monitoring follows)."""
    return (
        Masterplan.objects.filter(region=region, status=Masterplan.Status.PUBLISHED)
        .select_related("region", "region__province", "framework")
        .order_by("-start_year", "-pk")
        .first()
    )


def _check_monitoring(region: Region, year: int | None, format: str) -> tuple[Masterplan, int]:
    if format not in FORMATS:
        raise ValidationError({"format": _("Choose PDF or XLSX.")})
    masterplan = published_masterplan(region)
    if masterplan is None:
        raise ValidationError(
            _("%(region)s has no published masterplan: there is no monitoring to report.")
            % {"region": region.name}
        )
    if year is None or not masterplan.start_year <= year <= masterplan.end_year:
        raise ValidationError(
            {
                "year": _("Year: choose a year from %(start)s to %(end)s, the masterplan's period.")
                % {"start": masterplan.start_year, "end": masterplan.end_year}
            }
        )
    return masterplan, year


def request_report(
    *, actor: Actor, region: Region, year: int | None, format: str, language: str = "id"
) -> Job:
    """Queue the monitoring report of ``year`` of the region's published masterplan."""
    with transaction.atomic():
        current = Region.objects.select_for_update(of=("self",)).get(pk=region.pk)
        require(actor, "documents.generate_report", current)
        masterplan, year = _check_monitoring(current, year, format)
        params = {
            "region": current.pk,
            "masterplan": masterplan.pk,
            "year": year,
            "format": format,
            "language": language if language in LANGUAGES else "id",
        }
        return enqueue_job(actor=actor, kind=MONITORING_KIND, region=current, params=params)


def generate_report(
    *,
    actor: Actor,
    region: Region,
    year: int | None,
    format: str,
    language: str = "id",
    today: dt.date | None = None,
    progress: Progress | None = None,
) -> GeneratedReport:
    """Write the monitoring report and keep it: the row and its file go together."""
    with transaction.atomic():
        current = Region.objects.select_for_update(of=("self",)).get(pk=region.pk)
        require(actor, "documents.generate_report", current)
        masterplan, checked_year = _check_monitoring(current, year, format)
        language = language if language in LANGUAGES else "id"
        with translation.override(language):
            if progress is not None:
                progress.report("Reading the monitoring data", 10)
            report = monitoring.build(
                masterplan, checked_year, language, today or timezone.localdate()
            )
            if progress is not None:
                progress.report("Writing the report", 40)
            data = (
                render.pdf(report) if format == GeneratedReport.Format.PDF else render.xlsx(report)
            )
        row = GeneratedReport(
            kind=GeneratedReport.Kind.MONITORING,
            region=current,
            masterplan=masterplan,
            year=checked_year,
            format=format,
            language=language,
            sha256=hashlib.sha256(data).hexdigest(),
            size=len(data),
            created_by=user_of(actor),
        )
        row.file.save(f"monitoring-{checked_year}.{format}", ContentFile(data), save=False)
        try:
            with acting(actor):
                row.save()
        except Exception:  # no half-kept file: the row and its file go together
            row.file.delete(save=False)
            raise
        if progress is not None:
            progress.report("Saving the file", 95)
        return row


# --- the readiness report ------------------------------------------------------------------


def _check_readiness(assessment: Assessment) -> None:
    if assessment.status != Assessment.Status.SUBMITTED:
        raise ValidationError(
            _(
                "The readiness assessment %(year)s is not submitted: its report can be "
                "generated once it is."
            )
            % {"year": assessment.year}
        )


def _lock_assessment(assessment: Assessment) -> Assessment:
    return (
        Assessment.objects.select_for_update(of=("self",))
        .select_related("region", "region__province", "instrument")
        .get(pk=assessment.pk)
    )


def request_readiness_report(*, actor: Actor, assessment: Assessment, language: str = "id") -> Job:
    """Queue the PDF report of a submitted readiness assessment."""
    with transaction.atomic():
        current = _lock_assessment(assessment)
        require(actor, "documents.generate_report", current.region)
        _check_readiness(current)
        params = {
            "region": current.region_id,
            "assessment": current.pk,
            "language": language if language in LANGUAGES else "id",
        }
        return enqueue_job(actor=actor, kind=READINESS_KIND, region=current.region, params=params)


def generate_readiness_report(
    *,
    actor: Actor,
    assessment: Assessment,
    language: str = "id",
    progress: Progress | None = None,
) -> GeneratedReport:
    """Write the readiness report (PDF) and keep it: the row and its file go together."""
    with transaction.atomic():
        current = _lock_assessment(assessment)
        require(actor, "documents.generate_report", current.region)
        _check_readiness(current)
        language = language if language in LANGUAGES else "id"
        with translation.override(language):
            if progress is not None:
                progress.report("Reading the assessment", 10)
            report = readiness.build(current, language)
            if progress is not None:
                progress.report("Writing the report", 40)
            data = render.readiness_pdf(report)
        row = GeneratedReport(
            kind=GeneratedReport.Kind.READINESS,
            region=current.region,
            assessment=current,
            year=current.year,
            format=GeneratedReport.Format.PDF,
            language=language,
            sha256=hashlib.sha256(data).hexdigest(),
            size=len(data),
            created_by=user_of(actor),
        )
        row.file.save(f"readiness-{current.year}.pdf", ContentFile(data), save=False)
        try:
            with acting(actor):
                row.save()
        except Exception:  # no half-kept file: the row and its file go together
            row.file.delete(save=False)
            raise
        if progress is not None:
            progress.report("Saving the file", 95)
        return row


# --- the ranking of a selection campaign ---------------------------------------------------


def _lock_campaign(campaign: Campaign) -> Campaign:
    return Campaign.objects.select_for_update(of=("self",)).get(pk=campaign.pk)


def _check_ranking(campaign: Campaign) -> None:
    if not campaign.applications.exists():
        raise ValidationError(
            _("Nobody has applied to the campaign “%(name)s” yet: there is no ranking to report.")
            % {"name": campaign.name}
        )


def request_ranking_report(*, actor: Actor, campaign: Campaign, language: str = "id") -> Job:
    """Queue the PDF of a selection campaign's ranking (national admins only)."""
    with transaction.atomic():
        current = _lock_campaign(campaign)
        require(actor, RANKING_PERMISSION, current)
        _check_ranking(current)
        params = {
            "campaign": current.pk,
            "language": language if language in LANGUAGES else "id",
        }
        return enqueue_job(actor=actor, kind=RANKING_KIND, region=None, params=params)


def generate_ranking_report(
    *,
    actor: Actor,
    campaign: Campaign,
    language: str = "id",
    today: dt.date | None = None,
    progress: Progress | None = None,
) -> GeneratedReport:
    """Write the ranking as PDF and keep it: the row and its file go together."""
    with transaction.atomic():
        current = _lock_campaign(campaign)
        require(actor, RANKING_PERMISSION, current)
        _check_ranking(current)
        language = language if language in LANGUAGES else "id"
        with translation.override(language):
            if progress is not None:
                progress.report("Reading the ranking", 10)
            report = ranking.build(current, language)
            if progress is not None:
                progress.report("Writing the report", 40)
            data = render.ranking_pdf(report, today or timezone.localdate())
        row = GeneratedReport(
            kind=GeneratedReport.Kind.RANKING,
            campaign=current,
            year=current.year,
            format=GeneratedReport.Format.PDF,
            language=language,
            sha256=hashlib.sha256(data).hexdigest(),
            size=len(data),
            created_by=user_of(actor),
        )
        row.file.save(f"ranking-{current.pk}-{current.year}.pdf", ContentFile(data), save=False)
        try:
            with acting(actor):
                row.save()
        except Exception:  # no half-kept file: the row and its file go together
            row.file.delete(save=False)
            raise
        if progress is not None:
            progress.report("Saving the file", 95)
        return row


# --- the evaluation report -----------------------------------------------------------------


def _lock_evaluation(evaluation: Evaluation) -> Evaluation:
    return (
        Evaluation.objects.select_for_update(of=("self",))
        .select_related("region", "region__province", "round__instrument")
        .get(pk=evaluation.pk)
    )


def _check_evaluation(evaluation: Evaluation) -> None:
    if evaluation.status not in (Evaluation.Status.VERIFIED, Evaluation.Status.PUBLISHED):
        raise ValidationError(
            _(
                "The evaluation %(year)s is not verified yet: its report can be generated "
                "once the assessors have closed the verification."
            )
            % {"year": evaluation.year}
        )


def request_evaluation_report(*, actor: Actor, evaluation: Evaluation, language: str = "id") -> Job:
    """Queue the PDF report of a verified (or published) evaluation."""
    with transaction.atomic():
        current = _lock_evaluation(evaluation)
        require(actor, EVALUATION_PERMISSION, current)
        _check_evaluation(current)
        params = {
            "region": current.region_id,
            "evaluation": current.pk,
            "language": language if language in LANGUAGES else "id",
        }
        return enqueue_job(actor=actor, kind=EVALUATION_KIND, region=current.region, params=params)


def generate_evaluation_report(
    *,
    actor: Actor,
    evaluation: Evaluation,
    language: str = "id",
    progress: Progress | None = None,
) -> GeneratedReport:
    """Write the evaluation report (PDF) and keep it: the row and its file go together."""
    with transaction.atomic():
        current = _lock_evaluation(evaluation)
        require(actor, EVALUATION_PERMISSION, current)
        _check_evaluation(current)
        language = language if language in LANGUAGES else "id"
        with translation.override(language):
            if progress is not None:
                progress.report("Reading the evaluation", 10)
            report = evaluation_report.build(current, language)
            if progress is not None:
                progress.report("Writing the report", 40)
            data = render.evaluation_pdf(report)
        row = GeneratedReport(
            kind=GeneratedReport.Kind.EVALUATION,
            region=current.region,
            evaluation=current,
            year=current.year,
            format=GeneratedReport.Format.PDF,
            language=language,
            sha256=hashlib.sha256(data).hexdigest(),
            size=len(data),
            created_by=user_of(actor),
        )
        row.file.save(f"evaluation-{current.year}.pdf", ContentFile(data), save=False)
        try:
            with acting(actor):
                row.save()
        except Exception:  # no half-kept file: the row and its file go together
            row.file.delete(save=False)
            raise
        if progress is not None:
            progress.report("Saving the file", 95)
        return row


# --- the SPBE report -----------------------------------------------------------------------


def _lock_spbe(assessment: SpbeAssessment) -> SpbeAssessment:
    return (
        SpbeAssessment.objects.select_for_update(of=("self",))
        .select_related("region", "region__province", "instrument")
        .get(pk=assessment.pk)
    )


def _check_spbe(assessment: SpbeAssessment) -> None:
    if not assessment.scores.exists():
        raise ValidationError(
            _("The SPBE assessment %(year)s has no indicator scores: there is nothing to report.")
            % {"year": assessment.year}
        )


def request_spbe_report(*, actor: Actor, assessment: SpbeAssessment, language: str = "id") -> Job:
    """Queue the PDF report of an SPBE assessment (the region's readers)."""
    with transaction.atomic():
        current = _lock_spbe(assessment)
        require(actor, "documents.generate_report", current.region)
        _check_spbe(current)
        params = {
            "region": current.region_id,
            "spbe_assessment": current.pk,
            "language": language if language in LANGUAGES else "id",
        }
        return enqueue_job(actor=actor, kind=SPBE_KIND, region=current.region, params=params)


def generate_spbe_report(
    *,
    actor: Actor,
    assessment: SpbeAssessment,
    language: str = "id",
    progress: Progress | None = None,
) -> GeneratedReport:
    """Write the SPBE report (PDF) and keep it: the row and its file go together."""
    with transaction.atomic():
        current = _lock_spbe(assessment)
        require(actor, "documents.generate_report", current.region)
        _check_spbe(current)
        language = language if language in LANGUAGES else "id"
        with translation.override(language):
            if progress is not None:
                progress.report("Reading the assessment", 10)
            report = spbe.build(current, language)
            if progress is not None:
                progress.report("Writing the report", 40)
            data = render.spbe_pdf(report)
        row = GeneratedReport(
            kind=GeneratedReport.Kind.SPBE,
            region=current.region,
            spbe_assessment=current,
            year=current.year,
            format=GeneratedReport.Format.PDF,
            language=language,
            sha256=hashlib.sha256(data).hexdigest(),
            size=len(data),
            created_by=user_of(actor),
        )
        row.file.save(f"spbe-{current.year}.pdf", ContentFile(data), save=False)
        try:
            with acting(actor):
                row.save()
        except Exception:  # no half-kept file: the row and its file go together
            row.file.delete(save=False)
            raise
        if progress is not None:
            progress.report("Saving the file", 95)
        return row
