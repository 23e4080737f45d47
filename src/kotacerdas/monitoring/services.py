"""Every change to a masterplan's monitoring: each one transaction, each audited.

Inside its transaction a service locks the masterplan (then the row it changes: always in
that order), checks the actor's permission on the locked rows, then the state (a draft for
indicators and targets, published for reports), and writes inside ``acting(actor)``.
Objects handed in only say which rows to work on; their fields are never trusted.

A realisation is never overwritten: a correction is a new row pointing to the one it
corrects, with the reason; the earlier row stays, no longer current.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kotacerdas.accounts.actors import Actor, acting, require, user_of
from kotacerdas.accounts.models import Role
from kotacerdas.accounts.queries import agency_editors, editors_by_agency, users_with_roles
from kotacerdas.lib.concurrency import check_version
from kotacerdas.lib.files import Kind, check_upload
from kotacerdas.lib.numbers import parse_decimal
from kotacerdas.notifications.kinds import NoticeKind
from kotacerdas.notifications.services import notify
from kotacerdas.planning.models import FundingLine, Masterplan, Programme
from kotacerdas.regions.models import Region

from . import notifications as notices
from . import periods, summaries
from .models import (
    Indicator,
    ProgrammeProgress,
    ProgrammeSpending,
    ProgressCorrection,
    Realisation,
    RealisationEvidence,
    ReminderSent,
    State,
    Target,
    Thresholds,
)
from .queries import reminders_due
from .tags import clean_tags

INDICATOR_FIELDS = (
    "programme",
    "dimension",
    "level",
    "code",
    "name",
    "definition",
    "unit",
    "direction",
    "range_min",
    "range_max",
    "baseline_value",
    "baseline_year",
    "data_source",
    "responsible_agency",
    "frequency",
    "tags",
)


@dataclass(frozen=True)
class EvidenceIn:
    """Evidence handed to a report: a title and either an uploaded file or a link."""

    title: str
    file: UploadedFile | None = None
    url: str = ""


# --- locks and checks -----------------------------------------------------------------


def _lock_masterplan(pk: int) -> Masterplan:
    return Masterplan.objects.select_for_update(of=("self",)).select_related("region").get(pk=pk)


def _lock_indicator(pk: int) -> Indicator:
    """The indicator's masterplan, then the indicator, locked; with what rules read."""
    masterplan_id = Indicator.objects.filter(pk=pk).values_list("masterplan_id", flat=True).get()
    masterplan = _lock_masterplan(masterplan_id)
    indicator = (
        Indicator.objects.select_for_update(of=("self",))
        .select_related("programme", "responsible_agency", "dimension")
        .get(pk=pk)
    )
    indicator.masterplan = masterplan
    if indicator.programme is not None:
        indicator.programme.masterplan = masterplan
    return indicator


def _lock_realisation(pk: int) -> Realisation:
    indicator_id = Realisation.objects.filter(pk=pk).values_list("indicator_id", flat=True).get()
    indicator = _lock_indicator(indicator_id)
    realisation = Realisation.objects.select_for_update(of=("self",)).get(pk=pk)
    realisation.indicator = indicator
    return realisation


def _lock_programme(pk: int) -> Programme:
    masterplan_id = Programme.objects.filter(pk=pk).values_list("masterplan_id", flat=True).get()
    masterplan = _lock_masterplan(masterplan_id)
    programme = Programme.objects.select_for_update(of=("self",)).get(pk=pk)
    programme.masterplan = masterplan
    return programme


def _lock_progress(pk: int) -> ProgrammeProgress:
    programme_id = (
        ProgrammeProgress.objects.filter(pk=pk).values_list("programme_id", flat=True).get()
    )
    programme = _lock_programme(programme_id)
    progress = ProgrammeProgress.objects.select_for_update(of=("self",)).get(pk=pk)
    progress.programme = programme
    return progress


def _ensure_draft(masterplan: Masterplan) -> None:
    if masterplan.status != Masterplan.Status.DRAFT:
        raise ValidationError(
            _(
                "The masterplan is %(status)s; indicators and targets can only be changed "
                "while it is a draft."
            )
            % {"status": masterplan.get_status_display().lower()},
            code="not_draft",
        )


