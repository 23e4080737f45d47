"""Rows of the permission matrix (tests/test_permissions.py) for the selection module.

The campaign is open to every kabupaten/kota; Kota Bengkulu (17.71) and Kota Bukittinggi
(13.75, the other coordinator's region) have applied; the assessor persona is assigned to
Bengkulu's application only.
"""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ..permissions import EDITORS_B, LOGIN, PEOPLE, Route, national
from .factories import instrument, setup


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
# the national admin. Province viewers, the other region's assessor (not assigned) and users
# without a role get 404.
SEE = ("national_admin", "coordinator", "editor_a", "editor_b", "council", "assessor")
SEE_OTHER = ("other_coordinator", "two_regions")


def campaign_wide(ok: int, national_ok: int | None = None) -> dict[str, Any]:
    """Visible campaign, national-admin action: others who see it get 403, the rest 404."""
    return {
        **dict.fromkeys(PEOPLE, 404),
        **dict.fromkeys((*SEE, *SEE_OTHER), 403),
        "national_admin": national_ok or ok,
        "anonymous": LOGIN,
    }


def visible(ok: int = 200) -> dict[str, Any]:
    return {
        **dict.fromkeys(PEOPLE, 404),
        **dict.fromkeys((*SEE, *SEE_OTHER), ok),
        "anonymous": LOGIN,
    }


# Bengkulu's application: its region's members, its assigned assessor, the national admin.
OWN_APPLICATION = {**visible(), "other_coordinator": 404}
# Bukittinggi's application: its coordinators and the national admin; Bengkulu's assessor
# is not assigned to it, nor is Bukittinggi's own assessor.
OTHER_APPLICATION = {
    **dict.fromkeys(PEOPLE, 404),
    "national_admin": 200,
    "other_coordinator": 200,
    "two_regions": 200,
    "anonymous": LOGIN,
}
# Bengkulu's members read the application but only the assigned assessor and the national
# admin verify it.
REGION_MEMBERS = ("coordinator", "editor_a", *EDITORS_B, "council")
VERIFY = {**OWN_APPLICATION, **dict.fromkeys(REGION_MEMBERS, 403)}
# Only Bengkulu's coordinator applies for Bengkulu: ``two_regions`` coordinates another
# region and edits for an agency here, which does not make it a coordinator here.
APPLY = {
    **dict.fromkeys(PEOPLE, 404),
    **dict.fromkeys((*REGION_MEMBERS, "assessor"), 403),
    "national_admin": 200,
    "coordinator": 200,
    "anonymous": LOGIN,
}
RANKING = {**visible(), "assessor": 403}


def _campaign_data(w: Any) -> dict[str, Any]:
    return {
        "name": "Gerakan Menuju Smart City 2027",
        "year": 2027,
        "instrument": instrument().pk,
        "quota": 5,
        "deadline": "2027-06-30",
        "open_to_all": "on",
        "readiness_weight": "60",
    }


def _campaign_edit(w: Any) -> dict[str, Any]:
    return {**_campaign_data(w), "version": setup(w).campaign.version}


def _criterion_data(w: Any) -> dict[str, Any]:
    return {
        "code": "population",
        "name": "Penduduk",
        "weight": "10",
        "value_min": "0",
        "value_max": "100",
    }


def _values(w: Any) -> dict[str, Any]:
    s = setup(w)
    return {f"v_{app.pk}_{s.criterion.pk}": "7" for app in (s.application, s.other)}


def _values_file(w: Any) -> dict[str, Any]:
    table = b"region,fiscal\n17.71,5\n13.75,7\n"
    return {"file": SimpleUploadedFile("nilai.csv", table, content_type="text/csv")}


def _assign(w: Any) -> dict[str, Any]:
    """Bukittinggi's assessor to Bukittinggi's application."""
    return {"application": setup(w).other.pk, "assessor": w.users["other_assessor"].pk}


def _resubmit(w: Any) -> dict[str, Any]:
    """Bengkulu applies again with its assessment; its document is already there."""
    return {"assessment": setup(w).application.assessment_id}


def _verify(w: Any) -> dict[str, Any]:
    return {"notes": "Dokumen lengkap."}


ROUTES: list[Route] = [
    Route(
        "selection:campaign_list",
        lambda w: reverse("selection:campaign_list"),
        {**dict.fromkeys(PEOPLE, 200), "anonymous": LOGIN},
    ),
    Route("selection:campaign_create", lambda w: reverse("selection:campaign_create"), national()),
    Route(
        "selection:campaign_create",
        lambda w: reverse("selection:campaign_create"),
        national(302),
        method="post",
        data=_campaign_data,
    ),
    Route("selection:campaign_detail", _url("selection:campaign_detail", _pk), visible()),
    Route("selection:campaign_edit", _url("selection:campaign_edit", _pk), campaign_wide(200)),
    Route(
        "selection:campaign_edit",
        _url("selection:campaign_edit", _pk),
        campaign_wide(302),
        method="post",
        data=_campaign_edit,
    ),
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
        "selection:criterion_create",
        _url("selection:criterion_create", _pk),
        campaign_wide(302),
        method="post",
        data=_criterion_data,
    ),
    Route(
        "selection:criterion_edit",
        _url("selection:criterion_edit", _criterion),
        campaign_wide(200),
    ),
    Route(
        "selection:criterion_edit",
        _url("selection:criterion_edit", _criterion),
        campaign_wide(302),
        method="post",
        data=lambda w: {**_criterion_data(w), "code": "fiscal", "requires_document": "on"},
    ),
    Route(
        "selection:criterion_delete",
        _url("selection:criterion_delete", _criterion),
        campaign_wide(302),
        method="post",
    ),
    Route("selection:value_edit", _url("selection:value_edit", _pk), campaign_wide(200)),
    Route(
        "selection:value_edit",
        _url("selection:value_edit", _pk),
        campaign_wide(302),
        method="post",
        data=_values,
    ),
    Route("selection:value_import", _url("selection:value_import", _pk), campaign_wide(200)),
    Route(
        "selection:value_import",
        _url("selection:value_import", _pk),
        campaign_wide(302),
        method="post",
        data=_values_file,
    ),
    Route("selection:assignment_list", _url("selection:assignment_list", _pk), campaign_wide(200)),
    Route(
        "selection:assignment_list",
        _url("selection:assignment_list", _pk),
        campaign_wide(302),
        method="post",
        data=_assign,
    ),
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
        "selection:application_create",
        _url("selection:application_create", _app),
        {**APPLY, "national_admin": 302, "coordinator": 302},
        method="post",
        data=_resubmit,
    ),
    Route(
        "selection:application_verify",
        _url("selection:application_verify", _app),
        VERIFY,
    ),
    Route(
        "selection:application_verify",
        _url("selection:application_verify", _app),
        {**VERIFY, "national_admin": 302, "assessor": 302},
        method="post",
        data=_verify,
    ),
    Route(
        "selection:application_verify",
        _url("selection:application_verify", lambda w: _app(w, other=True)),
        {**OTHER_APPLICATION, "other_coordinator": 403, "two_regions": 403},
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
        {**dict.fromkeys(PEOPLE, 200), "anonymous": 401},
    ),
    Route(
        "api:get_ranking",
        lambda w: reverse("api:get_ranking", kwargs={"campaign_id": setup(w).campaign.pk}),
        {**RANKING, "anonymous": 401},
    ),
]
