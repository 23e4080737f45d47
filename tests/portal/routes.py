"""Rows of the permission matrix (tests/test_permissions.py) for the public portal: every
page, file and API operation answers everyone, signed in or not, for a region that
published (200), and nobody for a region with only a draft (404)."""

from __future__ import annotations

from django.urls import reverse

from kotacerdas.planning.models import Masterplan, Programme

from ..conftest import World
from ..permissions import Route, public
from .factories import generated_document, published_region


def _plan(w: World) -> Masterplan:
    found = Masterplan.objects.filter(region=w.region, status="published").first()
    return found or published_region(w).plan


def _programme(w: World) -> Programme:
    return _plan(w).programmes.order_by("code").first()  # type: ignore[return-value]


def _code(w: World) -> str:
    return _plan(w).region.code


def _draft_only(w: World) -> str:
    _plan(w)
    return w.other_region.code


def _document(w: World) -> int:
    return generated_document(_plan(w)).pk


def _draft_document(w: World) -> int:
    draft = Masterplan.objects.filter(region=w.region, status="draft").first()
    return generated_document(draft or _plan(w), version=None).pk


def _page(name: str, *args: object) -> Route:
    return Route(f"portal:{name}", lambda w: reverse(f"portal:{name}"), public())


ROUTES: list[Route] = [
    _page("region_list"),
    _page("catalogue"),
    _page("sitemap"),
    _page("dictionary"),
    _page("dictionary_json"),
    Route(
        "portal:region_detail", lambda w: reverse("portal:region_detail", args=[_code(w)]), public()
    ),
    Route(
        "portal:region_detail",
        lambda w: reverse("portal:region_detail", args=[_draft_only(w)]),
        public(404),
        label="portal:region_detail (draft only)",
    ),
    Route(
        "portal:programme_detail",
        lambda w: reverse("portal:programme_detail", args=[_code(w), _programme(w).pk]),
        public(),
    ),
    Route(
        "portal:table_csv",
        lambda w: reverse("portal:table_csv", args=[_code(w), "programmes"]),
        public(),
    ),
    Route(
        "portal:table_csv",
        lambda w: reverse("portal:table_csv", args=[_draft_only(w), "programmes"]),
        public(404),
        label="portal:table_csv (draft only)",
    ),
    Route(
        "portal:table_json",
        lambda w: reverse("portal:table_json", args=[_code(w), "indicators"]),
        public(),
    ),
    Route(
        "portal:document_download",
        lambda w: reverse("portal:document_download", args=[_code(w), _document(w)]),
        public(),
    ),
    Route(
        "portal:document_download",
        lambda w: reverse("portal:document_download", args=[_code(w), _draft_document(w)]),
        public(404),
        label="portal:document_download (draft's document)",
    ),
    Route(
        "portal:document_download",
        lambda w: reverse("portal:document_download", args=[_draft_only(w), _document(w)]),
        public(404),
        label="portal:document_download (another region)",
    ),
    Route("api:list_public_regions", lambda w: (_plan(w), "/api/v1/public/regions")[1], public()),
    Route(
        "api:get_public_region",
        lambda w: reverse("api:get_public_region", kwargs={"code": _code(w)}),
        public(),
    ),
    Route(
        "api:get_public_region",
        lambda w: reverse("api:get_public_region", kwargs={"code": _draft_only(w)}),
        public(404),
        label="api:get_public_region (draft only)",
    ),
    Route(
        "api:list_public_programmes",
        lambda w: reverse("api:list_public_programmes", kwargs={"code": _code(w)}),
        public(),
    ),
    Route(
        "api:get_public_programme",
        lambda w: reverse(
            "api:get_public_programme",
            kwargs={"code": _code(w), "programme_id": _programme(w).pk},
        ),
        public(),
    ),
    Route(
        "api:list_public_indicators",
        lambda w: reverse("api:list_public_indicators", kwargs={"code": _code(w)}),
        public(),
    ),
    Route(
        "api:get_public_results",
        lambda w: reverse("api:get_public_results", kwargs={"code": _code(w)}),
        public(),
    ),
    Route(
        "api:get_public_results",
        lambda w: reverse("api:get_public_results", kwargs={"code": _draft_only(w)}),
        public(404),
        label="api:get_public_results (draft only)",
    ),
    Route(
        "api:list_public_documents",
        lambda w: reverse("api:list_public_documents", kwargs={"code": _code(w)}),
        public(),
    ),
    Route(
        "api:list_public_documents",
        lambda w: reverse("api:list_public_documents", kwargs={"code": _draft_only(w)}),
        public(404),
        label="api:list_public_documents (draft only)",
    ),
]
