"""What every planning page shares: the user acting, fetching what a URL names for that user
(404 if hidden, 403 if not allowed), the masterplan header, and showing a service's refusal."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from kotacerdas.accounts.access import get_for_user
from kotacerdas.accounts.edge import acting_user
from kotacerdas.regions.models import Region

from .models import Masterplan
from .states import state_refusal

VIEW = "planning.view_masterplan"

__all__ = ["VIEW", "acting_user", "region_for"]


def region_for(request: HttpRequest, code: str, change: str | None = None) -> Region:
    return get_for_user(
        request.user,
        Region.objects.select_related("province"),
        view=None,
        change=change,
        code=code,
    )


def masterplan_for(
    request: HttpRequest, pk: int, change: str | None = None, *, with_vision: bool = False
) -> Masterplan:
    related = ["region", "region__province", "framework"] + (["vision"] if with_vision else [])
    return get_for_user(
        request.user,
        Masterplan.objects.select_related(*related),
        view=VIEW,
        change=change,
        state_refusal=state_refusal,
        pk=pk,
    )


def report(request: HttpRequest, exc: ValidationError) -> None:
    """A service's refusal as a message on the next page."""
    messages.error(request, " ".join(exc.messages))


def add_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """A service's refusal on the form: next to the fields it names, above the form otherwise."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for name, errors in exc.message_dict.items():
        target = name if name in form.fields and name != "version" else None
        for error in errors:
            form.add_error(target, error)


def masterplan_context(request: HttpRequest, masterplan: Masterplan, **extra: Any) -> dict:
    """What every masterplan page's header needs."""
    user = acting_user(request)
    return {
        "masterplan": masterplan,
        "region": masterplan.region,
        "can_edit": user.has_perm("planning.change_masterplan", masterplan),
        **extra,
    }


def form_page(
    request: HttpRequest,
    masterplan: Masterplan,
    template: str = "planning/simple_form.html",
    **context: Any,
) -> HttpResponse:
    """A page of one masterplan with one form (its ``heading``, ``form`` and ``back_url``)."""
    return render(request, template, masterplan_context(request, masterplan, **context))


def masterplan_page(
    request: HttpRequest, pk: int, template: str, **reads: Callable[[Masterplan], object]
) -> HttpResponse:
    """A read-only page of one masterplan: each of ``reads`` gives the context entry of its
    name."""
    masterplan = masterplan_for(request, pk)
    context = {name: read(masterplan) for name, read in reads.items()}
    return render(request, template, masterplan_context(request, masterplan, **context))