def _ensure_published(masterplan: Masterplan) -> None:
    if masterplan.status != Masterplan.Status.PUBLISHED:
        raise ValidationError(
            _("Realisations and progress are reported once the masterplan is published."),
            code="not_published",
        )


# --- indicators and targets -----------------------------------------------------------


def _check_indicator(masterplan: Masterplan, indicator: Indicator) -> None:
    """Every rule an indicator keeps beyond its model's, each against its field."""
    errors: dict[str, str] = {}
    programme, dimension = indicator.programme, indicator.dimension
    if programme is not None and programme.masterplan_id != masterplan.pk:
        errors["programme"] = _("Choose a programme of this masterplan.")
    if dimension is not None and dimension.framework_id != masterplan.framework_id:
        errors["dimension"] = _("Choose a dimension of the masterplan's framework.")
    agency = indicator.responsible_agency
    if agency is not None and agency.region_id != masterplan.region_id:
        errors["responsible_agency"] = _("Choose an agency of the region.")
    if indicator.baseline_year is not None and indicator.baseline_year > masterplan.end_year:
        errors["baseline_year"] = _("The baseline year cannot be after the masterplan's period.")
    if errors:
        raise ValidationError(errors)
    indicator.tags = clean_tags(list(indicator.tags or []))
    indicator.full_clean(exclude=["created_by"])


def _assign(indicator: Indicator, fields: Mapping[str, Any]) -> None:
    for name, value in fields.items():
        if name in INDICATOR_FIELDS:
            setattr(indicator, name, value)
    if indicator.programme_id is not None and indicator.level == Indicator.Level.IMPACT:
        indicator.level = Indicator.Level.OUTCOME
    if indicator.programme_id is None and indicator.dimension_id is not None:
        indicator.level = Indicator.Level.IMPACT


def create_indicator(
    masterplan: Masterplan, *, actor: Actor, fields: Mapping[str, Any]
) -> Indicator:
    """Add an indicator to a programme (output, outcome) or a dimension (impact) of a draft
    masterplan; an agency editor only to programmes their agency leads."""
    with transaction.atomic():
        current = _lock_masterplan(masterplan.pk)
        indicator = Indicator(masterplan=current, created_by=user_of(actor))
        _assign(indicator, fields)
        if indicator.programme is not None:
            indicator.programme.masterplan = current
        require(actor, "monitoring.change_indicator", indicator)
        _ensure_draft(current)
        _check_indicator(current, indicator)
        with acting(actor):
            indicator.save()
    return indicator


def update_indicator(
    indicator: Indicator,
    *,
    actor: Actor,
    fields: Mapping[str, Any],
    opened_version: int | None = None,
) -> Indicator:
    """Change an indicator of a draft masterplan, refusing if someone saved it meanwhile."""
    with transaction.atomic():
        current = _lock_indicator(indicator.pk)
        require(actor, "monitoring.change_indicator", current)
        _ensure_draft(current.masterplan)
        check_version(current, opened_version)
        _assign(current, fields)
        if current.programme is not None:
            current.programme.masterplan = current.masterplan
        # An editor cannot move the indicator to a programme their agency does not lead.
        require(actor, "monitoring.change_indicator", current)
        _check_indicator(current.masterplan, current)
        with acting(actor):
            current.save()
    return current


def delete_indicator(indicator: Indicator, *, actor: Actor) -> None:
    """Remove an indicator of a draft masterplan with its targets."""
    with transaction.atomic():
        current = _lock_indicator(indicator.pk)
        require(actor, "monitoring.change_indicator", current)
        _ensure_draft(current.masterplan)
        with acting(actor):
            current.delete()


TargetKey = tuple[int, int | None]


def _check_targets(masterplan: Masterplan, targets: Mapping[TargetKey, Decimal | None]) -> None:
    for year, quarter in targets:
        if year not in masterplan.period:
            raise ValidationError(
                {
                    "targets": _(
                        "%(year)s is outside the masterplan's period (%(first)s–%(last)s)."
                    )
                    % {"year": year, "first": masterplan.start_year, "last": masterplan.end_year}
                },
                code="year_outside_period",
            )
        if quarter is not None and quarter not in range(1, 5):
            raise ValidationError({"targets": _("A quarter is 1 to 4.")}, code="bad_quarter")


