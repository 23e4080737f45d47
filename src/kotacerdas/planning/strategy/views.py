"""Strategy pages: the tree (vision → missions → goals, a policy per dimension) and its forms."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ..masterplans.edges import acting_user, masterplan_context, masterplan_for
from ..masterplans.models import Masterplan
from . import queries, services
from .forms import PolicyForm, StrategyTextForm
from .models import Goal, Mission, Vision

EDIT = "planning.change_masterplan"


def _child(model: Any, masterplan: Masterplan, pk: int) -> Any:
    try:
        return model.objects.get(pk=pk, masterplan=masterplan)
    except model.DoesNotExist as exc:
        raise Http404 from exc


# Strategy ------------------------------------------------------------------------------


@login_required
@require_GET
def strategy_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The strategy as a tree: vision → missions → goals, and a policy per dimension."""
    masterplan = masterplan_for(request, pk)
    strategy = queries.strategy_of(masterplan)
    return render(
        request,
        "planning/strategy_detail.html",
        masterplan_context(
            request,
            masterplan,
            vision=strategy.vision,
            missions=strategy.missions,
            dimensions=strategy.policies,
            mission_form=StrategyTextForm(prefix="mission"),
        ),
    )


def _citing_form(
    request: HttpRequest, masterplan: Masterplan, obj: Any, form_class: Any = StrategyTextForm
) -> Any:
    """The form of a piece of strategy, offering the region's SWOT entries to cite."""
    initial: dict[str, Any] = {}
    cited: list[int] = []
    if obj is not None:
        cited = [e.pk for e in obj.swot_entries.all()]
        initial = {"text": obj.text, "rpjmd_reference": obj.rpjmd_reference, "swot_entries": cited}
    return form_class(
        request.POST or None, initial=initial, swot=queries.swot_choices(masterplan, cited)
    )


def _strategy_form(
    request: HttpRequest, masterplan: Masterplan, form: Any, heading: str, save: Any
) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        try:
            save(**form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Strategy saved."))
            return redirect("planning:strategy_detail", pk=masterplan.pk)
    return render(
        request,
        "planning/simple_form.html",
        masterplan_context(
            request, masterplan, form=form, heading=heading, back="planning:strategy_detail"
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def vision_edit(request: HttpRequest, pk: int) -> HttpResponse:
    masterplan = masterplan_for(request, pk, change=EDIT)
    vision = Vision.objects.filter(masterplan=masterplan).first()
    form = _citing_form(request, masterplan, vision)
    return _strategy_form(
        request,
        masterplan,
        form,
        _("Vision"),
        lambda **data: services.save_vision(masterplan, actor=acting_user(request), **data),
    )


@login_required
@require_POST
def mission_create(request: HttpRequest, pk: int) -> HttpResponse:
    masterplan = masterplan_for(request, pk, change=EDIT)
    form = StrategyTextForm(request.POST, prefix="mission")
    return _strategy_form(
        request,
        masterplan,
        form,
        _("Mission"),
        lambda **data: services.save_mission(masterplan, actor=acting_user(request), **data),
    )


@login_required
@require_http_methods(["GET", "POST"])
def mission_edit(request: HttpRequest, pk: int, mission: int) -> HttpResponse:
    masterplan = masterplan_for(request, pk, change=EDIT)
    obj = _child(Mission, masterplan, mission)
    form = _citing_form(request, masterplan, obj)
    return _strategy_form(
        request,
        masterplan,
        form,
        _("Mission"),
        lambda **data: services.save_mission(
            masterplan, actor=acting_user(request), mission=obj, **data
        ),
    )


@login_required
@require_POST
def mission_delete(request: HttpRequest, pk: int, mission: int) -> HttpResponse:
    masterplan = masterplan_for(request, pk, change=EDIT)
    services.delete_mission(_child(Mission, masterplan, mission), actor=acting_user(request))
    messages.success(request, _("Mission removed."))
    return redirect("planning:strategy_detail", pk=masterplan.pk)


def _goal(masterplan: Masterplan, mission: int, goal: int | None = None) -> Any:
    parent = _child(Mission, masterplan, mission)
    if goal is None:
        return parent, None
    try:
        return parent, Goal.objects.get(pk=goal, mission=parent)
    except Goal.DoesNotExist as exc:
        raise Http404 from exc


@login_required
@require_http_methods(["GET", "POST"])
def goal_create(request: HttpRequest, pk: int, mission: int) -> HttpResponse:
    masterplan = masterplan_for(request, pk, change=EDIT)
    parent, _none = _goal(masterplan, mission)
    form = _citing_form(request, masterplan, None)
    return _strategy_form(
        request,
        masterplan,
        form,
        _("Goal"),
        lambda **data: services.save_goal(parent, actor=acting_user(request), **data),
    )


@login_required
@require_http_methods(["GET", "POST"])
def goal_edit(request: HttpRequest, pk: int, mission: int, goal: int) -> HttpResponse:
    masterplan = masterplan_for(request, pk, change=EDIT)
    parent, obj = _goal(masterplan, mission, goal)
    form = _citing_form(request, masterplan, obj)
    return _strategy_form(
        request,
        masterplan,
        form,
        _("Goal"),
        lambda **data: services.save_goal(parent, actor=acting_user(request), goal=obj, **data),
    )


@login_required
@require_POST
def goal_delete(request: HttpRequest, pk: int, mission: int, goal: int) -> HttpResponse:
    masterplan = masterplan_for(request, pk, change=EDIT)
    _parent, obj = _goal(masterplan, mission, goal)
    services.delete_goal(obj, actor=acting_user(request))
    messages.success(request, _("Goal removed."))
    return redirect("planning:strategy_detail", pk=masterplan.pk)


@login_required
@require_http_methods(["GET", "POST"])
def policy_edit(request: HttpRequest, pk: int, dimension: int) -> HttpResponse:
    masterplan = masterplan_for(request, pk, change=EDIT)
    try:
        dim = masterplan.framework.dimensions.get(pk=dimension)
    except masterplan.framework.dimensions.model.DoesNotExist as exc:
        raise Http404 from exc
    current = masterplan.policy_directions.filter(dimension=dim).first()
    form = _citing_form(request, masterplan, current, form_class=PolicyForm)
    return _strategy_form(
        request,
        masterplan,
        form,
        _("Policy direction: %(dimension)s") % {"dimension": dim.name},
        lambda **data: services.save_policy_direction(
            masterplan, actor=acting_user(request), dimension=dim, **data
        ),
    )
