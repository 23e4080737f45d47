"""A programme's yearly progress: physical progress, money realised per funding line,
citizens reached and a narrative, reported by its lead agency and verified or returned by the
coordinator, as ``services`` does for realisations (one transaction each, the masterplan
locked first, the actor's permission checked on the locked rows, audited). A verified
progress is corrected with a reason, and its earlier values are kept.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kotacerdas.accounts.actors import Actor, acting, require, user_of
from kotacerdas.accounts.models import Role
from kotacerdas.accounts.queries import agency_editors, users_with_roles
from kotacerdas.notifications.services import notify
from kotacerdas.planning.models import FundingLine, Programme

from . import notifications as notices
from .models import ProgrammeProgress, ProgrammeSpending, ProgressCorrection, State
from .services import (
    _check_value,
    _comment,
    _ensure_published,
    _ensure_waiting,
    _lock_programme,
    _lock_progress,
)


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
