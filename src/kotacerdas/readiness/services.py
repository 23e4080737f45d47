"""State changes of readiness assessments: each one transaction, each audited."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from kotacerdas.framework.models import Dimension, Instrument, InstrumentAspect, InstrumentItem
from kotacerdas.lib.audit import acting_as
from kotacerdas.lib.concurrency import check_version
from kotacerdas.lib.uploads import check_upload
from kotacerdas.regions.models import Agency, Region

from .models import Answer, Assessment, Evidence, SwotEntry


def latest_instrument() -> Instrument | None:
    """The instrument new assessments start on: the most recently published version."""
    return Instrument.objects.filter(published_at__isnull=False).order_by("-published_at").first()


def start_assessment(
    region: Region, year: int, *, actor: Any, instrument: Instrument | None = None
) -> Assessment:
    """Open the assessment of ``region`` for ``year`` with one empty answer per item."""
    instrument = instrument or latest_instrument()
    if instrument is None or not instrument.is_published:
        raise ValidationError({"instrument": _("No published readiness instrument exists yet.")})
    if not 2017 <= year <= timezone.now().year + 1:
        raise ValidationError(
            {"year": _("Choose a year from 2017 to %(last)s.") % {"last": timezone.now().year + 1}}
        )
    with transaction.atomic(), acting_as(actor):
        if Assessment.objects.filter(region=region, year=year).exists():
            raise ValidationError(
                {
                    "year": _("%(region)s already has an assessment for %(year)s.")
                    % {"region": region, "year": year}
                }
            )
        assessment = Assessment.objects.create(
            region=region, instrument=instrument, year=year, created_by=_user(actor)
        )
        Answer.objects.bulk_create(
            Answer(assessment=assessment, item=item, created_by=_user(actor))
            for item in instrument.items.all()
        )
    return assessment


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "pk", None) else None


def _require_editable(assessment: Assessment) -> None:
    if not assessment.is_editable:
        raise ValidationError(
            _("This assessment has been submitted and is read-only until an assessor returns it.")
        )


def assign_items(
    assessment: Assessment, assignments: Mapping[int, Agency | None], *, actor: Any
) -> int:
    """Assign items (by item id) to agencies; returns how many answers changed."""
    _require_editable(assessment)
    changed = 0
    with transaction.atomic(), acting_as(actor):
        answers = assessment.answers.select_for_update().filter(item_id__in=list(assignments))
        for answer in answers:
            agency = assignments[answer.item_id]
            if agency is not None and agency.region_id != assessment.region_id:
                raise ValidationError(_("An item can only be assigned to an agency of the region."))
            if answer.agency_id != (agency.pk if agency else None):
                answer.agency = agency
                answer.assessment = assessment
                answer.save(update_fields=["agency"])
                changed += 1
    return changed


def save_answer(
    answer: Answer,
    *,
    level: int | None,
    justification: str,
    actor: Any,
    opened_version: int | None = None,
) -> Answer:
    """Record a level and justification for one item; refuses levels outside the scale."""
    assessment = answer.assessment
    _require_editable(assessment)
    instrument = assessment.instrument
    if level is not None and not instrument.scale_min <= level <= instrument.scale_max:
        raise ValidationError(
            {
                "level": _("Level %(level)s is outside the scale %(min)s–%(max)s.")
                % {"level": level, "min": instrument.scale_min, "max": instrument.scale_max}
            }
        )
    with transaction.atomic(), acting_as(actor):
        current = Answer.objects.select_for_update().get(pk=answer.pk)
        check_version(current, opened_version)
        if current.level == level and current.justification == justification.strip():
            return current
        current.assessment = assessment
        current.level = level
        current.justification = justification.strip()
        current.answered_at = timezone.now()
        current.answered_by = _user(actor)
        current.save()
    return current


def add_evidence(
    answer: Answer, *, title: str, actor: Any, upload: Any = None, url: str = ""
) -> Evidence:
    """Attach a file or a link to an answer; the file's type and size are checked first."""
    _require_editable(answer.assessment)
    if (upload is None) == (not url):
        raise ValidationError({"file": _("Give either a file or a link.")})
    if upload is not None:
        try:
            check_upload(upload, max_bytes=settings.EVIDENCE_MAX_BYTES)
        except ValidationError as exc:
            raise ValidationError({"file": exc.messages}) from exc
    title = (title or (upload.name if upload is not None else url)).strip()[:200]
    with transaction.atomic(), acting_as(actor):
        evidence = Evidence(
            answer=answer,
            title=title,
            url=url,
            created_by=_user(actor),
            size=upload.size if upload is not None else 0,
        )
        if upload is not None:
            evidence.file.save(upload.name, upload, save=False)
        evidence.save()
    return evidence


