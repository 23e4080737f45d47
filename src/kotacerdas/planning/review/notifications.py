"""The notices a masterplan's review sends: in-app rows now, emails once committed.

Kept apart from the review services so the notices can move to a core notifications app.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kotacerdas.accounts.actors import Actor, user_of
from kotacerdas.accounts.models import Membership, Role, User

from ..masterplans.models import Masterplan
from .models import Notification

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


def notify(masterplan: Masterplan, kind: str, actor: Actor, note: str = "") -> None:
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


def mark_notifications_read(user: User) -> int:
    """Mark every notice of ``user`` read; returns how many were unread."""
    return Notification.objects.filter(user=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
