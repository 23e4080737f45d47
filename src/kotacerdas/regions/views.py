"""HTML pages of regions and agencies."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kotacerdas.accounts.access import get_for_user
from kotacerdas.accounts.edge import acting_user
from kotacerdas.accounts.forms import AuditFilterForm
from kotacerdas.accounts.queries import describe_changes, history_of, members_of, region_log
from kotacerdas.lib.concurrency import ConcurrentEditError

from . import queries, services
from .forms import AgencyForm, AgencyMergeForm, RegionFilterForm, TimeZoneForm
from .models import Agency, Region

PAGE_SIZE = 50


def _region(request: HttpRequest, code: str, view: str | None, change: str | None = None) -> Region:
    return get_for_user(
        request.user, Region.objects.select_related("province"), view=view, change=change, code=code
    )


def _agency(request: HttpRequest, code: str, pk: int, change: str | None = None) -> Agency:
    return get_for_user(
        request.user,
        Agency.objects.select_related("region", "region__province"),
        view="regions.view_agency",
        change=change,
        pk=pk,
        region__code=code,
    )


@require_GET
def region_list(request: HttpRequest) -> HttpResponse:
    """The national overview: every province and kabupaten/kota, searchable and paginated."""
    provinces = list(queries.provinces())
    form = RegionFilterForm(request.GET or None, provinces=provinces)
    filters = form.cleaned_data if form.is_valid() else {}
    regions = queries.region_list(
        search=filters.get("q", ""),
        province=filters.get("province", ""),
        kind=filters.get("kind", ""),
    )
    page = Paginator(regions, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "query": query.urlencode()}
    partial = getattr(request, "htmx", False)
    template = "regions/_region_table.html" if partial else "regions/region_list.html"
    return render(request, template, context)


@require_GET
def region_detail(request: HttpRequest, code: str) -> HttpResponse:
    """A region's home: public facts for everyone, its work for those who may see it."""
    region = _region(request, code, view=None)
    context: dict[str, object] = {"region": region, "counts": None}
    if request.user.has_perm("regions.change_time_zone", region):
        context["zone_form"] = TimeZoneForm(initial={"time_zone": region.time_zone})
    if request.user.has_perm("regions.view_region_data", region):
        agencies = list(queries.agencies_of(region, include_retired=False))
        context.update(
            agencies=agencies,
            members=list(members_of(region)),
            can_manage=request.user.has_perm("regions.manage_agencies", region),
        )
    if region.is_province:
        context["districts"] = list(region.districts.order_by("code"))
    return render(request, "regions/region_detail.html", context)


@login_required
@require_POST
def region_activate(request: HttpRequest, code: str) -> HttpResponse:
    region = _region(request, code, view=None, change="regions.activate_region")
    try:
        created = services.activate_region(region, actor=acting_user(request))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            ngettext(
                "%(region)s joined the programme; %(n)d agency was created.",
                "%(region)s joined the programme; %(n)d agencies were created.",
                created,
            )
            % {"region": region.name, "n": created},
        )
    return redirect(region)


@login_required
@require_POST
def region_time_zone(request: HttpRequest, code: str) -> HttpResponse:
    """The national administrator sets the zone a region's dates are shown in."""
    region = _region(request, code, view=None, change="regions.change_time_zone")
    form = TimeZoneForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose WIB, WITA or WIT."))
        return redirect(region)
    try:
        services.set_time_zone(
            region, actor=acting_user(request), time_zone=form.cleaned_data["time_zone"]
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The time zone was saved."))
    return redirect(region)


@login_required
@require_GET
def region_audit(request: HttpRequest, code: str) -> HttpResponse:
    region = _region(
        request, code, view="regions.view_region_data", change="accounts.view_region_audit"
    )
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    entries = region_log(
        region,
        model=filters.get("model", ""),
        actor=filters.get("actor", ""),
        action=filters.get("action", ""),
        since=filters.get("since"),
        until=filters.get("until"),
    )
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "regions/region_audit.html",
        {
            "region": region,
            "form": form,
            "page": page,
            "rows": describe_changes(page),
            "query": query.urlencode(),
        },
    )


@login_required
@require_GET
def agency_list(request: HttpRequest, code: str) -> HttpResponse:
    region = _region(request, code, view="regions.view_region_data")
    return render(
        request,
        "regions/agency_list.html",
        {
            "region": region,
            "agencies": list(queries.agencies_of(region)),
            "can_manage": request.user.has_perm("regions.manage_agencies", region),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def agency_create(request: HttpRequest, code: str) -> HttpResponse:
    region = _region(
        request, code, view="regions.view_region_data", change="regions.manage_agencies"
    )
    form = AgencyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        fields = {k: form.cleaned_data[k] for k in ("name", "acronym", "kind")}
        try:
            agency = services.create_agency(region, actor=acting_user(request), **fields)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Agency %(name)s added.") % {"name": agency})
            return redirect("regions:agency_list", code=region.code)
    return render(request, "regions/agency_form.html", {"region": region, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def agency_edit(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    agency = _agency(request, code, pk, change="regions.change_agency")
    form = AgencyForm(request.POST or None, instance=Agency.objects.get(pk=agency.pk))
    conflict = None
    if request.method == "POST" and form.is_valid():
        fields = {k: form.cleaned_data[k] for k in ("name", "acronym", "kind")}
        try:
            services.update_agency(
                agency,
                actor=acting_user(request),
                opened_version=form.cleaned_data["version"],
                **fields,
            )
        except ConcurrentEditError as exc:
            conflict = exc.current
            form.add_error(None, str(exc))
            data = request.POST.copy()
            data["version"] = str(getattr(exc.current, "version", ""))
            form.data = data
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Agency saved."))
            return redirect("regions:agency_list", code=agency.region.code)
    return render(
        request,
        "regions/agency_form.html",
        {"region": agency.region, "agency": agency, "form": form, "conflict": conflict},
    )


@login_required
@require_POST
def agency_retire(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    agency = _agency(request, code, pk, change="regions.change_agency")
    services.retire_agency(agency, actor=acting_user(request))
    messages.success(request, _("Agency %(name)s retired.") % {"name": agency})
    return redirect("regions:agency_list", code=agency.region.code)


@login_required
@require_POST
def agency_reinstate(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    agency = _agency(request, code, pk, change="regions.change_agency")
    try:
        services.reinstate_agency(agency, actor=acting_user(request))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Agency %(name)s reinstated.") % {"name": agency})
    return redirect("regions:agency_list", code=agency.region.code)


@login_required
@require_http_methods(["GET", "POST"])
def agency_merge(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    agency = _agency(request, code, pk, change="regions.change_agency")
    form = AgencyMergeForm(request.POST or None, agency=agency)
    if request.method == "POST" and form.is_valid():
        target = form.cleaned_data["target"]
        try:
            moved = services.merge_agencies(agency, target, actor=acting_user(request))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                ngettext(
                    "%(source)s merged into %(target)s; %(n)d record moved.",
                    "%(source)s merged into %(target)s; %(n)d records moved.",
                    moved,
                )
                % {"source": agency, "target": target, "n": moved},
            )
            return redirect("regions:agency_list", code=agency.region.code)
    return render(
        request,
        "regions/agency_merge.html",
        {"region": agency.region, "agency": agency, "form": form},
    )


@login_required
@require_GET
def agency_history(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    agency = _agency(request, code, pk)
    page = Paginator(history_of(agency), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "regions/agency_history.html",
        {
            "region": agency.region,
            "agency": agency,
            "page": page,
            "rows": describe_changes(page),
            "query": "",
        },
    )
