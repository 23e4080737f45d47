"""State changes of readiness assessments: each one transaction, each audited.

Every function takes the ``actor`` it acts for: the signed-in user of a page or API call,
or ``SYSTEM`` for commands. Inside its transaction it first locks the assessment as it is
now (then the answer, evidence or SWOT entry it changes: always in that order, so two
services never wait on each other crosswise), checks the actor's permission on the
locked rows, then the assessment's state, and writes inside ``acting(actor)`` so that the
audit trail names who did it. Objects handed in only say which rows to work on; their
fields are never trusted.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kotacerdas.accounts.actors import Actor, acting, require, user_of
from kotacerdas.framework.models import Dimension, Instrument, InstrumentAspect, InstrumentItem
from kotacerdas.framework.queries import latest_instrument
from kotacerdas.lib.concurrency import check_version
from kotacerdas.lib.errors import Incomplete
from kotacerdas.lib.files import Kind, check_upload
from kotacerdas.regions.models import Agency, Region

from . import queries
from .models import Answer, Assessment, Evidence, SwotEntry

# --- locks and checks shared by the services ----------------------------------------


def _locked_assessment(pk: int) -> Assessment:
    """The assessment as it is now, locked until the transaction ends."""
    return (
        Assessment.objects.select_for_update(of=("self",))
        .select_related("region", "instrument")
        .get(pk=pk)
    )


def _locked_answer(pk: int, assessment_id: int) -> Answer:
    """The answer as it is now, locked after its assessment (whose state it depends on)."""
    assessment = _locked_assessment(assessment_id)
    answer = Answer.objects.select_for_update(of=("self",)).select_related("item").get(pk=pk)
    answer.assessment = assessment
    return answer


def _locked_swot_entry(entry: SwotEntry) -> SwotEntry:
    assessment = _locked_assessment(entry.assessment_id)
    current = SwotEntry.objects.select_for_update(of=("self",)).get(pk=entry.pk)
    current.assessment = assessment
    return current


def _require_editable(assessment: Assessment) -> None:
    if not assessment.is_editable:
        raise ValidationError(
            _("This assessment has been submitted and is read-only until an assessor returns it.")
        )


# --- starting, assigning, submitting, returning -------------------------------------


def _check_start(region: Region, year: int, instrument: Instrument | None) -> Instrument:
    if instrument is None:
        raise ValidationError({"instrument": _("No published readiness instrument exists yet.")})
    if not 2017 <= year <= timezone.now().year + 1:
        raise ValidationError(
            {"year": _("Choose a year from 2017 to %(last)s.") % {"last": timezone.now().year + 1}}
        )
    if Assessment.objects.filter(region=region, year=year).exists():
        raise ValidationError(
            {
                "year": _("%(region)s already has an assessment for %(year)s.")
                % {"region": region, "year": year}
            }
        )
    return instrument


def start_assessment(region: Region, year: int, *, actor: Actor) -> Assessment:
    """Open the assessment of ``region`` for ``year`` on the latest published instrument,
    with one empty answer per item."""
    with transaction.atomic():
        # The region's row is the lock that keeps two starts of one year apart.
        current = Region.objects.select_for_update(of=("self",)).get(pk=region.pk)
        require(actor, "readiness.start_assessment", current)
        instrument = _check_start(current, year, latest_instrument())
        with acting(actor):
            assessment = Assessment.objects.create(
                region=current, instrument=instrument, year=year, created_by=user_of(actor)
            )
            Answer.objects.bulk_create(
                Answer(assessment=assessment, item=item, created_by=user_of(actor))
                for item in instrument.items.all()
            )
    return assessment


def assign_items(
    assessment: Assessment, assignments: Mapping[int, Agency | None], *, actor: Actor
) -> int:
    """Assign items (by item id) to agencies; returns how many answers changed."""
    with transaction.atomic():
        current = _locked_assessment(assessment.pk)
        require(actor, "readiness.assign_items", current)
        _require_editable(current)
        if any(a is not None and a.region_id != current.region_id for a in assignments.values()):
            raise ValidationError(_("An item can only be assigned to an agency of the region."))
        answers = current.answers.select_for_update(of=("self",)).filter(
            item_id__in=list(assignments)
        )
        changed = 0
        with acting(actor):
            for answer in answers:
                agency = assignments[answer.item_id]
                if answer.agency_id != (agency.pk if agency else None):
                    answer.agency, answer.assessment = agency, current
                    answer.save(update_fields=["agency"])
                    changed += 1
    return changed


def _refuse_if_unanswered(assessment: Assessment) -> None:
    """Refuse an assessment with unanswered items that nobody confirmed sending."""
    unanswered = assessment.answers.filter(level__isnull=True).count()
    if unanswered:
        message = ngettext(
            "%(count)d item is still unanswered; it would count as the lowest level. Check "
            "the list before submitting and confirm to submit anyway.",
            "%(count)d items are still unanswered; they would count as the lowest level. "
            "Check the list before submitting and confirm to submit anyway.",
            unanswered,
        ) % {"count": unanswered}
        raise Incomplete(message, [("unanswered", message)])


def submit_assessment(
    assessment: Assessment, *, actor: Actor, confirm_incomplete: bool = False
) -> Assessment:
    """Hand the assessment to the assessors; it is read-only until returned. With items still
    unanswered it goes only when ``confirm_incomplete`` says the coordinator saw them."""
    with transaction.atomic():
        current = _locked_assessment(assessment.pk)
        require(actor, "readiness.submit_assessment", current)
        _require_editable(current)
        if not confirm_incomplete:
            _refuse_if_unanswered(current)
        current.status = Assessment.Status.SUBMITTED
        current.submitted_at, current.submitted_by = timezone.now(), user_of(actor)
        with acting(actor):
            current.save()
        instrument_id = current.instrument_id
        transaction.on_commit(lambda: queries.forget_peer_figures(instrument_id))
    return current


def return_assessment(
    assessment: Assessment, *, comment: str, actor: Actor, opened_version: int | None = None
) -> Assessment:
    """An assessor sends a submitted assessment back for revision, with comments.

    ``opened_version`` is the assessment's version the assessor's form was opened with:
    if it moved on (another assessor returned it, the region submitted again) they are
    told, not silently overwritten.
    """
    with transaction.atomic():
        current = _locked_assessment(assessment.pk)
        require(actor, "readiness.return_assessment", current)
        check_version(current, opened_version)
        if current.is_editable:
            raise ValidationError(_("Only a submitted assessment can be returned."))
        if not comment.strip():
            raise ValidationError({"comment": _("Say what the region should revise.")})
        current.status = Assessment.Status.RETURNED
        current.return_comment = comment.strip()
        current.returned_at, current.returned_by = timezone.now(), user_of(actor)
        with acting(actor):
            current.save()
        instrument_id = current.instrument_id
        transaction.on_commit(lambda: queries.forget_peer_figures(instrument_id))
    return current


# --- answers and evidence -------------------------------------------------------------


def _check_level(instrument: Instrument, level: int | None) -> None:
    if level is not None and not instrument.scale_min <= level <= instrument.scale_max:
        raise ValidationError(
            {
                "level": _("Level %(level)s is outside the scale %(min)s–%(max)s.")
                % {"level": level, "min": instrument.scale_min, "max": instrument.scale_max}
            }
        )


def save_answer(
    answer: Answer,
    *,
    level: int | None,
    justification: str,
    actor: Actor,
    opened_version: int | None = None,
) -> Answer:
    """Record a level and justification for one item; refuses levels outside the scale."""
    justification = justification.strip()
    with transaction.atomic():
        current = _locked_answer(answer.pk, answer.assessment_id)
        require(actor, "readiness.save_answer", current)
        _require_editable(current.assessment)
        _check_level(current.assessment.instrument, level)
        check_version(current, opened_version)
        if current.level == level and current.justification == justification:
            return current
        current.level, current.justification = level, justification
        current.answered_at, current.answered_by = timezone.now(), user_of(actor)
        with acting(actor):
            current.save()
    return current


def _check_evidence(upload: UploadedFile | None, url: str) -> None:
    if (upload is None) == (not url):
        raise ValidationError({"file": _("Give either a file or a link.")})
    if upload is not None:
        try:
            check_upload(upload, Kind.DOCUMENT)
        except ValidationError as exc:
            raise ValidationError({"file": exc.messages}) from exc


def add_evidence(
    answer: Answer,
    *,
    title: str,
    actor: Actor,
    upload: UploadedFile | None = None,
    url: str = "",
) -> Evidence:
    """Attach a file or a link to an answer; the file's type and size are checked first."""
    with transaction.atomic():
        current = _locked_answer(answer.pk, answer.assessment_id)
        require(actor, "readiness.change_evidence", current)
        _require_editable(current.assessment)
        _check_evidence(upload, url)
        name = upload.name if upload is not None else url
        evidence = Evidence(
            answer=current,
            title=(title or name or "").strip()[:200],
            url=url,
            created_by=user_of(actor),
            size=(upload.size or 0) if upload is not None else 0,
        )
        with acting(actor):
            if upload is not None:
                evidence.file.save(upload.name or "", upload, save=False)
            evidence.save()
    return evidence


