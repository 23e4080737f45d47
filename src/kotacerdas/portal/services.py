"""Every change of the public consultation and the programme library: one transaction each,
audited, with the actor's permission checked on the locked rows before any state check.

Citizens send aspirations without an account: the public page acts as ``SYSTEM`` (or as the
signed-in user) after its own protections (rate limit per address, honeypot, time check);
the service still refuses an aspiration on a consultation that is not open, on a part of
the draft it did not open, too long, or repeated.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kotacerdas.accounts.actors import Actor, acting, require, user_of
from kotacerdas.lib.constraints import violation
from kotacerdas.planning.models import Masterplan, Programme
from kotacerdas.planning.programmes.checks import Attachments, Support
from kotacerdas.planning.programmes.services import create_programme
from kotacerdas.regions.models import Agency

from .models import MAX_ASPIRATION_LENGTH, Aspiration, Consultation, ProgrammeCopy, Section


@dataclass(frozen=True)
class Period:
    opens_at: dt.datetime
    closes_at: dt.datetime


def _lock_masterplan(pk: int) -> Masterplan:
    return Masterplan.objects.select_for_update(of=("self",)).select_related("region").get(pk=pk)


def _lock_consultation(pk: int) -> Consultation:
    return (
        Consultation.objects.select_for_update(of=("self",))
        .select_related("masterplan__region")
        .get(pk=pk)
    )


def _lock_aspiration(pk: int) -> Aspiration:
    return (
        Aspiration.objects.select_for_update(of=("self",))
        .select_related("consultation__masterplan__region")
        .get(pk=pk)
    )


def _ensure_draft(masterplan: Masterplan) -> None:
    if masterplan.status != Masterplan.Status.DRAFT:
        raise ValidationError(_("Only a draft masterplan can be opened for consultation."))


def _check_opening(
    masterplan: Masterplan,
    period: Period,
    whole: bool,
    sections: Sequence[str],
    programmes: Sequence[Programme],
) -> None:
    errors: dict[str, list[str]] = {}
    if period.closes_at <= period.opens_at:
        errors["closes_at"] = [_("A consultation must close after it opens.")]
    unknown = [s for s in sections if s not in Section.values]
    if unknown:
        errors["sections"] = [_("Unknown section: %(code)s.") % {"code": ", ".join(unknown)}]
    if any(p.masterplan_id != masterplan.pk for p in programmes):
        errors["programmes"] = [_("Choose programmes of this masterplan only.")]
    if not whole and not sections and not programmes:
        errors["sections"] = [_("Open the whole draft, or choose sections or programmes.")]
    if errors:
        raise ValidationError(errors)


def open_consultation(
    masterplan: Masterplan,
    *,
    actor: Actor,
    title: str,
    period: Period,
    introduction: str = "",
    whole: bool = True,
    sections: Sequence[str] = (),
    programmes: Sequence[Programme] = (),
) -> Consultation:
    """Open a draft masterplan (whole, or chosen sections and programmes) to the public."""
    with transaction.atomic(), acting(actor):
        current = _lock_masterplan(masterplan.pk)
        require(actor, "portal.open_consultation", current)
        _ensure_draft(current)
        _check_opening(current, period, whole, sections, programmes)
        consultation = Consultation.objects.create(
            masterplan=current,
            title=title,
            introduction=introduction,
            opens_at=period.opens_at,
            closes_at=period.closes_at,
            whole=whole,
            sections=[] if whole else list(dict.fromkeys(sections)),
            created_by=user_of(actor),
        )
        if not whole:
            consultation.programmes.set(programmes)
        return consultation


def close_consultation(consultation: Consultation, *, actor: Actor) -> Consultation:
    """End an open consultation now (its aspirations and answers stay)."""
    with transaction.atomic(), acting(actor):
        current = _lock_consultation(consultation.pk)
        require(actor, "portal.manage_consultation", current)
        now = timezone.now()
        if current.has_ended(now):
            raise ValidationError(_("This consultation has already ended."))
        current.closes_at = max(now, current.opens_at + dt.timedelta(seconds=1))
        current.save()
        return current


def _fingerprint(section: str, programme_id: int | None, text: str) -> str:
    """The same words on the same target, whatever the case and spacing."""
    words = re.sub(r"\s+", " ", text).strip().casefold()
    return hashlib.sha256(f"{section}:{programme_id or ''}:{words}".encode()).hexdigest()


def _check_target(consultation: Consultation, section: str, programme: Programme | None) -> str:
    """The section the aspiration is on; refused when the consultation did not open it."""
    if programme is not None:
        opened = consultation.whole or (
            consultation.opens_section(Section.PROGRAMMES)
            or consultation.programmes.filter(pk=programme.pk).exists()
        )
        if programme.masterplan_id != consultation.masterplan_id or not opened:
            raise ValidationError({"programme": _("This programme is not open for comments.")})
        return Section.PROGRAMMES
    if section not in Section.values or not consultation.opens_section(section):
        raise ValidationError({"section": _("This section is not open for comments.")})
    return section


def _check_text(text: str) -> str:
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Write your aspiration.")})
    if len(text) > MAX_ASPIRATION_LENGTH:
        raise ValidationError(
            {
                "text": _(
                    "An aspiration may have at most %(limit)s characters; this one has %(count)s."
                )
                % {"limit": MAX_ASPIRATION_LENGTH, "count": len(text)}
            }
        )
    return text


def submit_aspiration(
    consultation: Consultation,
    *,
    actor: Actor,
    text: str,
    section: str = Section.GENERAL,
    programme: Programme | None = None,
    name: str = "",
    contact: str = "",
) -> Aspiration:
    """Take a citizen's aspiration on a section or programme while the consultation is open;
    it waits for moderation before anyone else sees it."""
    with transaction.atomic(), acting(actor):
        current = _lock_consultation(consultation.pk)
        require(actor, "portal.submit_aspiration", current)
        if not current.is_open() or current.masterplan.status != Masterplan.Status.DRAFT:
            raise ValidationError(_("This consultation is not open for comments."))
        section = _check_target(current, section, programme)
        text = _check_text(text)
        mark = _fingerprint(section, programme.pk if programme else None, text)
        if current.aspirations.filter(fingerprint=mark).exists():
            raise ValidationError(
                {"text": _("The same aspiration was already sent on this part of the masterplan.")}
            )
        try:
            with transaction.atomic():
                return Aspiration.objects.create(
                    consultation=current,
                    section=section,
                    programme=programme,
                    name=name.strip()[:100],
                    contact=contact.strip()[:200],
                    text=text,
                    fingerprint=mark,
                    created_by=user_of(actor),
                )
        except IntegrityError as exc:  # the same text sent twice at once
            raise (violation(exc) or exc) from exc


def moderate_aspiration(
    aspiration: Aspiration, *, actor: Actor, state: str, reason: str = ""
) -> Aspiration:
    """Publish, hide (with a reason) or mark as spam; a moderated aspiration may be moderated
    again (a hidden one published after all)."""
    with transaction.atomic(), acting(actor):
        current = _lock_aspiration(aspiration.pk)
        require(actor, "portal.moderate_aspiration", current)
        if state not in {s for s in Aspiration.State.values if s != Aspiration.State.PENDING}:
            raise ValidationError({"state": _("Choose publish, hide or spam.")})
        reason = reason.strip()
        if state == Aspiration.State.HIDDEN and not reason:
            raise ValidationError({"reason": _("Say why the aspiration is hidden.")})
        current.state = state
        current.hide_reason = reason if state == Aspiration.State.HIDDEN else ""
        current.moderated_at = timezone.now()
        current.save()
        return current


def answer_aspiration(aspiration: Aspiration, *, actor: Actor, answer: str) -> Aspiration:
    """The team's public answer; answering publishes the aspiration unless it is spam."""
    with transaction.atomic(), acting(actor):
        current = _lock_aspiration(aspiration.pk)
        require(actor, "portal.moderate_aspiration", current)
        if current.state == Aspiration.State.SPAM:
            raise ValidationError(_("An aspiration marked as spam is not answered."))
        answer = answer.strip()
        if not answer:
            raise ValidationError({"answer": _("Write the answer.")})
        current.answer = answer
        current.answered_at = timezone.now()
        current.answered_by = user_of(actor)
        if current.state == Aspiration.State.PENDING:
            current.state = Aspiration.State.PUBLISHED
            current.moderated_at = current.answered_at
        current.save()
        return current


