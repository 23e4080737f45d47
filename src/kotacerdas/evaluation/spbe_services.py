"""Every change to an SPBE self-assessment: each one transaction, each audited.

A service locks the self-assessment first (then the row it changes), checks the actor's
permission on the locked rows, then the state (a draft for levels, agencies and evidence),
and writes inside ``acting(actor)``. Objects handed in only say which rows to work on.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from kotacerdas.accounts.actors import Actor, acting, require, user_of
from kotacerdas.lib.files import Kind, check_upload
from kotacerdas.lib.text import first_forbidden, message
from kotacerdas.planning.models import Programme
from kotacerdas.regions.models import Agency, Region

from . import spbe_rules  # noqa: F401  (registers the permissions)
from .spbe_models import (
    SpbeAssessment,
    SpbeEvidence,
    SpbeIndicator,
    SpbeProgrammeTag,
    SpbeScore,
)
from .spbe_queries import instrument_for
from .spbe_scoring import MAX_LEVEL, MIN_LEVEL

__all__ = [
    "add_spbe_evidence",
    "assign_spbe_agency",
    "publish_spbe",
    "remove_spbe_evidence",
    "return_spbe_to_draft",
    "save_spbe_score",
    "set_programme_spbe_tags",
    "start_spbe",
    "submit_spbe",
]


def _lock_assessment(pk: int) -> SpbeAssessment:
    return (
        SpbeAssessment.objects.select_for_update(of=("self",))
        .select_related("region", "instrument")
        .get(pk=pk)
    )


def _lock_score(pk: int) -> SpbeScore:
    assessment_id = SpbeScore.objects.filter(pk=pk).values_list("assessment_id", flat=True).get()
    assessment = _lock_assessment(assessment_id)
    score = (
        SpbeScore.objects.select_for_update(of=("self",))
        .select_related("indicator", "agency")
        .get(pk=pk)
    )
    score.assessment = assessment
    return score


def _ensure_draft(assessment: SpbeAssessment) -> None:
    if assessment.status != SpbeAssessment.Status.DRAFT:
        raise ValidationError(
            _("The self-assessment is %(status)s; it can only be changed while it is a draft.")
            % {"status": assessment.get_status_display()},
            code="not_draft",
        )


def _clean_text(name: str, value: str) -> str:
    index = first_forbidden(value)
    if index is not None:
        raise ValidationError({name: message(value, index)}, code="control_character")
    return value.strip()


def start_spbe(region: Region, *, actor: Actor, year: int) -> SpbeAssessment:
    """Start the region's self-assessment of ``year`` with the instrument then in force;
    each indicator goes to the region's agency the instrument names as usual for it."""
    with transaction.atomic():
        current = Region.objects.select_for_update().get(pk=region.pk)
        require(actor, "evaluation.start_spbe", current)
        instrument = instrument_for(year)
        if instrument is None:
            raise ValidationError(
                {"year": _("No SPBE instrument applies to %(year)s.") % {"year": year}},
                code="no_instrument",
            )
        if SpbeAssessment.objects.filter(region=current, year=year).exists():
            raise ValidationError(
                {"year": _("This region already has an SPBE self-assessment for this year.")},
                code="duplicate",
            )
        agencies = {a.code: a for a in Agency.objects.filter(region=current).active()}
        with acting(actor):
            try:
                with transaction.atomic():
                    assessment = SpbeAssessment.objects.create(
                        region=current,
                        year=year,
                        instrument=instrument,
                        created_by=user_of(actor),
                    )
            except IntegrityError as exc:
                raise ValidationError(
                    {"year": _("This region already has an SPBE self-assessment for this year.")},
                    code="duplicate",
                ) from exc
            for indicator in SpbeIndicator.objects.filter(instrument=instrument):
                SpbeScore.objects.create(
                    assessment=assessment,
                    indicator=indicator,
                    agency=agencies.get(indicator.agency_code),
                    created_by=user_of(actor),
                )
        return assessment


def assign_spbe_agency(score: SpbeScore, *, actor: Actor, agency: Agency | None) -> SpbeScore:
    """Make ``agency`` (one of the region's) responsible for filling the indicator."""
    with transaction.atomic():
        current = _lock_score(score.pk)
        require(actor, "evaluation.manage_spbe", current.assessment)
        _ensure_draft(current.assessment)
        if agency is not None and not (
            Agency.objects.filter(pk=agency.pk, region_id=current.assessment.region_id)
            .active()
            .exists()
        ):
            raise ValidationError(
                {"agency": _("Choose an active agency of this region.")}, code="wrong_agency"
            )
        with acting(actor):
            current.agency = agency
            current.save()
        return current