def remove_evidence(evidence: Evidence, *, actor: Actor) -> None:
    """Take a file or link off an answer; a stored file is deleted once the change holds."""
    with transaction.atomic():
        answer = _locked_answer(evidence.answer_id, evidence.answer.assessment_id)
        current = Evidence.objects.select_for_update(of=("self",)).get(pk=evidence.pk)
        current.answer = answer
        require(actor, "readiness.change_evidence", current)
        _require_editable(answer.assessment)
        stored, storage = current.file.name or "", current.file.storage
        with acting(actor):
            current.delete()
        if stored:
            transaction.on_commit(lambda: storage.delete(stored))


# --- SWOT -----------------------------------------------------------------------------


def _check_swot_entry(
    assessment: Assessment,
    text: str,
    aspect: InstrumentAspect | None,
    dimension: Dimension | None,
    items: Iterable[InstrumentItem],
) -> list[InstrumentItem]:
    """The entry's statement and links, checked against the assessment's instrument."""
    if not text.strip():
        raise ValidationError({"text": _("Write the statement.")})
    items = list(items)
    if aspect is not None and aspect.instrument_id != assessment.instrument_id:
        raise ValidationError({"aspect": _("Choose an aspect of this assessment's instrument.")})
    if dimension is not None and dimension.framework_id != assessment.instrument.framework_id:
        raise ValidationError(
            {"dimension": _("Choose a dimension of this assessment's framework.")}
        )
    if any(item.instrument_id != assessment.instrument_id for item in items):
        raise ValidationError({"items": _("Choose items of this assessment's instrument.")})
    return items


