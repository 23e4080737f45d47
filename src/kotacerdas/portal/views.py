"""The public portal's pages and files: anonymous, read only, published data only."""

from __future__ import annotations

import datetime as dt
import json
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_GET

from kotacerdas.accounts.access import get_for_user
from kotacerdas.lib.files import download_name, serve
from kotacerdas.planning.models import Masterplan

from . import cache, dcat, opendata, queries
from .public_forms import PublicRegionFilterForm


def masterplan_for(request: HttpRequest, code: str) -> Masterplan:
    """The region's latest published masterplan, or 404 (a region that has not published,
    or no such region)."""
    plans = queries.stamped(queries.latest_published().select_related("vision"))
    return get_for_user(request.user, plans, view=None, region__code=code)


def _provinces() -> list[tuple[str, str]]:
    return [(p.code, p.name) for p in queries.provinces_with_publications()]


@require_GET
def region_list(request: HttpRequest) -> HttpResponse:
    """The regions that published, searched, filtered, sorted and paged; the rows and each
    page's table are kept under the national public version, keyed by the normalised
    filters and the page number (one query once cached: the version)."""
    version = queries.national_version()
    provinces = cache.cached("provinces", cache.NATIONAL, version, _provinces)
    form = PublicRegionFilterForm(request.GET, provinces=provinces)
    search, province, kind, sort = filters = form.filters()
    rows = cache.cached(
        "list",
        cache.NATIONAL,
        version,
        lambda: queries.listed_regions(search=search, province=province, kind=kind, sort=sort),
        filters,
    )
    page = Paginator(rows, queries.PAGE_SIZE).get_page(request.GET.get("page"))
    # The pages' links carry the normalised filters, never an unknown parameter.
    query = urlencode(
        [(k, v) for k, v in zip(("q", "province", "kind", "sort"), filters, strict=True) if v]
    )

    def results() -> str:
        return render_to_string("portal/_region_list_results.html", {"page": page, "query": query})

    body = cache.cached_html("list-page", cache.NATIONAL, version, results, (*filters, page.number))
    return render(request, "portal/region_list.html", {"form": form, "results": body})


@require_GET
def region_detail(request: HttpRequest, code: str) -> HttpResponse:
    masterplan = masterplan_for(request, code)
    version = queries.public_version(masterplan)

    def body() -> str:
        data = queries.region_page(masterplan.region, masterplan)
        return render_to_string(
            "portal/_region_body.html", {"data": data, "tables": opendata.TABLES}
        )

    return render(
        request,
        "portal/region_detail.html",
        {
            "masterplan": masterplan,
            "region": masterplan.region,
            "body": cache.cached_html("region", code, version, body),
        },
    )


@require_GET
def programme_detail(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    masterplan = masterplan_for(request, code)
    programme = get_for_user(
        request.user, queries.published_programme_queryset(masterplan), view=None, pk=pk
    )
    version = queries.public_version(masterplan)

    def body() -> str:
        data = queries.programme_page(masterplan, programme)
        return render_to_string("portal/_programme_body.html", {"data": data})

    return render(
        request,
        "portal/programme_detail.html",
        {
            "masterplan": masterplan,
            "region": masterplan.region,
            "programme": programme,
            "body": cache.cached_html(f"programme-{programme.pk}", code, version, body),
        },
    )


@require_GET
def document_download(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """A generated document of the region's published masterplan (approved version only);
    a draft's or another region's document is not found."""
    masterplan = masterplan_for(request, code)
    row = get_for_user(request.user, queries.public_documents(masterplan), view=None, pk=pk)
    version = row.masterplan_version.number if row.masterplan_version else 0
    stem = f"masterplan-{code}-v{version}-{row.language}"
    return serve(request, row.file, download_name(stem, row.file))


def _table(name: str) -> opendata.Table:
    from django.http import Http404

    table = opendata.table_named(name)
    if table is None:
        raise Http404
    return table


@require_GET
def table_csv(request: HttpRequest, code: str, table: str) -> HttpResponse:
    """A published table as CSV, kept in the cache under the region's public version."""
    masterplan = masterplan_for(request, code)
    spec = _table(table)

    def build() -> bytes:
        return "".join(opendata.csv_of(spec, masterplan)).encode()

    body = cache.cached(f"data:{spec.name}.csv", code, queries.public_version(masterplan), build)
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{code}-{spec.name}.csv"'
    return response


@require_GET
def table_json(request: HttpRequest, code: str, table: str) -> HttpResponse:
    """A published table as JSON with its data dictionary, kept like the CSV."""
    masterplan = masterplan_for(request, code)
    spec = _table(table)

    def build() -> bytes:
        data = opendata.json_of(spec, masterplan)
        return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).encode()

    body = cache.cached(f"data:{spec.name}.json", code, queries.public_version(masterplan), build)
    return HttpResponse(body, content_type="application/json")


@require_GET
def dictionary(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/dictionary.html", {"tables": opendata.TABLES})


@require_GET
def dictionary_json(request: HttpRequest) -> JsonResponse:
    return JsonResponse(
        {"tables": opendata.dictionary(), "licence": opendata.LICENCE_URL},
        json_dumps_params={"ensure_ascii": False},
    )


@require_GET
def catalogue(request: HttpRequest) -> HttpResponse:
    """``data.json``: every published table of every region, as DCAT-US 1.1 datasets, kept
    under the national public version for the host asked (its links are absolute)."""
    body = cache.cached(
        "data.json",
        cache.NATIONAL,
        queries.national_version(),
        lambda: _catalogue(request),
        cache.site(request),
    )
    return HttpResponse(body, content_type="application/json; charset=utf-8")


def _catalogue(request: HttpRequest) -> bytes:
    plans = queries.latest_published().order_by("region__code")
    changes = queries.last_changes(plans)
    dictionary_url = request.build_absolute_uri(reverse("portal:dictionary_json"))
    datasets = []
    for plan in plans:
        code = plan.region.code

        def url(table: str, fmt: str, code: str = code) -> str:
            name = "portal:table_csv" if fmt == "csv" else "portal:table_json"
            return request.build_absolute_uri(reverse(name, args=[code, table]))

        page = request.build_absolute_uri(reverse("portal:region_detail", args=[code]))
        datasets += [
            dcat.dataset(table, plan, changes.get(plan.pk), url, page, dictionary_url)
            for table in opendata.TABLES
        ]
    return json.dumps(dcat.catalogue(datasets), ensure_ascii=False, indent=1).encode()


@require_GET
def sitemap(request: HttpRequest) -> HttpResponse:
    """The portal's pages for search engines, kept like ``data.json``."""
    body = cache.cached(
        "sitemap.xml",
        cache.NATIONAL,
        queries.national_version(),
        lambda: _sitemap(request),
        cache.site(request),
    )
    return HttpResponse(body, content_type="application/xml")


def _sitemap(request: HttpRequest) -> str:
    urls: list[tuple[str, dt.datetime | None]] = [
        (request.build_absolute_uri(reverse("portal:region_list")), None)
    ]
    urls.append((request.build_absolute_uri(reverse("portal:dictionary")), None))
    for code, programme, when in queries.sitemap_entries():
        if programme is None:
            path = reverse("portal:region_detail", args=[code])
        else:
            path = reverse("portal:programme_detail", args=[code, programme])
        urls.append((request.build_absolute_uri(path), when))
    return render_to_string("portal/sitemap.xml", {"urls": urls})
