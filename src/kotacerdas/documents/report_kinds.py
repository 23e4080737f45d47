"""The table of report kinds: for each, what it is about (its subject), who may ask for it
and read it, when it may be generated, how it is written and what its file is called.

One generic path (``services_reports``: request, generate and keep; ``jobs_reports``: the
job that runs it; ``views_reports``: the view that asks for it) serves every kind.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kotacerdas.evaluation.models import Evaluation
from kotacerdas.evaluation.queries import evaluations_visible_to
from kotacerdas.evaluation.spbe_models import SpbeAssessment
from kotacerdas.evaluation.spbe_queries import assessments_visible_to as spbe_visible_to
from kotacerdas.jobs.registry import StrOrPromise
from kotacerdas.planning.models import Masterplan
from kotacerdas.readiness.models import Assessment
from kotacerdas.regions.models import Region
from kotacerdas.selection.models import Campaign
from kotacerdas.selection.queries import campaigns_visible_to

from .models import GeneratedReport
from .reports import evaluation as evaluation_report
from .reports import monitoring, ranking, readiness, render, spbe

GENERATE = "documents.generate_report"
RANKING_PERMISSION = "selection.manage_campaign"
EVALUATION_PERMISSION = "documents.evaluation_report"
LANGUAGES = ("id", "en")
FORMATS = (GeneratedReport.Format.PDF, GeneratedReport.Format.XLSX)
PDF_ONLY = (GeneratedReport.Format.PDF,)

# The progress step every report goes through after reading its data (a msgid, translated
# when the job page shows it).
WRITING = gettext_lazy("Writing the report")


@dataclass(frozen=True)
class Options:
    """What was asked for besides the subject."""

    language: str = "id"
    format: str = GeneratedReport.Format.PDF
    year: int | None = None
    today: dt.date | None = None


@dataclass(frozen=True)
class ReportKind:
    """One kind of report.

    ``subjects`` reads the subject (what the report is about) with what its report needs;
    ``param`` names it in the job's parameters. ``permission`` on ``guarded(subject)`` is
    who may generate the report and follow its job (the can-view rule). ``check`` refuses
    (``ValidationError``) what may not be reported yet and returns the fields the kept row
    records (region, masterplan, year …); ``build`` reads the report's content from the
    subject, those fields and the options (in the active language) and ``render`` writes it
    out as the file's bytes (the renderer); ``filename`` names the
    stored file. ``visible``, ``view_permission``, ``change_permission`` and ``page`` are
    the asking view's: the subjects the user may reach, the permissions checked by the
    access helper and the page to go back to on a refusal.
    """

    code: str
    job_kind: str
    label: StrOrPromise
    param: str
    subjects: Callable[[], QuerySet[Any]]
    permission: str
    guarded: Callable[[Any], Any]
    check: Callable[[Any, Options], dict[str, Any]]
    build: Callable[[Any, dict[str, Any], Options], Any]
    render: Callable[[Any, Options], bytes]
    filename: Callable[[Any, dict[str, Any], Options], str]
    reading: StrOrPromise
    gone: StrOrPromise
    denied: StrOrPromise
    formats: tuple[str, ...] = PDF_ONLY
    visible: Callable[[Any], QuerySet[Any]] | None = None
    view_permission: str | None = None
    change_permission: str | None = None
    page: str = ""

    def region_of(self, subject: Any) -> Region | None:
        if isinstance(subject, Region):
            return subject
        region: Region | None = getattr(subject, "region", None)
        return region


def _region(subject: Model) -> Any:
    return subject if isinstance(subject, Region) else subject.region  # type: ignore[attr-defined]


def _itself(subject: Any) -> Any:
    return subject


# --- the monitoring of a year of the region's published masterplan -------------------------


def published_masterplan(region: Region) -> Masterplan | None:
    """The region's latest published masterplan (the one its monitoring follows)."""
    return (
        Masterplan.objects.filter(region=region, status=Masterplan.Status.PUBLISHED)
        .select_related("region", "region__province", "framework")
        .order_by("-start_year", "-pk")
        .first()
    )


