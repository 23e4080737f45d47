"""HTML pages of the framework catalogue (public reference data)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from kotacerdas.accounts.access import get_for_user

from . import queries
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
