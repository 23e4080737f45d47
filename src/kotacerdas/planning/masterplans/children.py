"""One edit view and one delete view for the small records of a masterplan (STYLE.md §14a).

Team members, stakeholders, missions, goals, policy directions, programmes' milestones — each
kind is *data*: a ``Child`` saying how to find the record a URL names (and who may change it),
which form edits it, which service saves or deletes it, and where to go afterwards. The URL
passes the ``Child`` to ``edit_view``/``delete_view``.

A delete is asked first: GET shows the record and what goes with it (a mission's goals and SWOT
citations, a programme's funding, dependencies and milestones …), POST deletes. Both work
without JavaScript.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import Promise
from django.views.decorators.http import require_http_methods

from kotacerdas.accounts.models import User
from kotacerdas.lib.concurrency import ConcurrentEditError

from .edges import acting_user, add_errors, form_page, masterplan_for, report
from .models import Masterplan

Text = str | Promise


@dataclass(frozen=True)
class Part:
    """Where a record sits: its masterplan, what a new one hangs off (the masterplan itself, a
    mission, a dimension, a programme) and the record itself (``None`` when adding one)."""

    masterplan: Masterplan
    parent: Any
    obj: Any  # None when adding one


@dataclass(frozen=True)
class GoesWith:
    """Records deleted with another one, under a heading (e.g. "Goals": their texts)."""

    label: Text
    items: list[str]


Fetch = Callable[[HttpRequest, Mapping[str, int], str], Part]


def _nothing(obj: Any) -> list[GoesWith]:
    return []


@dataclass(frozen=True)
class Child:
    """One kind of record served by the generic views; ``perm`` is checked at the edge for a
    clear 403 (the service checks it again on the locked rows)."""

    fetch: Fetch
    perm: str
    heading: Callable[[Part], Text]
    back: Callable[[Part], str]
    form: Callable[[HttpRequest, Part], forms.BaseForm] | None = None
    save: Callable[[Part, User, dict[str, Any], int | None], object] | None = None
    delete: Callable[[Any, User], object] | None = None
    goes_with: Callable[[Any], list[GoesWith]] = _nothing
    saved: Text = ""
    removed: Callable[[Any], Text] = lambda obj: ""
    cancel: Callable[[Part], str] | None = None


def get_or_404(rows: QuerySet[Any], **lookup: Any) -> Any:
    try:
        return rows.get(**lookup)
    except (rows.model.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def of_masterplan(model: type[Model], key: str | None) -> Fetch:
    """Records of the masterplan the URL's ``pk`` names; ``key`` names the record (none when
    adding one)."""

    def fetch(request: HttpRequest, kwargs: Mapping[str, int], perm: str) -> Part:
        masterplan = masterplan_for(request, kwargs["pk"], change=perm)
        obj = None
        if key is not None and key in kwargs:
            rows = model._default_manager.filter(masterplan=masterplan)
            obj = get_or_404(rows, pk=kwargs[key])
        return Part(masterplan, masterplan, obj)

    return fetch


def back_to(url_name: str) -> Callable[[Part], str]:
    """A masterplan page (its URL takes the masterplan's ``pk``)."""
    return lambda part: reverse(url_name, kwargs={"pk": part.masterplan.pk})


def _page(request: HttpRequest, child: Child, part: Part, template: str, **extra: Any) -> Any:
    cancel = (child.cancel or child.back)(part)
    heading = child.heading(part)
    return form_page(request, part.masterplan, template, heading=heading, back_url=cancel, **extra)


def _save(request: HttpRequest, child: Child, part: Part, form: forms.BaseForm) -> Any:
    """Save through the child's service; the conflict (someone else's save), if any."""
    assert child.save is not None  # noqa: S101 - only edit URLs are given a child that saves
    data = dict(form.cleaned_data)
    opened = data.pop("version", None)
    try:
        child.save(part, acting_user(request), data, opened)
    except ConcurrentEditError as exc:
        form.add_error(None, str(exc))
        return exc.current
    except ValidationError as exc:
        add_errors(form, exc)
        return None
    messages.success(request, str(child.saved))
    return redirect(child.back(part))


@login_required
@require_http_methods(["GET", "POST"])
def edit_view(request: HttpRequest, child: Child, **kwargs: int) -> HttpResponse:
    """Add a record (the URL names none) or change one."""
    assert child.form is not None  # noqa: S101 - only edit URLs are given a child with a form
    part = child.fetch(request, kwargs, child.perm)
    form = child.form(request, part)
    conflict = None
    if request.method == "POST" and form.is_valid():
        outcome = _save(request, child, part, form)
        if isinstance(outcome, HttpResponse):
            return outcome
        conflict = outcome
    return _page(request, child, part, "planning/simple_form.html", form=form, conflict=conflict)


@login_required
@require_http_methods(["GET", "POST"])
def delete_view(request: HttpRequest, child: Child, **kwargs: int) -> HttpResponse:
    """GET: what will be removed, and a button; POST: remove it."""
    assert child.delete is not None  # noqa: S101 - only delete URLs are given a child that deletes
    part = child.fetch(request, kwargs, child.perm)
    if part.obj is None:
        raise Http404
    if request.method == "GET":
        context = {"obj": part.obj, "goes_with": child.goes_with(part.obj)}
        return _page(request, child, part, "planning/confirm_delete.html", **context)
    try:
        child.delete(part.obj, acting_user(request))
    except ValidationError as exc:
        report(request, exc)
        return redirect((child.cancel or child.back)(part))
    messages.success(request, str(child.removed(part.obj)))
    return redirect(child.back(part))