def create_swot_entry(
    assessment: Assessment,
    *,
    kind: str,
    text: str,
    actor: Actor,
    aspect: InstrumentAspect | None = None,
    dimension: Dimension | None = None,
    items: Iterable[InstrumentItem] = (),
) -> SwotEntry:
    """Add an entry numbered after the last of its kind (``W4`` after ``W3``)."""
    with transaction.atomic():
        current = _locked_assessment(assessment.pk)
        require(actor, "readiness.change_swot", current)
        _require_editable(current)
        if kind not in SwotEntry.Kind.values:
            raise ValidationError({"kind": _("Choose strength, weakness, opportunity or threat.")})
        linked = _check_swot_entry(current, text, aspect, dimension, items)
        last = current.swot.filter(kind=kind).aggregate(n=Max("number"))["n"] or 0
        with acting(actor):
            entry = SwotEntry.objects.create(
                assessment=current,
                kind=kind,
                number=last + 1,
                text=text.strip(),
                aspect=aspect,
                dimension=dimension,
                created_by=user_of(actor),
            )
            entry.items.set(linked)
    return entry


def update_swot_entry(
    entry: SwotEntry,
    *,
    text: str,
    actor: Actor,
    aspect: InstrumentAspect | None = None,
    dimension: Dimension | None = None,
    items: Iterable[InstrumentItem] = (),
    opened_version: int | None = None,
) -> SwotEntry:
    """Change an entry's statement and links; its kind and number (its label) stay."""
    with transaction.atomic():
        current = _locked_swot_entry(entry)
        require(actor, "readiness.change_swot", current)
        _require_editable(current.assessment)
        if current.removed_at is not None:
            raise ValidationError(_("This SWOT entry has been removed."))
        check_version(current, opened_version)
        linked = _check_swot_entry(current.assessment, text, aspect, dimension, items)
        current.text, current.aspect, current.dimension = text.strip(), aspect, dimension
        with acting(actor):
            current.save()
            current.items.set(linked)
    return current


def delete_swot_entry(entry: SwotEntry, *, actor: Actor) -> None:
    """Remove an entry from the SWOT. The row stays (marked removed) so that its label is
    never given to another entry and a citation of it still finds what it cited."""
    with transaction.atomic():
        current = _locked_swot_entry(entry)
        require(actor, "readiness.change_swot", current)
        _require_editable(current.assessment)
        if current.removed_at is not None:
            return
        current.removed_at = timezone.now()
        with acting(actor):
            current.save(update_fields=["removed_at"])