def _check_monitoring(region: Region, options: Options) -> dict[str, Any]:
    if options.format not in FORMATS:
        raise ValidationError({"format": _("Choose PDF or XLSX.")})
    masterplan = published_masterplan(region)
    if masterplan is None:
        raise ValidationError(
            _("%(region)s has no published masterplan: there is no monitoring to report.")
            % {"region": region.name}
        )
    year = options.year
    if year is None or not masterplan.start_year <= year <= masterplan.end_year:
        raise ValidationError(
            {
                "year": _("Year: choose a year from %(start)s to %(end)s, the masterplan's period.")
                % {"start": masterplan.start_year, "end": masterplan.end_year}
            }
        )
    return {"region": region, "masterplan": masterplan, "year": year}


def _build_monitoring(region: Region, kept: dict[str, Any], options: Options) -> Any:
    return monitoring.build(kept["masterplan"], kept["year"], options.language, _day(options))


def _render_monitoring(report: Any, options: Options) -> bytes:
    if options.format == GeneratedReport.Format.XLSX:
        return render.xlsx(report)
    return render.pdf(report)


def _day(options: Options) -> dt.date:
    return options.today or timezone.localdate()


# --- a readiness assessment ------------------------------------------------------------------


def _check_readiness(assessment: Assessment, options: Options) -> dict[str, Any]:
    if assessment.status != Assessment.Status.SUBMITTED:
        raise ValidationError(
            _(
                "The readiness assessment %(year)s is not submitted: its report can be "
                "generated once it is."
            )
            % {"year": assessment.year}
        )
    return {"region": assessment.region, "assessment": assessment, "year": assessment.year}


# --- a selection campaign's ranking ----------------------------------------------------------


def _check_ranking(campaign: Campaign, options: Options) -> dict[str, Any]:
    if not campaign.applications.exists():
        raise ValidationError(
            _("Nobody has applied to the campaign “%(name)s” yet: there is no ranking to report.")
            % {"name": campaign.name}
        )
    return {"campaign": campaign, "year": campaign.year}


# --- an evaluation ---------------------------------------------------------------------------


def _check_evaluation(evaluation: Evaluation, options: Options) -> dict[str, Any]:
    if evaluation.status not in (Evaluation.Status.VERIFIED, Evaluation.Status.PUBLISHED):
        raise ValidationError(
            _(
                "The evaluation %(year)s is not verified yet: its report can be generated "
                "once the assessors have closed the verification."
            )
            % {"year": evaluation.year}
        )
    return {"region": evaluation.region, "evaluation": evaluation, "year": evaluation.year}


# --- an SPBE self-assessment -----------------------------------------------------------------


def _check_spbe(assessment: SpbeAssessment, options: Options) -> dict[str, Any]:
    if assessment.status == SpbeAssessment.Status.DRAFT:
        raise ValidationError(
            _(
                "The SPBE assessment %(year)s is still a draft: its report can be generated "
                "once it is submitted."
            )
            % {"year": assessment.year}
        )
    if not assessment.scores.exists():
        raise ValidationError(
            _("The SPBE assessment %(year)s has no indicator scores: there is nothing to report.")
            % {"year": assessment.year}
        )
    return {"region": assessment.region, "spbe_assessment": assessment, "year": assessment.year}


NO_LONGER = gettext_lazy("You may no longer generate this region's reports.")

MONITORING = ReportKind(
    code=GeneratedReport.Kind.MONITORING,
    job_kind="documents.monitoring_report",
    label=gettext_lazy("Monitoring report"),
    param="region",
    subjects=lambda: Region.objects.select_related("province"),
    permission=GENERATE,
    guarded=_itself,
    check=_check_monitoring,
    build=_build_monitoring,
    render=_render_monitoring,
    filename=lambda subject, kept, options: f"monitoring-{kept['year']}.{options.format}",
    reading=gettext_lazy("Reading the monitoring data"),
    gone=gettext_lazy("The region of this job no longer exists."),
    denied=NO_LONGER,
    formats=FORMATS,
)