def set_targets(
    indicator: Indicator, targets: Mapping[TargetKey, Decimal | None], *, actor: Actor
) -> list[Target]:
    """Set the targets given, keyed by (year, quarter or ``None``); ``None`` removes one.
    Targets not named are left as they are. Returns every target of the indicator."""
    with transaction.atomic():
        current = _lock_indicator(indicator.pk)
        require(actor, "monitoring.change_indicator", current)
        _ensure_draft(current.masterplan)
        _check_targets(current.masterplan, targets)
        existing = {(t.year, t.quarter): t for t in current.targets.select_for_update()}
        with acting(actor):
            for key, value in targets.items():
                row = existing.get(key)
                if value is None:
                    if row is not None:
                        row.delete()
                elif row is None:
                    Target.objects.create(
                        indicator=current,
                        year=key[0],
                        quarter=key[1],
                        value=value,
                        created_by=user_of(actor),
                    )
                elif row.value != value:
                    row.value = value
                    row.save()
        return list(current.targets.all())


# --- realisations ---------------------------------------------------------------------


def _period_label(indicator: Indicator, year: int, sub: int) -> str:
    return periods.Period(year, sub).label(indicator.frequency)


def _check_period(indicator: Indicator, year: int, sub: int) -> None:
    period = periods.Period(year, sub)
    if not periods.in_schedule(indicator.frequency, indicator.masterplan.period, period):
        raise ValidationError(
            {
                "period": _(
                    "%(period)s is not a reporting period of this indicator "
                    "(%(frequency)s, %(first)s–%(last)s)."
                )
                % {
                    "period": f"{year}/{sub}",
                    "frequency": indicator.get_frequency_display().lower(),
                    "first": indicator.masterplan.start_year,
                    "last": indicator.masterplan.end_year,
                }
            },
            code="period_outside_schedule",
        )
    if periods.bounds(indicator.frequency, period)[0] > timezone.localdate():
        raise ValidationError(
            {
                "period": _("%(period)s has not started yet.")
                % {"period": _period_label(indicator, year, sub)}
            },
            code="period_not_started",
        )


def _check_value(value: Any, field: str = "value") -> Decimal:
    """A number given as a ``Decimal``, an ``int`` or text in the user's language."""
    if isinstance(value, bool):
        value = None
    elif isinstance(value, int):
        value = Decimal(value)
    elif isinstance(value, str):
        value = parse_decimal(value)
    if not isinstance(value, Decimal) or not value.is_finite():
        raise ValidationError({field: _("Enter a number.")}, code="invalid_number")
    limit = Decimal(10) ** (20 - 4)
    if abs(value) >= limit:
        raise ValidationError({field: _("The number is too large.")}, code="number_too_large")
    return value.quantize(Decimal("0.0001"))


def _check_quality(quality: str) -> None:
    from .models import Quality

    if quality not in Quality.values:
        raise ValidationError({"quality": _("Choose a data-quality flag.")}, code="bad_quality")


def _add_evidence(realisation: Realisation, items: Sequence[EvidenceIn], actor: Actor) -> None:
    for item in items:
        title = (item.title or "").strip() or (item.file.name or "" if item.file else item.url)
        if (item.file is None) == (not item.url):
            raise ValidationError(
                {"evidence": _("Evidence is either a file or a link, not both.")},
                code="evidence_file_or_link",
            )
        if item.file is not None:
            check_upload(item.file, Kind.DOCUMENT)
        evidence = RealisationEvidence(
            realisation=realisation,
            title=title[:200],
            url=item.url,
            size=(item.file.size or 0) if item.file is not None else 0,
            created_by=user_of(actor),
        )
        if item.file is not None:
            evidence.file.save(item.file.name or "evidence", item.file, save=False)
        evidence.full_clean(exclude=["realisation", "created_by", "file"])
        evidence.save()


def _tell_coordinators(realisation: Realisation, kind: NoticeKind, actor: Actor) -> None:
    indicator = realisation.indicator
    notify(
        users_with_roles(indicator.masterplan.region_id, [Role.REGION_COORDINATOR]),
        actor=actor,
        kind=kind.code,
        params=_params(realisation),
        url=_history_url(indicator),
        region=indicator.masterplan.region,
    )


