"""The notices the guidance sends, registered with the core notifications app."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from kotacerdas.notifications import kinds

COMMENTED = kinds.register(
    "guidance.commented",
    _("Expert comment on the guidance"),
    _("%(who)s commented on the guidance of %(region)s: %(text)s"),
)
RESOLVED = kinds.register(
    "guidance.comment_resolved",
    _("Guidance comment resolved"),
    _("%(who)s resolved your comment on the guidance of %(region)s."),
)