READINESS = ReportKind(
    code=GeneratedReport.Kind.READINESS,
    job_kind="documents.readiness_report",
    label=gettext_lazy("Readiness report"),
    param="assessment",
    subjects=lambda: Assessment.objects.select_related("region", "region__province", "instrument"),
    permission=GENERATE,
    guarded=_region,
    check=_check_readiness,
    build=lambda subject, kept, options: readiness.build(subject, options.language),
    render=lambda report, options: render.readiness_pdf(report),
    filename=lambda subject, kept, options: f"readiness-{subject.year}.pdf",
    reading=gettext_lazy("Reading the assessment"),
    gone=gettext_lazy("The readiness assessment of this job no longer exists."),
    denied=NO_LONGER,
    visible=lambda user: Assessment.objects.select_related("region"),
    view_permission="readiness.view_assessment",
    page="readiness:assessment_detail",
)

RANKING = ReportKind(
    code=GeneratedReport.Kind.RANKING,
    job_kind="documents.ranking_report",
    label=gettext_lazy("Selection ranking"),
    param="campaign",
    subjects=lambda: Campaign.objects.all(),
    permission=RANKING_PERMISSION,
    guarded=_itself,
    check=_check_ranking,
    build=lambda subject, kept, options: ranking.build(subject, options.language),
    render=lambda report, options: render.ranking_pdf(report, _day(options)),
    filename=lambda subject, kept, options: f"ranking-{subject.pk}-{subject.year}.pdf",
    reading=gettext_lazy("Reading the ranking"),
    gone=gettext_lazy("The selection campaign of this job no longer exists."),
    denied=gettext_lazy("You may no longer generate this campaign's ranking."),
    visible=campaigns_visible_to,
    change_permission=RANKING_PERMISSION,
    page="selection:campaign_ranking",
)

EVALUATION = ReportKind(
    code=GeneratedReport.Kind.EVALUATION,
    job_kind="documents.evaluation_report",
    label=gettext_lazy("Evaluation report"),
    param="evaluation",
    subjects=lambda: Evaluation.objects.select_related(
        "region", "region__province", "round__instrument"
    ),
    permission=EVALUATION_PERMISSION,
    guarded=_itself,
    check=_check_evaluation,
    build=lambda subject, kept, options: evaluation_report.build(subject, options.language),
    render=lambda report, options: render.evaluation_pdf(report),
    filename=lambda subject, kept, options: f"evaluation-{subject.year}.pdf",
    reading=gettext_lazy("Reading the evaluation"),
    gone=gettext_lazy("The evaluation of this job no longer exists."),
    denied=gettext_lazy("You may no longer generate this evaluation's report."),
    visible=evaluations_visible_to,
    view_permission="evaluation.view_evaluation",
    change_permission=EVALUATION_PERMISSION,
    page="evaluation:evaluation_detail",
)

SPBE = ReportKind(
    code=GeneratedReport.Kind.SPBE,
    job_kind="documents.spbe_report",
    label=gettext_lazy("SPBE report"),
    param="spbe_assessment",
    subjects=lambda: SpbeAssessment.objects.select_related(
        "region", "region__province", "instrument"
    ),
    permission=GENERATE,
    guarded=_region,
    check=_check_spbe,
    build=lambda subject, kept, options: spbe.build(subject, options.language),
    render=lambda report, options: render.spbe_pdf(report),
    filename=lambda subject, kept, options: f"spbe-{subject.year}.pdf",
    reading=gettext_lazy("Reading the assessment"),
    gone=gettext_lazy("The SPBE assessment of this job no longer exists."),
    denied=NO_LONGER,
    visible=spbe_visible_to,
    # the region's readers and national admins; to anyone else the assessment is not there
    view_permission=GENERATE,
    page="spbe:assessment_detail",
)

KINDS: dict[str, ReportKind] = {
    kind.code: kind for kind in (MONITORING, READINESS, RANKING, EVALUATION, SPBE)
}
