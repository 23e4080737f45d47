"""What the monitoring pages and API share: fetching what a URL names for the user (404 if
hidden, 403 if not allowed) and putting a service's refusal on a form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from kotacerdas.accounts.access import get_for_user
from kotacerdas.planning.models import Masterplan, Programme

from . import queries
from .models import Indicator, ProgrammeProgress, Realisation, RealisationEvidence

VIEW = "monitoring.view_monitoring"


def masterplan_for(user: Any, pk: int, change: str | None = None) -> Masterplan:
    return get_for_user(
        user,
        queries.masterplans_monitored_by(user).select_related("region__province"),
        view=VIEW,
        change=change,
        pk=pk,
    )


def programme_for(user: Any, pk: int, change: str | None = None) -> Programme:
    return get_for_user(
        user,
        queries.programmes_monitored_by(user).select_related("masterplan__framework"),
        view=VIEW,
        change=change,
        pk=pk,
    )


def indicator_for(user: Any, pk: int, change: str | None = None) -> Indicator:
    return get_for_user(
        user,
        queries.indicators_visible_to(user).select_related("masterplan__region__province"),
        view=VIEW,
        change=change,
        pk=pk,
    )


def realisation_for(user: Any, pk: int, change: str | None = None) -> Realisation:
    return get_for_user(
        user,
        queries.realisations_visible_to(user).select_related("indicator__masterplan__framework"),
        view=VIEW,
        change=change,
        pk=pk,
    )


def evidence_for(user: Any, pk: int, change: str | None = None) -> RealisationEvidence:
    return get_for_user(user, queries.evidence_visible_to(user), view=VIEW, change=change, pk=pk)


def progress_for(user: Any, pk: int, change: str | None = None) -> ProgrammeProgress:
    return get_for_user(user, queries.progress_visible_to(user), view=VIEW, change=change, pk=pk)


def add_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """A service's refusal on the form: next to the fields it names, above it otherwise."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for name, errors in exc.message_dict.items():
        target = name if name in form.fields and name != "version" else None
        for error in errors:
            form.add_error(target, error)


def user_of(request: HttpRequest) -> Any:
    return request.user