def remove_evidence(evidence: Evidence, *, actor: Any) -> None:
    _require_editable(evidence.answer.assessment)
    with transaction.atomic(), acting_as(actor):
        stored = evidence.file.name if evidence.file else ""
        evidence.delete()
        if stored:
            storage = evidence.file.storage
            transaction.on_commit(lambda: storage.delete(stored))


def submit_assessment(assessment: Assessment, *, actor: Any) -> Assessment:
    """Hand the assessment to the assessors; it is read-only until returned."""
    _require_editable(assessment)
    with transaction.atomic(), acting_as(actor):
        assessment.status = Assessment.Status.SUBMITTED
        assessment.submitted_at = timezone.now()
        assessment.submitted_by = _user(actor)
        assessment.save()
    return assessment


def return_assessment(assessment: Assessment, *, comment: str, actor: Any) -> Assessment:
    """An assessor sends a submitted assessment back for revision, with comments."""
    if assessment.is_editable:
        raise ValidationError(_("Only a submitted assessment can be returned."))
    if not comment.strip():
        raise ValidationError({"comment": _("Say what the region should revise.")})
    with transaction.atomic(), acting_as(actor):
        assessment.status = Assessment.Status.RETURNED
        assessment.return_comment = comment.strip()
        assessment.returned_at = timezone.now()
        assessment.returned_by = _user(actor)
        assessment.save()
    return assessment


def _check_swot_links(
    assessment: Assessment,
    aspect: InstrumentAspect | None,
    dimension: Dimension | None,
    items: Iterable[InstrumentItem],
) -> list[InstrumentItem]:
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
    actor: Any,
    aspect: InstrumentAspect | None = None,
    dimension: Dimension | None = None,
    items: Iterable[InstrumentItem] = (),
) -> SwotEntry:
    """Add an entry numbered after the last of its kind (``W4`` after ``W3``)."""
    _require_editable(assessment)
    if kind not in SwotEntry.Kind.values:
        raise ValidationError({"kind": _("Choose strength, weakness, opportunity or threat.")})
    if not text.strip():
        raise ValidationError({"text": _("Write the statement.")})
    linked = _check_swot_links(assessment, aspect, dimension, items)
    with transaction.atomic(), acting_as(actor):
        Assessment.objects.select_for_update().filter(pk=assessment.pk).first()
        last = assessment.swot.filter(kind=kind).aggregate(n=Max("number"))["n"] or 0
        entry = SwotEntry.objects.create(
            assessment=assessment,
            kind=kind,
            number=last + 1,
            text=text.strip(),
            aspect=aspect,
            dimension=dimension,
            created_by=_user(actor),
        )
        entry.items.set(linked)
    return entry


def update_swot_entry(
    entry: SwotEntry,
    *,
    text: str,
    actor: Any,
    aspect: InstrumentAspect | None = None,
    dimension: Dimension | None = None,
    items: Iterable[InstrumentItem] = (),
    opened_version: int | None = None,
) -> SwotEntry:
    """Change an entry's statement and links; its kind and number (its label) stay."""
    _require_editable(entry.assessment)
    if not text.strip():
        raise ValidationError({"text": _("Write the statement.")})
    linked = _check_swot_links(entry.assessment, aspect, dimension, items)
    with transaction.atomic(), acting_as(actor):
        current = SwotEntry.objects.select_for_update().get(pk=entry.pk)
        check_version(current, opened_version)
        current.assessment = entry.assessment
        current.text, current.aspect, current.dimension = text.strip(), aspect, dimension
        current.save()
        current.items.set(linked)
    return current


def delete_swot_entry(entry: SwotEntry, *, actor: Any) -> None:
    """Remove an entry from the SWOT. The row stays (marked removed) so that its label is
    never given to another entry and a citation of it still finds what it cited."""
    _require_editable(entry.assessment)
    with transaction.atomic(), acting_as(actor):
        entry.removed_at = timezone.now()
        entry.save(update_fields=["removed_at"])
