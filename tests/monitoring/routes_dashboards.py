"""Rows of the permission matrix (tests/test_permissions.py) for the monitoring dashboards.

The world holds a published masterplan of Kota Bengkulu (17.71, province Bengkulu 17) with
programme P01 led by agency A and one indicator of agency A, its summary computed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.urls import reverse

from kotacerdas.planning.models import Masterplan

from ..conftest import World
from ..permissions import LOGIN, PEOPLE, Route, members, national
from .dashboard_data import published_with_summary

API_OUT = {"other_coordinator": 404, "no_role": 404, "anonymous": 401}
# The province dashboard: national admins and the viewers of that province only.
PROVINCE = {**dict.fromkeys(PEOPLE, 403), "national_admin": 200, "province_viewer": 200}


def _plan(w: World) -> Masterplan:
    return published_with_summary(w)


def _region(name: str, **extra: Any) -> Callable[[World], str]:
    def url(w: World) -> str:
        _plan(w)
        kwargs = {"code": w.region.code, **{k: v(w) for k, v in extra.items()}}
        return reverse(name, kwargs=kwargs)

    return url


def _province(name: str) -> Callable[[World], str]:
    def url(w: World) -> str:
        _plan(w)
        return reverse(name, kwargs={"code": w.province.code})

    return url


def _national(name: str, query: str = "") -> Callable[[World], str]:
    def url(w: World) -> str:
        _plan(w)
        return reverse(name) + query

    return url


def _status(w: World) -> str:
    return reverse("api:get_masterplan_status", kwargs={"masterplan_id": _plan(w).pk})


ROUTES: list[Route] = [
    Route("monitoring:dashboard_region", _region("monitoring:dashboard_region"), members()),
    Route(
        "monitoring:dashboard_agency",
        _region("monitoring:dashboard_agency", pk=lambda w: w.agency_a.pk),
        members(),
    ),
    Route(
        "monitoring:dashboard_province",
        _province("monitoring:dashboard_province"),
        {**PROVINCE, "anonymous": LOGIN},
    ),
    Route(
        "monitoring:dashboard_province_export",
        _province("monitoring:dashboard_province_export"),
        {**PROVINCE, "anonymous": LOGIN},
    ),
    Route("monitoring:dashboard_national", _national("monitoring:dashboard_national"), national()),
    Route(
        "monitoring:dashboard_national_export",
        _national("monitoring:dashboard_national_export"),
        national(),
    ),
    Route("api:get_masterplan_status", _status, {**members(), **API_OUT}),
    Route(
        "api:get_region_dashboard",
        lambda w: reverse("api:get_region_dashboard", kwargs={"code": _plan(w).region.code}),
        {**members(), **API_OUT},
    ),
    # Without a province: national admins see all, each province viewer their own.
    Route(
        "api:get_national_summary",
        _national("api:get_national_summary"),
        {
            **dict.fromkeys(PEOPLE, 403),
            "national_admin": 200,
            "province_viewer": 200,
            "other_province_viewer": 200,
            "anonymous": 401,
        },
    ),
    # Asking for Bengkulu's province: only its viewer (and national admins).
    Route(
        "api:get_national_summary",
        _national("api:get_national_summary", "?province=17"),
        {**PROVINCE, "anonymous": 401},
        label="api:get_national_summary?province=17",
    ),
]