def save_spbe_score(
    score: SpbeScore, *, actor: Actor, level: int, explanation: str = ""
) -> SpbeScore:
    """Set an indicator's level (0–5) and the explanation of it."""
    with transaction.atomic():
        current = _lock_score(score.pk)
        require(actor, "evaluation.fill_spbe_score", current)
        _ensure_draft(current.assessment)
        if (
            isinstance(level, bool)
            or not isinstance(level, int)
            or not (MIN_LEVEL <= level <= MAX_LEVEL)
        ):
            raise ValidationError(
                {"level": _("A level is a whole number from 0 to 5.")}, code="level_range"
            )
        with acting(actor):
            current.level = level
            current.explanation = _clean_text("explanation", explanation)
            current.save()
        return current


def add_spbe_evidence(
    score: SpbeScore, *, actor: Actor, title: str, file: UploadedFile
) -> SpbeEvidence:
    """Attach a document (checked by the upload module) to an indicator's level."""
    with transaction.atomic():
        current = _lock_score(score.pk)
        require(actor, "evaluation.fill_spbe_score", current)
        _ensure_draft(current.assessment)
        title = _clean_text("title", title)
        if not title:
            raise ValidationError({"title": _("Give the evidence a title.")}, code="required")
        try:
            check_upload(file, Kind.DOCUMENT)
        except ValidationError as exc:
            raise ValidationError({"file": exc.messages}, code="bad_file") from exc
        with acting(actor):
            evidence = SpbeEvidence(
                score=current, title=title, size=file.size or 0, created_by=user_of(actor)
            )
            evidence.file.save(file.name or "evidence", file, save=False)
            evidence.save()
        return evidence


def remove_spbe_evidence(evidence: SpbeEvidence, *, actor: Actor) -> None:
    with transaction.atomic():
        score_id = (
            SpbeEvidence.objects.filter(pk=evidence.pk).values_list("score_id", flat=True).get()
        )
        score = _lock_score(score_id)
        current = SpbeEvidence.objects.select_for_update().get(pk=evidence.pk)
        current.score = score
        require(actor, "evaluation.fill_spbe_score", current)
        _ensure_draft(score.assessment)
        with acting(actor):
            current.delete()


def submit_spbe(assessment: SpbeAssessment, *, actor: Actor) -> SpbeAssessment:
    """The coordinator submits the draft: its levels no longer change."""
    with transaction.atomic():
        current = _lock_assessment(assessment.pk)
        require(actor, "evaluation.manage_spbe", current)
        _ensure_draft(current)
        with acting(actor):
            current.status = SpbeAssessment.Status.SUBMITTED
            current.save()
        return current


def return_spbe_to_draft(
    assessment: SpbeAssessment, *, actor: Actor, reason: str
) -> SpbeAssessment:
    """Take a submitted self-assessment back to draft so its levels can change again; the
    reason is kept on it (and in the audit trail)."""
    with transaction.atomic():
        current = _lock_assessment(assessment.pk)
        require(actor, "evaluation.manage_spbe", current)
        if current.status != SpbeAssessment.Status.SUBMITTED:
            raise ValidationError(
                _("Only a submitted self-assessment can be returned to draft."),
                code="not_submitted",
            )
        reason = _clean_text("reason", reason)
        if not reason:
            raise ValidationError(
                {"reason": _("Say why the self-assessment goes back to draft.")}, code="required"
            )
        with acting(actor):
            current.status = SpbeAssessment.Status.DRAFT
            current.return_reason = reason
            current.save()
        return current


def publish_spbe(assessment: SpbeAssessment, *, actor: Actor) -> SpbeAssessment:
    """Publish a submitted self-assessment: every signed-in user may then read it."""
    with transaction.atomic():
        current = _lock_assessment(assessment.pk)
        require(actor, "evaluation.manage_spbe", current)
        if current.status != SpbeAssessment.Status.SUBMITTED:
            raise ValidationError(
                _("Only a submitted self-assessment can be published."), code="not_submitted"
            )
        with acting(actor):
            current.status = SpbeAssessment.Status.PUBLISHED
            current.save()
        return current


def set_programme_spbe_tags(
    programme: Programme, *, actor: Actor, indicators: Iterable[SpbeIndicator]
) -> list[SpbeProgrammeTag]:
    """The SPBE indicators the programme raises: exactly ``indicators`` afterwards."""
    with transaction.atomic():
        current = (
            Programme.objects.select_for_update(of=("self",))
            .select_related("masterplan__region")
            .get(pk=programme.pk)
        )
        require(actor, "evaluation.tag_spbe_programme", current)
        wanted = {i.pk for i in indicators}
        known = set(SpbeIndicator.objects.filter(pk__in=wanted).values_list("pk", flat=True))
        if known != wanted:
            raise ValidationError(
                {"indicators": _("Choose SPBE indicators from the list.")}, code="unknown"
            )
        existing = {t.indicator_id: t for t in current.spbe_tags.select_for_update()}
        with acting(actor):
            for indicator_id, tag in existing.items():
                if indicator_id not in wanted:
                    tag.delete()
            for indicator_id in sorted(wanted - existing.keys()):
                SpbeProgrammeTag.objects.create(
                    programme=current, indicator_id=indicator_id, created_by=user_of(actor)
                )
        return list(current.spbe_tags.order_by("indicator__number"))
