"""Rows of the permission matrix (tests/test_permissions.py) for the selection module.

The campaign is open to every kabupaten/kota; Kota Bengkulu (17.71) and Kota Bukittinggi
(13.75, the other coordinator's region) have applied; the assessor persona is assigned to
Bengkulu's application only.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from ..conftest import PERSONAS
from ..permissions import LOGIN, Route, national
from .factories import setup


def _pk(w: Any) -> dict[str, Any]:
    return {"pk": setup(w).campaign.pk}


def _app(w: Any, other: bool = False) -> dict[str, Any]:
    s = setup(w)
    region = w.other_region if other else w.region
    return {"pk": s.campaign.pk, "code": region.code}


def _criterion(w: Any) -> dict[str, Any]:
    s = setup(w)
    return {"pk": s.campaign.pk, "criterion_id": s.criterion.pk}


def _document(w: Any) -> dict[str, Any]:
    s = setup(w)
    return {**_app(w), "value_id": s.application.values.get().pk}


def _assignment(w: Any) -> dict[str, Any]:
    s = setup(w)
    return {"pk": s.campaign.pk, "assignment_id": s.application.assignments.get().pk}


def _url(name: str, kwargs: Any) -> Any:
    return lambda w: reverse(name, kwargs=kwargs(w))


# Who sees the campaign at all: everyone whose region may apply, the assigned assessor and
# the national admin. The province viewer and users without a role get 404.
SEE = ("national_admin", "coordinator", "editor_a", "editor_b", "council", "assessor")
SEE_OTHER = ("other_coordinator",)


def campaign_wide(ok: int, national_ok: int | None = None) -> dict[str, Any]:
    """Visible campaign, national-admin action: others who see it get 403, the rest 404."""
    return {
        **dict.fromkeys(PERSONAS, 404),
        **dict.fromkeys((*SEE, *SEE_OTHER), 403),
        "national_admin": national_ok or ok,
        "anonymous": LOGIN,
    }


def visible(ok: int = 200) -> dict[str, Any]:
    return {
        **dict.fromkeys(PERSONAS, 404),
        **dict.fromkeys((*SEE, *SEE_OTHER), ok),
        "anonymous": LOGIN,
    }


# Bengkulu's application: its region's members, its assigned assessor, the national admin.
OWN_APPLICATION = {**visible(), "other_coordinator": 404}
# Bukittinggi's application: its coordinator and the national admin; Bengkulu's assessor
# is not assigned to it.
OTHER_APPLICATION = {
    **dict.fromkeys(PERSONAS, 404),
    "national_admin": 200,
    "other_coordinator": 200,
    "anonymous": LOGIN,
}
VERIFY = {**OWN_APPLICATION, "coordinator": 403, "editor_a": 403, "editor_b": 403, "council": 403}
APPLY = {
    **dict.fromkeys(PERSONAS, 404),
    **dict.fromkeys(("editor_a", "editor_b", "council", "assessor"), 403),
    "national_admin": 200,
    "coordinator": 200,
    "anonymous": LOGIN,
}
RANKING = {**visible(), "assessor": 403}

ROUTES: list[Route] = [
    Route(
        "selection:campaign_list",
        lambda w: reverse("selection:campaign_list"),
        {**dict.fromkeys(PERSONAS, 200), "anonymous": LOGIN},
    ),
    Route("selection:campaign_create", lambda w: reverse("selection:campaign_create"), national()),
    Route("selection:campaign_detail", _url("selection:campaign_detail", _pk), visible()),
    Route("selection:campaign_edit", _url("selection:campaign_edit", _pk), campaign_wide(200)),
    Route(
        "selection:campaign_open",
        _url("selection:campaign_open", _pk),
        campaign_wide(302),
        method="post",
    ),
    Route(
        "selection:campaign_close",
        _url("selection:campaign_close", _pk),
        campaign_wide(302),
        method="post",
    ),
    Route(
        "selection:criterion_create",
        _url("selection:criterion_create", _pk),
        campaign_wide(200),
    ),
    Route(
        "selection:criterion_edit",
        _url("selection:criterion_edit", _criterion),
        campaign_wide(200),
    ),
    Route(
        "selection:criterion_delete",
        _url("selection:criterion_delete", _criterion),
        campaign_wide(302),
        method="post",
    ),
    Route("selection:value_edit", _url("selection:value_edit", _pk), campaign_wide(200)),
    Route("selection:value_import", _url("selection:value_import", _pk), campaign_wide(200)),
    Route("selection:assignment_list", _url("selection:assignment_list", _pk), campaign_wide(200)),
    Route(
        "selection:assignment_delete",
        _url("selection:assignment_delete", _assignment),
        campaign_wide(302),
        method="post",
    ),
    Route("selection:campaign_ranking", _url("selection:campaign_ranking", _pk), RANKING),
    Route("selection:ranking_export", _url("selection:ranking_export", _pk), campaign_wide(200)),
    Route(
        "selection:application_detail",
        _url("selection:application_detail", _app),
        OWN_APPLICATION,
    ),
    Route(
        "selection:application_detail",
        _url("selection:application_detail", lambda w: _app(w, other=True)),
        OTHER_APPLICATION,
        label="application of another region",
    ),
    Route(
        "selection:application_create",
        _url("selection:application_create", _app),
        APPLY,
    ),
    Route(
        "selection:application_verify",
        _url("selection:application_verify", _app),
        VERIFY,
    ),
    Route(
        "selection:application_verify",
        _url("selection:application_verify", lambda w: _app(w, other=True)),
        {**OTHER_APPLICATION, "other_coordinator": 403},
        label="verify another region's application",
    ),
    Route(
        "selection:document_download",
        _url("selection:document_download", _document),
        OWN_APPLICATION,
    ),
    # API
    Route(
        "api:list_campaigns",
        lambda w: reverse("api:list_campaigns"),
        {**dict.fromkeys(PERSONAS, 200), "anonymous": 401},
    ),
    Route(
        "api:get_ranking",
        lambda w: reverse("api:get_ranking", kwargs={"campaign_id": setup(w).campaign.pk}),
        {**RANKING, "anonymous": 401},
    ),
]
