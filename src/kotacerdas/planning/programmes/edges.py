"""Fetching the programme a URL names, for the user asking (404 if hidden, 403 if not allowed)."""

from __future__ import annotations

from django.http import HttpRequest

from kotacerdas.accounts.access import get_for_user

from ..masterplans.edges import VIEW
from ..masterplans.states import state_refusal
from .models import Programme
from .queries import programme_detail


def programme_for(
    request: HttpRequest, pk: int, change: str | None = None, *, full: bool = True
) -> Programme:
    return get_for_user(
        request.user,
        programme_detail(
            Programme.objects.select_related(
                "masterplan__region__province", "dimension", "element", "lead_agency"
            ),
            full=full,
        ),
        view=VIEW,
        change=change,
        state_refusal=state_refusal,
        pk=pk,
    )