def _tell_reporters(
    realisation: Realisation, kind: NoticeKind, actor: Actor, note: str = ""
) -> None:
    indicator = realisation.indicator
    agency = [indicator.responsible_agency_id] if indicator.responsible_agency_id else []
    recipients = list(agency_editors(agency))
    if realisation.reported_by is not None and realisation.reported_by not in recipients:
        recipients.append(realisation.reported_by)
    params = _params(realisation)
    if note:
        params["note"] = note
    notify(
        recipients,
        actor=actor,
        kind=kind.code,
        params=params,
        url=_history_url(indicator),
        region=indicator.masterplan.region,
    )


def _params(realisation: Realisation) -> dict[str, Any]:
    indicator = realisation.indicator
    return {
        "indicator": str(indicator),
        "period": _period_label(indicator, realisation.year, realisation.sub_period),
    }


def _history_url(indicator: Indicator) -> str:
    from django.urls import reverse

    return reverse("monitoring:indicator_detail", kwargs={"pk": indicator.pk})


def report_realisation(
    indicator: Indicator,
    *,
    actor: Actor,
    year: int,
    sub_period: int,
    value: Any,
    note: str = "",
    quality: str = "measured",
    evidence: Sequence[EvidenceIn] = (),
) -> Realisation:
    """Report what an indicator reached in one period of its schedule, once the masterplan
    is published; a second report of the same period is refused (correct the first)."""
    with transaction.atomic():
        current = _lock_indicator(indicator.pk)
        require(actor, "monitoring.report_realisation", current)
        _ensure_published(current.masterplan)
        _check_period(current, year, sub_period)
        checked = _check_value(value)
        _check_quality(quality)
        if current.realisations.filter(year=year, sub_period=sub_period, is_current=True).exists():
            raise ValidationError(
                {
                    "period": _(
                        "%(period)s has already been reported. To change its value, correct "
                        "the earlier report (with a reason) from the indicator's history."
                    )
                    % {"period": _period_label(current, year, sub_period)}
                },
                code="already_reported",
            )
        with acting(actor):
            realisation = Realisation.objects.create(
                indicator=current,
                year=year,
                sub_period=sub_period,
                value=checked,
                note=note,
                quality=quality,
                reported_by=user_of(actor),
                reported_at=timezone.now(),
                created_by=user_of(actor),
            )
            _add_evidence(realisation, evidence, actor)
            _tell_coordinators(realisation, notices.REPORTED, actor)
        summaries.refresh_masterplan(current.masterplan, years=(year,))
    return realisation


def correct_realisation(
    realisation: Realisation,
    *,
    actor: Actor,
    value: Any,
    reason: str,
    note: str = "",
    quality: str = "measured",
    evidence: Sequence[EvidenceIn] = (),
) -> Realisation:
    """Replace the current value of a period by a new report pointing to it, with the
    reason; the earlier report stays in the history with who reported and verified it.
    The evidence of the earlier report is carried over."""
    with transaction.atomic():
        old = _lock_realisation(realisation.pk)
        require(actor, "monitoring.report_realisation", old)
        _ensure_published(old.indicator.masterplan)
        if not old.is_current:
            raise ValidationError(
                _("This report has been corrected already; correct the current one."),
                code="not_current",
            )
        reason = (reason or "").strip()
        if not reason:
            raise ValidationError(
                {"reason": _("Say why the value is corrected.")}, code="reason_required"
            )
        checked = _check_value(value)
        _check_quality(quality)
        with acting(actor):
            old.is_current = False
            old.save(update_fields=["is_current"])
            new = Realisation.objects.create(
                indicator=old.indicator,
                year=old.year,
                sub_period=old.sub_period,
                value=checked,
                note=note,
                quality=quality,
                corrects=old,
                correction_reason=reason,
                reported_by=user_of(actor),
                reported_at=timezone.now(),
                created_by=user_of(actor),
            )
            for item in old.evidence.all():
                RealisationEvidence.objects.create(
                    realisation=new,
                    title=item.title,
                    file=item.file.name,
                    url=item.url,
                    size=item.size,
                    created_by=user_of(actor),
                )
            _add_evidence(new, evidence, actor)
            _tell_coordinators(new, notices.REPORTED, actor)
        summaries.refresh_masterplan(old.indicator.masterplan, years=(old.year,))
    return new


def _ensure_waiting(row: Realisation | ProgrammeProgress) -> None:
    if row.state != State.REPORTED or not getattr(row, "is_current", True):
        raise ValidationError(
            _("Only a current report that waits for verification can be verified or returned."),
            code="not_waiting",
        )


