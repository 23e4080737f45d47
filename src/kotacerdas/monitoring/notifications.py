"""The notices monitoring sends, registered with the core notifications app."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from kotacerdas.notifications import kinds

REPORTED = kinds.register(
    "monitoring.reported",
    _("Realisation reported"),
    _("%(who)s reported %(indicator)s for %(period)s; it waits for verification."),
)
VERIFIED = kinds.register(
    "monitoring.verified",
    _("Realisation verified"),
    _("%(who)s verified %(indicator)s for %(period)s."),
)
RETURNED = kinds.register(
    "monitoring.returned",
    _("Realisation returned"),
    _("%(who)s returned %(indicator)s for %(period)s."),
)
PROGRESS_REPORTED = kinds.register(
    "monitoring.progress_reported",
    _("Programme progress reported"),
    _("%(who)s reported the progress of %(programme)s for %(year)s."),
)
PROGRESS_VERIFIED = kinds.register(
    "monitoring.progress_verified",
    _("Programme progress verified"),
    _("%(who)s verified the progress of %(programme)s for %(year)s."),
)
PROGRESS_RETURNED = kinds.register(
    "monitoring.progress_returned",
    _("Programme progress returned"),
    _("%(who)s returned the progress of %(programme)s for %(year)s."),
)
REMINDER = kinds.register(
    "monitoring.reminder",
    _("Monitoring reports to do"),
    _("%(due)s due within 14 days, %(overdue)s overdue, %(returned)s returned: %(items)s."),
)
