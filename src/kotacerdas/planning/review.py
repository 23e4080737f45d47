"""Review and approval of a masterplan, its frozen versions and the notices they send.

draft → in review → approved → published, and back to draft with a reason. Approval freezes
an immutable version; a new draft of an approved or published masterplan keeps them all.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mass_mail
from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kotacerdas.accounts.actors import Actor, acting, require, user_of
from kotacerdas.accounts.models import Membership, Role, User

from .models import Masterplan, MasterplanVersion, Notification
from .snapshot import take_snapshot

Status = Masterplan.Status

# Who hears about each step, by role in the masterplan's region.
AUDIENCE: dict[str, tuple[Role, ...]] = {
    Notification.Kind.SUBMITTED: (Role.COUNCIL_MEMBER, Role.ASSESSOR),
    Notification.Kind.RETURNED: (Role.REGION_COORDINATOR, Role.AGENCY_EDITOR),
    Notification.Kind.APPROVED: (Role.REGION_COORDINATOR,),
    Notification.Kind.PUBLISHED: (
        Role.REGION_COORDINATOR,
        Role.AGENCY_EDITOR,
        Role.COUNCIL_MEMBER,
        Role.ASSESSOR,
    ),
}


def _lock(masterplan: Masterplan, expected: Iterable[str], actor: Actor, perm: str) -> Masterplan:
    """The masterplan as it is now, locked, checked against the actor and its status."""
    current = (
        Masterplan.objects.select_for_update(of=("self",))
        .select_related("region")
        .get(pk=masterplan.pk)
    )
    require(actor, perm, current)
    if current.status not in expected:
        raise ValidationError(
            _("This cannot be done while the masterplan is %(status)s.")
            % {"status": current.get_status_display().lower()}
        )
    return current


def notice_text(kind: str, masterplan: Masterplan, actor_name: str, note: str = "") -> str:
    """The sentence a notification shows, in the active language."""
    params = {"title": masterplan.title, "who": actor_name or _("someone")}
    texts: dict[str, str] = {
        Notification.Kind.SUBMITTED: _("%(who)s submitted the masterplan “%(title)s” for review."),
        Notification.Kind.RETURNED: _("%(who)s returned the masterplan “%(title)s” to draft."),
        Notification.Kind.APPROVED: _("%(who)s approved the masterplan “%(title)s”."),
        Notification.Kind.PUBLISHED: _("%(who)s published the masterplan “%(title)s”."),
    }
    text = texts[kind] % params
    if note:
        text += " " + _("Reason: %(note)s") % {"note": note}
    return text


def _notify(masterplan: Masterplan, kind: str, actor: Actor, note: str = "") -> None:
    """In-app notices now, emails once the transaction has committed."""
    users = {
        m.user
        for m in Membership.objects.filter(
            region_id=masterplan.region_id, role__in=AUDIENCE[kind], user__is_active=True
        ).select_related("user")
        if m.user_id != actor.pk
    }
    person = user_of(actor)
    actor_name = (person.get_full_name() or person.username) if person is not None else ""
    Notification.objects.bulk_create(
        Notification(user=u, masterplan=masterplan, kind=kind, actor_name=actor_name, note=note)
        for u in users
    )
    url = masterplan.get_absolute_url()
    with translation.override(settings.LANGUAGE_CODE):
        subject = f"[Kotacerdas] {masterplan.title}: {Notification.Kind(kind).label}"
        body = f"{notice_text(kind, masterplan, actor_name, note)}\n\n{url}\n"
    messages = [(subject, body, settings.DEFAULT_FROM_EMAIL, [u.email]) for u in users if u.email]
    if messages:
        transaction.on_commit(lambda: send_mass_mail(messages, fail_silently=True))


def submit_for_review(masterplan: Masterplan, *, actor: Actor) -> Masterplan:
    """The coordinator hands the draft to the council and assessors."""
    with transaction.atomic(), acting(actor):
        current = _lock(masterplan, [Status.DRAFT], actor, "planning.submit_masterplan")
        if not current.programmes.exists():
            raise ValidationError(_("Add at least one programme before submitting."))
        current.status = Status.IN_REVIEW
        current.return_reason = ""
        current.submitted_at = timezone.now()
        current.save()
        _notify(current, Notification.Kind.SUBMITTED, actor)
    return current


def return_to_draft(masterplan: Masterplan, *, actor: Actor, reason: str) -> Masterplan:
    """Send a masterplan in review back to its authors, saying why."""
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the masterplan goes back to draft.")})
    with transaction.atomic(), acting(actor):
        current = _lock(masterplan, [Status.IN_REVIEW], actor, "planning.return_masterplan")
        current.status = Status.DRAFT
        current.return_reason = reason.strip()
        current.save()
        _notify(current, Notification.Kind.RETURNED, actor, current.return_reason)
    return current


def approve_masterplan(masterplan: Masterplan, *, actor: Actor) -> MasterplanVersion:
    """A council member approves: the masterplan as it stands is frozen as a new version."""
    with transaction.atomic(), acting(actor):
        current = _lock(masterplan, [Status.IN_REVIEW], actor, "planning.approve_masterplan")
        current.status = Status.APPROVED
        current.approved_at = timezone.now()
        current.save()
        last = current.versions.aggregate(n=Max("number"))["n"] or 0
        version = MasterplanVersion.objects.create(
            masterplan=current,
            number=last + 1,
            created_by=user_of(actor),
            snapshot=take_snapshot(current),
        )
        _notify(current, Notification.Kind.APPROVED, actor)
    return version


def publish_masterplan(masterplan: Masterplan, *, actor: Actor) -> Masterplan:
    """The coordinator publishes an approved masterplan; from then on everyone may read it."""
    with transaction.atomic(), acting(actor):
        current = _lock(masterplan, [Status.APPROVED], actor, "planning.publish_masterplan")
        current.status = Status.PUBLISHED
        current.published_at = timezone.now()
        current.save()
        _notify(current, Notification.Kind.PUBLISHED, actor)
    return current


def start_new_draft(masterplan: Masterplan, *, actor: Actor) -> Masterplan:
    """Reopen an approved or published masterplan for editing; its versions stay as they are."""
    with transaction.atomic(), acting(actor):
        current = _lock(
            masterplan, [Status.APPROVED, Status.PUBLISHED], actor, "planning.start_new_draft"
        )
        current.status = Status.DRAFT
        current.return_reason = ""
        current.save()
    return current


def mark_notifications_read(user: User) -> int:
    """Mark every notice of ``user`` read; returns how many were unread."""
    return Notification.objects.filter(user=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
