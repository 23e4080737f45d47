"""What the evaluation pages and API share: fetching what a URL names for the user (404 if
hidden, 403 if not allowed) and putting a service's refusal on a form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from kotacerdas.accounts.access import get_for_user
from kotacerdas.regions.models import Region

from . import queries
from .models import Evaluation, EvaluationRound, FollowUpAction

VIEW = "evaluation.view_evaluation"


def region_for(user: Any, code: str) -> Region:
    return get_for_user(
        user,
        Region.objects.select_related("province"),
        view="evaluation.view_region_evaluations",
        code=code,
    )


def evaluation_for(user: Any, pk: int, change: str | None = None) -> Evaluation:
    return get_for_user(user, queries.evaluations_visible_to(user), view=VIEW, change=change, pk=pk)


def round_for(user: Any, pk: int) -> EvaluationRound:
    return get_for_user(
        user,
        queries.rounds_visible_to(user),
        view="evaluation.manage_rounds",
        pk=pk,
    )


def follow_up_for(user: Any, pk: int, change: str | None = None) -> FollowUpAction:
    return get_for_user(user, queries.follow_ups_visible_to(user), view=VIEW, change=change, pk=pk)


def add_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """A service's refusal on the form: next to the fields it names, above it otherwise."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for name, errors in exc.message_dict.items():
        target = name if name in form.fields and name != "version" else None
        for error in errors:
            form.add_error(target, error)