def verify_realisation(realisation: Realisation, *, actor: Actor) -> Realisation:
    """The coordinator confirms a reported value."""
    with transaction.atomic():
        current = _lock_realisation(realisation.pk)
        require(actor, "monitoring.verify_realisation", current)
        _ensure_waiting(current)
        with acting(actor):
            current.state = State.VERIFIED
            current.verified_by = user_of(actor)
            current.verified_at = timezone.now()
            current.return_comment = ""
            current.save()
            _tell_reporters(current, notices.VERIFIED, actor)
        summaries.refresh_masterplan(current.indicator.masterplan, years=(current.year,))
    return current


def _comment(comment: str) -> str:
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError(
            {"comment": _("Say why it is returned, so the agency knows what to fix.")},
            code="comment_required",
        )
    return comment


def return_realisation(realisation: Realisation, *, actor: Actor, comment: str) -> Realisation:
    """The coordinator sends a reported value back to the agency with a comment."""
    with transaction.atomic():
        current = _lock_realisation(realisation.pk)
        require(actor, "monitoring.verify_realisation", current)
        _ensure_waiting(current)
        text = _comment(comment)
        with acting(actor):
            current.state = State.RETURNED
            current.verified_by = user_of(actor)
            current.verified_at = timezone.now()
            current.return_comment = text
            current.save()
            _tell_reporters(current, notices.RETURNED, actor, note=text)
        summaries.refresh_masterplan(current.indicator.masterplan, years=(current.year,))
    return current


def _ensure_open(realisation: Realisation) -> None:
    if realisation.state == State.VERIFIED or not realisation.is_current:
        raise ValidationError(
            _(
                "The evidence of a verified or corrected report stays as it is; correct the "
                "value instead."
            ),
            code="evidence_locked",
        )


def add_evidence(
    realisation: Realisation,
    *,
    actor: Actor,
    title: str,
    file: UploadedFile | None = None,
    url: str = "",
) -> RealisationEvidence:
    """Attach a file (checked by the upload module) or a link to a report not yet verified."""
    with transaction.atomic():
        current = _lock_realisation(realisation.pk)
        require(actor, "monitoring.report_realisation", current)
        _ensure_open(current)
        with acting(actor):
            _add_evidence(current, [EvidenceIn(title=title, file=file, url=url)], actor)
        return current.evidence.order_by("-pk")[0]


def remove_evidence(evidence: RealisationEvidence, *, actor: Actor) -> None:
    """Remove one piece of evidence of a report not yet verified."""
    with transaction.atomic():
        realisation_id = (
            RealisationEvidence.objects.filter(pk=evidence.pk)
            .values_list("realisation_id", flat=True)
            .get()
        )
        realisation = _lock_realisation(realisation_id)
        current = RealisationEvidence.objects.select_for_update(of=("self",)).get(pk=evidence.pk)
        current.realisation = realisation
        require(actor, "monitoring.report_realisation", current)
        _ensure_open(realisation)
        with acting(actor):
            current.delete()


# --- programme progress ---------------------------------------------------------------


def _check_progress(
    programme: Programme, year: int, physical: Any, spending: Mapping[int, Any]
) -> dict[FundingLine, Decimal]:
    if year not in programme.masterplan.period or not (
        programme.start_year <= year <= programme.end_year
    ):
        raise ValidationError(
            {
                "year": _("%(year)s is not a year of this programme (%(first)s–%(last)s).")
                % {"year": year, "first": programme.start_year, "last": programme.end_year}
            },
            code="year_outside_programme",
        )
    if year > timezone.localdate().year:
        raise ValidationError({"year": _("%(year)s has not started yet.") % {"year": year}})
    value = _check_value(physical, "physical_progress")
    if not Decimal(0) <= value <= Decimal(100):
        raise ValidationError(
            {"physical_progress": _("Physical progress is a percentage from 0 to 100.")},
            code="progress_out_of_range",
        )
    lines = {f.pk: f for f in programme.funding.filter(year=year)}
    amounts: dict[FundingLine, Decimal] = {}
    for line_id, amount in spending.items():
        field = f"spending_{line_id}"
        if line_id not in lines:
            raise ValidationError(
                {
                    field: _("This funding line is not one of the programme's for %(year)s.")
                    % {"year": year}
                }
            )
        checked = _check_value(amount, field).quantize(Decimal("0.01"))
        if checked < 0:
            raise ValidationError({field: _("An amount realised cannot be negative.")})
        amounts[lines[line_id]] = checked
    return amounts


