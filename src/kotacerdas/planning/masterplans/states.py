"""Whether a refused change is refused because of the masterplan's status.

Planning permissions hold in one status (a programme is changed only in a draft); the API
tells someone whose role would allow the change in another status that the status is the
reason (409 ``invalid_state``), and keeps 403 for those whose role never allows it.
"""

from __future__ import annotations

import copy
from functools import partial
from typing import Any

from django.utils.translation import gettext as _

from kotacerdas.accounts import access
from kotacerdas.accounts.access import StateTable

from ..rules import masterplan_of
from .models import Masterplan


def in_status(obj: Any, status: str) -> Any:
    """A copy of ``obj`` whose masterplan is in ``status``; nothing is saved."""
    probe = copy.copy(obj)
    if isinstance(obj, Masterplan):
        probe.status = status
    elif hasattr(obj, "programme_id") and obj.__class__.__name__ != "Comment":
        probe.programme = in_status(obj.programme, status)
    else:
        probe.masterplan = in_status(obj.masterplan, status)
    return probe


def _reason(masterplan: Masterplan) -> str:
    return _("This cannot be done while the masterplan is %(status)s.") % {
        "status": masterplan.get_status_display().lower()
    }


STATES = StateTable(
    statuses=Masterplan.Status.values,
    holder=masterplan_of,
    in_status=in_status,
    reason=_reason,
)

# Why a change is refused, if the masterplan's status is the only reason
# (``get_for_user(..., state_refusal=state_refusal)``).
state_refusal = partial(access.state_refusal, STATES)
