"""Generating reports, one path for every kind of ``report_kinds.KINDS``: asking for one
(``request``: checks the permission and the input and queues the job) and writing it
(``generate``: run by the job; the row and its file are kept together)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import translation

from kotacerdas.accounts.actors import Actor, require
from kotacerdas.jobs.models import Job
from kotacerdas.jobs.progress import Progress
from kotacerdas.jobs.services import enqueue_job
from kotacerdas.regions.models import Region
from kotacerdas.selection.models import Campaign

from .keeping import SAVING, keep
from .models import GeneratedReport
from .report_kinds import (
    FORMATS,
    KINDS,
    LANGUAGES,
    MONITORING,
    RANKING,
    WRITING,
    Options,
    ReportKind,
    published_masterplan,
)

__all__ = [
    "FORMATS",
    "KINDS",
    "LANGUAGES",
    "generate",
    "generate_ranking_report",
    "generate_report",
    "published_masterplan",
    "request",
    "request_report",
]


def _options(
    kind: ReportKind,
    language: str,
    format: str | None,
    year: int | None,
    today: dt.date | None,
) -> Options:
    return Options(
        language=language if language in LANGUAGES else "id",
        format=format if format is not None else kind.formats[0],
        year=year,
        today=today,
    )


def _lock(kind: ReportKind, subject: Any) -> Any:
    return kind.subjects().select_for_update(of=("self",)).get(pk=subject.pk)


def request(
    code: str,
    *,
    actor: Actor,
    subject: Any,
    language: str = "id",
    format: str | None = None,
    year: int | None = None,
) -> Job:
    """Queue the report of kind ``code`` about ``subject`` (a region, an assessment, a
    campaign …), once its kind's permission and check let it."""
    kind = KINDS[code]
    options = _options(kind, language, format, year, None)
    with transaction.atomic():
        current = _lock(kind, subject)
        require(actor, kind.permission, kind.guarded(current))
        kept = kind.check(current, options)
        region = kind.region_of(current)
        params: dict[str, Any] = {kind.param: current.pk, "language": options.language}
        if region is not None:
            params["region"] = region.pk
        if len(kind.formats) > 1:
            params["format"] = options.format
        if "masterplan" in kept:
            params.update(masterplan=kept["masterplan"].pk, year=kept["year"])
        return enqueue_job(actor=actor, kind=kind.job_kind, region=region, params=params)


def generate(
    code: str,
    *,
    actor: Actor,
    subject: Any,
    language: str = "id",
    format: str | None = None,
    year: int | None = None,
    today: dt.date | None = None,
    progress: Progress | None = None,
) -> GeneratedReport:
    """Write the report of kind ``code`` about ``subject`` and keep it: the row and its
    file go together."""
    kind = KINDS[code]
    options = _options(kind, language, format, year, today)
    with transaction.atomic():
        current = _lock(kind, subject)
        require(actor, kind.permission, kind.guarded(current))
        kept = kind.check(current, options)
        with translation.override(options.language):
            if progress is not None:
                progress.report(kind.reading, 10)
            report = kind.build(current, kept, options)
            if progress is not None:
                progress.report(WRITING, 40)
            data = kind.render(report, options)
        row = GeneratedReport(
            kind=kind.code, format=options.format, language=options.language, **kept
        )
        keep(row, data, kind.filename(current, kept, options), actor)
        if progress is not None:
            progress.report(SAVING, 95)
        return row


# --- the names the monitoring report and the ranking were asked for by ---------------------


def request_report(
    *, actor: Actor, region: Region, year: int | None, format: str, language: str = "id"
) -> Job:
    """Queue the monitoring report of ``year`` of the region's published masterplan."""
    return request(
        MONITORING.code, actor=actor, subject=region, year=year, format=format, language=language
    )


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
    """Write and keep the monitoring report of ``year``."""
    return generate(
        MONITORING.code,
        actor=actor,
        subject=region,
        year=year,
        format=format,
        language=language,
        today=today,
        progress=progress,
    )


def generate_ranking_report(
    *,
    actor: Actor,
    campaign: Campaign,
    language: str = "id",
    today: dt.date | None = None,
    progress: Progress | None = None,
) -> GeneratedReport:
    """Write and keep the ranking of a selection campaign (national admins only)."""
    return generate(
        RANKING.code,
        actor=actor,
        subject=campaign,
        language=language,
        today=today,
        progress=progress,
    )