MAX_BENEFICIARIES = 1_000_000_000


def _check_beneficiaries(value: Any) -> int | None:
    """Citizens reached: empty, or a whole number from 0."""
    if value is None or value == "":
        return None
    if (
        isinstance(value, bool)
        or not isinstance(value, int)
        or not (0 <= value <= MAX_BENEFICIARIES)
    ):
        raise ValidationError(
            {"beneficiaries": _("Citizens reached is a whole number, 0 or more.")},
            code="beneficiaries_range",
        )
    return value


def report_progress(
    programme: Programme,
    *,
    actor: Actor,
    year: int,
    physical_progress: Any,
    narrative: str = "",
    spending: Mapping[int, Any] | None = None,
    reason: str = "",
    beneficiaries: Any = None,
) -> ProgrammeProgress:
    """Report (or re-report, while not verified) a programme's progress in one year: the
    physical progress, a narrative, the money realised per funding line of that year and,
    optionally, how many citizens it reached (``beneficiaries``).

    A verified progress is corrected only with a ``reason``: its earlier values, who reported
    and verified them, stay in its history (``ProgressCorrection``, with who corrected it and
    why), and the corrected progress waits for verification again."""
    with transaction.atomic():
        current = _lock_programme(programme.pk)
        require(actor, "monitoring.report_progress", current)
        _ensure_published(current.masterplan)
        amounts = _check_progress(current, year, physical_progress, spending or {})
        reached = _check_beneficiaries(beneficiaries)
        row = (
            ProgrammeProgress.objects.select_for_update(of=("self",))
            .filter(programme=current, year=year)
            .first()
        )
        reason = (reason or "").strip()
        if row is not None and row.state == State.VERIFIED and not reason:
            raise ValidationError(
                {
                    "reason": _(
                        "The progress of %(year)s has been verified: say why it is corrected."
                    )
                    % {"year": year}
                },
                code="progress_verified",
            )
        with acting(actor):
            if row is not None and row.state == State.VERIFIED:
                _keep_earlier(row, reason, actor)
                row.verified_by, row.verified_at, row.return_comment = None, None, ""
            row = row or ProgrammeProgress(programme=current, year=year, created_by=user_of(actor))
            row.physical_progress = _check_value(physical_progress, "physical_progress")
            row.beneficiaries = reached
            row.narrative = narrative
            row.state = State.REPORTED
            row.reported_by = user_of(actor)
            row.reported_at = timezone.now()
            row.save()
            existing = {s.funding_line_id: s for s in row.spending.all()}
            for line, amount in amounts.items():
                spent = existing.get(line.pk)
                if spent is None:
                    ProgrammeSpending.objects.create(
                        progress=row, funding_line=line, amount=amount, created_by=user_of(actor)
                    )
                elif spent.amount != amount:
                    spent.amount = amount
                    spent.save()
            notify(
                users_with_roles(current.masterplan.region_id, [Role.REGION_COORDINATOR]),
                actor=actor,
                kind=notices.PROGRESS_REPORTED.code,
                params={"programme": str(current), "year": year},
                url=_progress_url(current),
                region=current.masterplan.region,
            )
    return row


def _keep_earlier(row: ProgrammeProgress, reason: str, actor: Actor) -> None:
    """The verified progress as it was, in its history, before it is corrected."""
    ProgressCorrection.objects.create(
        progress=row,
        physical_progress=row.physical_progress,
        beneficiaries=row.beneficiaries,
        narrative=row.narrative,
        spending=[
            {
                "source": s.funding_line.source,
                "year": s.funding_line.year,
                "amount": str(s.amount),
            }
            for s in row.spending.select_related("funding_line").order_by("pk")
        ],
        reported_by=row.reported_by,
        verified_by=row.verified_by,
        verified_at=row.verified_at,
        reason=reason,
        created_by=user_of(actor),
    )


def _progress_url(programme: Programme) -> str:
    from django.urls import reverse

    return reverse("monitoring:progress", kwargs={"pk": programme.pk})