def link_aspiration(
    aspiration: Aspiration, *, actor: Actor, programme: Programme | None
) -> Aspiration:
    """Record the programme of the masterplan that the aspiration changed (or none)."""
    with transaction.atomic(), acting(actor):
        current = _lock_aspiration(aspiration.pk)
        require(actor, "portal.moderate_aspiration", current)
        if programme is not None and programme.masterplan_id != current.consultation.masterplan_id:
            raise ValidationError({"programme": _("Choose a programme of this masterplan.")})
        current.changed_programme = programme
        current.save()
        return current


# The national library ------------------------------------------------------------------


def _agency_by_name(agencies: Sequence[Agency], agency: Agency | None) -> Agency | None:
    """The region's own agency with the same name (or acronym) as ``agency``."""
    if agency is None:
        return None
    for own in agencies:
        if own.name.casefold() == agency.name.casefold():
            return own
    if agency.acronym:
        for own in agencies:
            if own.acronym and own.acronym.casefold() == agency.acronym.casefold():
                return own
    return None


def _free_code(masterplan: Masterplan, code: str) -> str:
    taken = set(masterplan.programmes.values_list("code", flat=True))
    if code not in taken:
        return code
    for n in range(2, 1000):
        candidate = f"{code[:25]}-{n}"
        if candidate not in taken:
            return candidate
    raise ValidationError({"code": _("Choose another code.")})


