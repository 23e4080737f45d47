"""Sending notices and marking them read.

``notify`` is called by other apps' services, inside their transaction and after their own
permission check: the notices are part of that change (rolled back with it), and the
e-mail copies leave only once it has committed.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.utils import timezone, translation

from kotacerdas.accounts.actors import Actor, user_of
from kotacerdas.accounts.models import User
from kotacerdas.regions.models import Region

from . import kinds
from .models import Notification


def notify(
    recipients: Iterable[User],
    *,
    actor: Actor,
    kind: str,
    params: dict[str, Any],
    url: str = "",
    region: Region | None = None,
) -> list[Notification]:
    """Notify each active recipient (never the actor) in the app and by e-mail."""
    me = user_of(actor)
    users = {u.pk: u for u in recipients if u.is_active and (me is None or u.pk != me.pk)}
    if me is not None:
        params = {**params, "who": me.get_full_name() or me.username}
    notices = Notification.objects.bulk_create(
        Notification(user=u, region=region, kind=kind, params=params, url=url)
        for u in users.values()
    )
    _mail_on_commit(list(users.values()), kind, params, url)
    return notices


def _mail_on_commit(users: list[User], kind: str, params: dict[str, Any], url: str) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        subject = f"[Kotacerdas] {kinds.subject(kind)}"
        body = f"{kinds.render(kind, params)}\n\n{settings.SITE_URL}{url}\n"
    messages = [(subject, body, settings.DEFAULT_FROM_EMAIL, [u.email]) for u in users if u.email]
    if messages:
        transaction.on_commit(lambda: send_mass_mail(messages, fail_silently=True))


def mark_read(actor: User, ids: Iterable[int] | None = None) -> int:
    """Mark the actor's own notices read (all, or those in ``ids``); returns how many.

    A user reaches only their own notices: the filter on ``user`` is the permission.
    """
    with transaction.atomic():
        notices = Notification.objects.filter(user=actor).unread()
        if ids is not None:
            notices = notices.filter(pk__in=list(ids))
        return notices.update(read_at=timezone.now())