def _decide_progress(
    progress: ProgrammeProgress, actor: Actor, state: State, comment: str = ""
) -> ProgrammeProgress:
    with transaction.atomic():
        current = _lock_progress(progress.pk)
        require(actor, "monitoring.verify_progress", current)
        _ensure_waiting(current)
        text = _comment(comment) if state == State.RETURNED else ""
        with acting(actor):
            current.state = state
            current.verified_by = user_of(actor)
            current.verified_at = timezone.now()
            current.return_comment = text
            current.save()
            programme = current.programme
            kind = (
                notices.PROGRESS_VERIFIED if state == State.VERIFIED else notices.PROGRESS_RETURNED
            )
            params: dict[str, Any] = {"programme": str(programme), "year": current.year}
            if text:
                params["note"] = text
            lead = [programme.lead_agency_id] if programme.lead_agency_id else []
            notify(
                agency_editors(lead),
                actor=actor,
                kind=kind.code,
                params=params,
                url=_progress_url(programme),
                region=programme.masterplan.region,
            )
    return current


def verify_progress(progress: ProgrammeProgress, *, actor: Actor) -> ProgrammeProgress:
    """The coordinator confirms a programme's progress report."""
    return _decide_progress(progress, actor, State.VERIFIED)


def return_progress(
    progress: ProgrammeProgress, *, actor: Actor, comment: str
) -> ProgrammeProgress:
    """The coordinator sends a programme's progress report back with a comment."""
    return _decide_progress(progress, actor, State.RETURNED, comment)


# --- thresholds -----------------------------------------------------------------------


def set_thresholds(
    masterplan: Masterplan, *, actor: Actor, on_track: Any, at_risk: Any
) -> Thresholds:
    """Set the achievement from which the masterplan's indicators count as on track and at
    risk (any state of the masterplan: the thresholds judge, they are not the plan)."""
    with transaction.atomic():
        current = _lock_masterplan(masterplan.pk)
        require(actor, "monitoring.set_thresholds", current)
        high = _check_value(on_track, "on_track")
        low = _check_value(at_risk, "at_risk")
        row = Thresholds.objects.select_for_update().filter(masterplan=current).first()
        row = row or Thresholds(masterplan=current, created_by=user_of(actor))
        row.on_track, row.at_risk = high.quantize(Decimal("0.01")), low.quantize(Decimal("0.01"))
        row.full_clean(exclude=["masterplan", "created_by"])
        with acting(actor):
            row.save()
        summaries.refresh_every_year(current)
    return row


# --- reminders ------------------------------------------------------------------------


def send_reminders(*, actor: Actor, today: dt.date | None = None) -> int:
    """Tell each responsible agency's editors what is due within 14 days, overdue and
    returned; each line goes to each user once (recorded in ``ReminderSent``), so running
    this twice sends nothing twice. Returns the number of notices sent."""
    with transaction.atomic():
        require(actor, "monitoring.send_reminders")
        items = reminders_due(today)
        editors = editors_by_agency({item.agency_id for item in items})
        sent = set(
            ReminderSent.objects.filter(
                key__in=[item.key for item in items],
                user__in=[u for us in editors.values() for u in us],
            ).values_list("user_id", "key")
        )
        per_user: dict[int, tuple[Any, list[Any]]] = {}
        for item in items:
            for user in editors.get(item.agency_id, []):
                if (user.pk, item.key) not in sent:
                    per_user.setdefault(user.pk, (user, []))[1].append(item)
        regions = {r.pk: r for r in Region.objects.filter(pk__in={i.region_id for i in items})}
        with acting(actor):
            for user, lines in per_user.values():
                _remind(user, lines, regions.get(lines[0].region_id), actor)
                ReminderSent.objects.bulk_create(ReminderSent(user=user, key=i.key) for i in lines)
    return len(per_user)


def _remind(user: Any, lines: list[Any], region: Region | None, actor: Actor) -> None:
    from django.urls import reverse

    counts = {
        kind: sum(1 for line in lines if line.kind == kind)
        for kind in ("due", "overdue", "returned")
    }
    shown = ", ".join(line.text for line in lines[:20]) + (" …" if len(lines) > 20 else "")
    notify(
        [user],
        actor=actor,
        kind=notices.REMINDER.code,
        params={**counts, "items": shown},
        url=reverse("monitoring:my_reports"),
        region=region,
    )
