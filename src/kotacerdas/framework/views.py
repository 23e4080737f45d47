"""HTML pages of the framework catalogue (public reference data)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kotacerdas.accounts.access import get_for_user, require
from kotacerdas.accounts.edge import acting_user
from kotacerdas.lib.forms import Form

from . import queries, services
from .models import FrameworkVersion


@require_GET
def version_list(request: HttpRequest) -> HttpResponse:
    return render(request, "framework/version_list.html", {"versions": list(queries.versions())})


@require_GET
def version_detail(request: HttpRequest, pk: int) -> HttpResponse:
    version = get_for_user(request.user, FrameworkVersion.objects.all(), view=None, pk=pk)
    return render(
        request,
        "framework/version_detail.html",
        {"version": version, "dimensions": list(queries.dimensions_of(version))},
    )


class InstrumentUploadForm(Form):
    file = forms.FileField(
        label=gettext_lazy("Instrument file (YAML)"),
        help_text=gettext_lazy(
            "Same format as framework/data/readiness-kominfo-2021.yaml, with a new version "
            "number. It arrives as a draft; publish it when checked."
        ),
    )


@require_http_methods(["GET", "POST"])
def instrument_list(request: HttpRequest) -> HttpResponse:
    """Readiness instruments; the national admin uploads a new version here."""
    national = request.user.has_perm("framework.upload_instrument")
    form = InstrumentUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        require(request.user, "framework.upload_instrument")
        if form.is_valid():
            try:
                outcome = services.upload_instrument(
                    form.cleaned_data["file"], actor=acting_user(request)
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(
                    request,
                    _("Instrument %(name)s loaded as a draft.") % {"name": outcome.instrument},
                )
                return redirect("framework:instrument_detail", pk=outcome.instrument.pk)
    return render(
        request,
        "framework/instrument_list.html",
        {
            "instruments": list(queries.instruments_visible_to(request.user)),
            "form": form if national else None,
        },
    )


@require_GET
def instrument_detail(request: HttpRequest, pk: int) -> HttpResponse:
    instrument = get_for_user(
        request.user,
        queries.instruments_visible_to(request.user),
        view="framework.view_instrument",
        pk=pk,
    )
    items = list(queries.items_of(instrument))
    dimensions: dict[int, tuple[object, list[object]]] = {}
    for item in items:
        dimensions.setdefault(item.dimension_id, (item.dimension, []))[1].append(item)
    return render(
        request,
        "framework/instrument_detail.html",
        {
            "instrument": instrument,
            "aspects": list(instrument.aspects.order_by("position")),
            "dimensions": list(dimensions.values()),
            "may_publish": request.user.has_perm("framework.publish_instrument")
            and not instrument.is_published,
        },
    )


@login_required
@require_POST
def instrument_publish(request: HttpRequest, pk: int) -> HttpResponse:
    instrument = get_for_user(
        request.user,
        queries.instruments_visible_to(request.user),
        view="framework.view_instrument",
        change="framework.publish_instrument",
        pk=pk,
    )
    try:
        services.publish_instrument(instrument, actor=acting_user(request))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Instrument published; new assessments start on it."))
    return redirect("framework:instrument_detail", pk=instrument.pk)
