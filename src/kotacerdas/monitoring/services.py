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
from kotacerdas.planning.models import Masterplan, Programme
from kotacerdas.regions.models import Region

from . import notifications as notices
from . import periods, summaries
from .models import (
    Indicator,
    ProgrammeProgress,
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
