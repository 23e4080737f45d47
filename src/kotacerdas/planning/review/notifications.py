"""The notices a masterplan's review sends, through the core notifications app.

Each step of the review tells the people of the region who act next; the sentences are
registered here and written in each reader's language when read.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from kotacerdas.accounts.actors import Actor
from kotacerdas.accounts.models import Role
from kotacerdas.accounts.queries import users_with_roles
from kotacerdas.notifications import kinds
from kotacerdas.notifications.services import notify as send

from ..masterplans.models import Masterplan

SUBMITTED = kinds.register(
    "planning.submitted",
    _("Masterplan submitted for review"),
    _("%(who)s submitted the masterplan “%(title)s” for review."),
)
RETURNED = kinds.register(
    "planning.returned",
    _("Masterplan returned to draft"),
    _("%(who)s returned the masterplan “%(title)s” to draft."),
)
APPROVED = kinds.register(
    "planning.approved",
    _("Masterplan approved"),
    _("%(who)s approved the masterplan “%(title)s”."),
)
PUBLISHED = kinds.register(
    "planning.published",
    _("Masterplan published"),
    _("%(who)s published the masterplan “%(title)s”."),
)

# Who hears about each step, by role in the masterplan's region.
AUDIENCE: dict[str, tuple[Role, ...]] = {
    SUBMITTED.code: (Role.COUNCIL_MEMBER, Role.ASSESSOR),
    RETURNED.code: (Role.REGION_COORDINATOR, Role.AGENCY_EDITOR),
    APPROVED.code: (Role.REGION_COORDINATOR,),
    PUBLISHED.code: (
        Role.REGION_COORDINATOR,
        Role.AGENCY_EDITOR,
        Role.COUNCIL_MEMBER,
        Role.ASSESSOR,
    ),
}


def notify(masterplan: Masterplan, kind: kinds.NoticeKind, actor: Actor, note: str = "") -> None:
    """Tell the region's people of ``kind``'s audience, in the app and by e-mail."""
    params = {"title": masterplan.title}
    if note:
        params["note"] = note
    send(
        users_with_roles(masterplan.region_id, AUDIENCE[kind.code]),
        actor=actor,
        kind=kind.code,
        params=params,
        url=masterplan.get_absolute_url(),
        region=masterplan.region,
    )
