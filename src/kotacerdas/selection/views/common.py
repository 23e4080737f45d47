"""What every page of selection shares: the acting user and the access to campaigns and
applications."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from kotacerdas.accounts.access import get_for_user
from kotacerdas.accounts.edge import acting_user

from .. import queries
from ..models import Application, Campaign

__all__ = [
    "MANAGE",
    "PAGE_SIZE",
    "acting_user",
    "application_for",
    "campaign_for",
    "form_fields",
    "may_see_ranking",
]

PAGE_SIZE = 50
MANAGE = "selection.manage_campaign"


def campaign_for(request: HttpRequest, pk: int, change: str | None = None) -> Campaign:
    """A campaign the user may see (404 otherwise); ``change`` is checked for a 403."""
    return get_for_user(
        request.user, queries.campaigns_visible_to(request.user), view=None, change=change, pk=pk
    )


def application_for(
    request: HttpRequest, pk: int, code: str, change: str | None = None
) -> Application:
    campaign = campaign_for(request, pk)
    application = get_for_user(
        request.user,
        Application.objects.select_related(
            "region", "region__province", "assessment", "assessment__instrument"
        ),
        view="selection.view_application",
        change=change,
        campaign=campaign,
        region__code=code,
    )
    application.campaign = campaign
    return application


def form_fields(form: Any) -> dict[str, Any]:
    return {k: v for k, v in form.cleaned_data.items() if k not in ("invited", "version")}


def may_see_ranking(request: HttpRequest) -> bool:
    """The full table (national admin) or the region's own result (its members)."""
    return request.user.has_perm(MANAGE) or bool(queries.own_regions(request.user))
