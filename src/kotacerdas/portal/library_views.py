"""Pages of the national programme library: the search (public), one programme (public),
and copying it into the coordinator's own draft (signed in)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kotacerdas.accounts.access import get_for_user
from kotacerdas.accounts.actors import SYSTEM
from kotacerdas.accounts.edge import acting_user
from kotacerdas.accounts.models import Role
from kotacerdas.accounts.scope import scope_of
from kotacerdas.planning.models import Masterplan, Programme

from . import library, services
from .forms import CopyForm, LibraryFilterForm


def _drafts(request: HttpRequest) -> QuerySet[Masterplan] | None:
    """The drafts the user may copy into: those of the regions they coordinate (a
    membership, not the national role); ``None`` for anyone who coordinates no region."""
    if not request.user.is_authenticated:
        return None
    regions = set(scope_of(request.user).roles.get(Role.REGION_COORDINATOR, frozenset()))
    return library.draft_masterplans_of(regions) if regions else None


@require_GET
def programme_list(request: HttpRequest) -> HttpResponse:
    offered = library.choices()
    form = LibraryFilterForm(
        request.GET or None,
        dimensions=offered.dimensions,
        elements=offered.elements,
        tags=offered.tags,
    )
    filters = library.Filters()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = library.Filters(
            text=data["q"],
            dimension=data["dimension"],
            element=data["element"],
            tag=data["tag"],
            agency_kind=data["agency_kind"],
            region_kind=data["region_kind"],
        )
    page = Paginator(library.search(filters), library.PAGE_SIZE).get_page(request.GET.get("page"))
    for programme in page.object_list:
        programme.status_label = library.status_label(programme.latest_status)  # type: ignore[attr-defined]
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "query": query.urlencode()}
    return render(request, "portal/library/list.html", context)


def _source(pk: int) -> Programme:
    # Published programmes are public: no view permission beyond being published.
    return get_for_user(
        SYSTEM,
        library.published_programmes().select_related(
            "masterplan__region__province", "dimension", "element", "lead_agency"
        ),
        view=None,
        pk=pk,
    )


@require_GET
def programme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    programme = _source(pk)
    drafts = _drafts(request)
    context = {
        "detail": library.detail(programme),
        "programme": programme,
        "copy_form": CopyForm(drafts=drafts) if drafts is not None and drafts.exists() else None,
    }
    return render(request, "portal/library/detail.html", context)


@login_required
@require_POST
def programme_copy(request: HttpRequest, pk: int) -> HttpResponse:
    programme = _source(pk)
    drafts = _drafts(request)
    if drafts is None:
        raise PermissionDenied
    form = CopyForm(request.POST, drafts=drafts)
    if form.is_valid():
        try:
            copy = services.copy_programme(
                programme, form.cleaned_data["masterplan"], actor=acting_user(request)
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _(
                    "Programme copied into your draft as %(code)s. Check its agencies, years "
                    "and funding."
                )
                % {"code": copy.code},
            )
            return redirect("planning:programme_detail", pk=copy.pk)
    context = {"detail": library.detail(programme), "programme": programme, "copy_form": form}
    return render(request, "portal/library/detail.html", context, status=400)