def _copied_fields(source: Programme, target: Masterplan, lead: Agency | None) -> dict[str, object]:
    dimension = target.framework.dimensions.filter(code=source.dimension.code).first()
    if dimension is None:
        raise ValidationError(
            _("The masterplan's framework has no dimension %(name)s.") % {"name": source.dimension}
        )
    element = None
    if source.element is not None:
        element = dimension.elements.filter(code=source.element.code).first()
    length = source.end_year - source.start_year
    end_year = min(target.end_year, target.start_year + length)
    return {
        "code": _free_code(target, source.code),
        "name": source.name,
        "dimension": dimension,
        "element": element,
        "problem": source.problem,
        "description": source.description,
        "innovation": source.innovation,
        "horizon": source.horizon,
        "start_year": target.start_year,
        "end_year": end_year,
        "lead_agency": lead,
        "months_to_first_result": source.months_to_first_result,
    }


def copy_programme(source: Programme, masterplan: Masterplan, *, actor: Actor) -> Programme:
    """Copy a published programme into the actor's own draft as a starting point: a new
    programme with the same texts, dimension and element, its lead and supporting agencies
    mapped by name to the region's own (those without a namesake are left out), years moved
    to the draft's period; no funding, partners or goals (they are the other region's).
    The copy remembers its source; nothing else is shared."""
    with transaction.atomic(), acting(actor):
        target = _lock_masterplan(masterplan.pk)
        require(actor, "portal.copy_programme", target)
        if target.status != Masterplan.Status.DRAFT:
            raise ValidationError(_("Programmes are copied into a draft masterplan only."))
        original = (
            Programme.objects.select_related(
                "masterplan__region", "dimension", "element", "lead_agency"
            )
            .prefetch_related("supports__agency")
            .get(pk=source.pk)
        )
        if original.masterplan.status != Masterplan.Status.PUBLISHED:
            raise ValidationError(_("Only programmes of published masterplans can be copied."))
        agencies = list(Agency.objects.active().filter(region=target.region_id))
        lead = _agency_by_name(agencies, original.lead_agency)
        supports = {
            own.pk: Support(agency=own, role=s.role)
            for s in original.supports.all()
            if (own := _agency_by_name(agencies, s.agency)) is not None and own != lead
        }
        copy = create_programme(
            target,
            actor=actor,
            fields=_copied_fields(original, target, lead),
            parts=Attachments(supports=list(supports.values())),
        )
        ProgrammeCopy.objects.create(
            copy=copy,
            source=original,
            source_label=f"{original.masterplan.region} · {original}"[:400],
            created_by=user_of(actor),
        )
        return copy
