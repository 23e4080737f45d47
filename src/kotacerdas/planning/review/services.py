"""Review and approval of a masterplan, its frozen versions, and the comments on it.

draft → in review → approved → published, and back to draft with a reason. Approval freezes
an immutable version; a new draft of an approved or published masterplan keeps them all. Each
function is one transaction: it locks the row it changes, checks the actor's permission on it,
then its state, and writes to the audit trail as the actor.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from kotacerdas.accounts.actors import Actor, acting, require, user_of
from kotacerdas.lib.errors import Incomplete

from ..masterplans.locks import lock_masterplan
from ..masterplans.models import Masterplan
from ..programmes.models import Programme
from . import queries, sections
from .models import Comment, MasterplanVersion
from .notifications import APPROVED, PUBLISHED, RETURNED, SUBMITTED, notify
from .snapshot import take_snapshot

Status = Masterplan.Status


def _lock(masterplan: Masterplan, expected: Iterable[str], actor: Actor, perm: str) -> Masterplan:
    """The masterplan as it is now, locked, checked against the actor and its status."""
    current = lock_masterplan(masterplan.pk)
    require(actor, perm, current)
    if current.status not in expected:
        raise ValidationError(
            _("This cannot be done while the masterplan is %(status)s.")
            % {"status": current.get_status_display().lower()}
        )
    return current


def _move(masterplan: Masterplan, status: str, **stamps: object) -> None:
    """Save the masterplan in its new status with the fields the step stamps."""
    masterplan.status = status
    for name, value in stamps.items():
        setattr(masterplan, name, value)
    masterplan.save()


def _refuse_if_incomplete(masterplan: Masterplan) -> None:
    """Refuse a draft with gaps (``queries.submission_gaps``) that nobody confirmed sending."""
    gaps = queries.submission_gaps(masterplan)
    if not gaps:
        return
    missing = [
        (gap.key, f"{gap.title} ({len(gap.items)})" if gap.items else str(gap.title))
        for gap in gaps
    ]
    raise Incomplete(
        _(
            "The masterplan is still incomplete: %(missing)s. Check the list before "
            "submitting and confirm to submit it anyway."
        )
        % {"missing": "; ".join(text for _key, text in missing)},
        missing,
    )


def submit_for_review(
    masterplan: Masterplan, *, actor: Actor, confirm_incomplete: bool = False
) -> Masterplan:
    """The coordinator hands the draft to the council and assessors. A draft that is still
    incomplete goes only when ``confirm_incomplete`` says the coordinator saw the gaps."""
    with transaction.atomic(), acting(actor):
        current = _lock(masterplan, [Status.DRAFT], actor, "planning.submit_masterplan")
        if not current.programmes.exists():
            raise ValidationError(_("Add at least one programme before submitting."))
        if not confirm_incomplete:
            _refuse_if_incomplete(current)
        _move(current, Status.IN_REVIEW, return_reason="", submitted_at=timezone.now())
        notify(current, SUBMITTED, actor)
    return current


def return_to_draft(masterplan: Masterplan, *, actor: Actor, reason: str) -> Masterplan:
    """Send a masterplan in review back to its authors, saying why."""
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the masterplan goes back to draft.")})
    with transaction.atomic(), acting(actor):
        current = _lock(masterplan, [Status.IN_REVIEW], actor, "planning.return_masterplan")
        _move(current, Status.DRAFT, return_reason=reason.strip())
        notify(current, RETURNED, actor, current.return_reason)
    return current


def approve_masterplan(masterplan: Masterplan, *, actor: Actor) -> MasterplanVersion:
    """A council member approves: the masterplan as it stands is frozen as a new version."""
    with transaction.atomic(), acting(actor):
        current = _lock(masterplan, [Status.IN_REVIEW], actor, "planning.approve_masterplan")
        _move(current, Status.APPROVED, approved_at=timezone.now())
        last = current.versions.aggregate(n=Max("number"))["n"] or 0
        version = MasterplanVersion.objects.create(
            masterplan=current,
            number=last + 1,
            created_by=user_of(actor),
            snapshot=take_snapshot(current),
        )
        notify(current, APPROVED, actor)
    return version


def publish_masterplan(masterplan: Masterplan, *, actor: Actor) -> Masterplan:
    """The coordinator publishes an approved masterplan; from then on everyone may read it."""
    with transaction.atomic(), acting(actor):
        current = _lock(masterplan, [Status.APPROVED], actor, "planning.publish_masterplan")
        _move(current, Status.PUBLISHED, published_at=timezone.now())
        notify(current, PUBLISHED, actor)
        sections.status_changed(current)  # monitoring computes its summaries now
    return current


def start_new_draft(masterplan: Masterplan, *, actor: Actor) -> Masterplan:
    """Reopen an approved or published masterplan for editing; its versions stay as they are."""
    with transaction.atomic(), acting(actor):
        current = _lock(
            masterplan, [Status.APPROVED, Status.PUBLISHED], actor, "planning.start_new_draft"
        )
        _move(current, Status.DRAFT, return_reason="")
        sections.status_changed(current)
    return current


def add_comment(
    masterplan: Masterplan,
    *,
    actor: Actor,
    text: str,
    section: str = Comment.Section.PROGRAMMES,
    programme: Programme | None = None,
) -> Comment:
    """Comment on a section of the masterplan or on one programme."""
    if not text.strip():
        raise ValidationError({"text": _("Write a comment.")})
    with transaction.atomic(), acting(actor):
        plan = Masterplan.objects.select_related("region").get(pk=masterplan.pk)
        if programme is not None:
            current = (
                Programme.objects.select_related("masterplan__region")
                .prefetch_related("supports")
                .get(pk=programme.pk, masterplan=plan)
            )
            require(actor, "planning.comment_programme", current)
            section = Comment.Section.PROGRAMMES
        else:
            current = None
            require(actor, "planning.comment_masterplan", plan)
        if section not in Comment.Section.values:
            raise ValidationError({"section": _("Choose a section of the masterplan.")})
        return Comment.objects.create(
            masterplan=plan,
            programme=current,
            section=section,
            author=user_of(actor),
            text=text.strip(),
            created_by=user_of(actor),
        )


def resolve_comment(comment: Comment, *, actor: Actor) -> Comment:
    """The coordinator marks a comment as dealt with."""
    with transaction.atomic(), acting(actor):
        current = (
            Comment.objects.select_for_update(of=("self",))
            .select_related("masterplan")
            .get(pk=comment.pk)
        )
        require(actor, "planning.resolve_comment", current)
        if current.resolved_at is None:
            current.resolved_at = timezone.now()
            current.save(update_fields=["resolved_at"])
    return current
