"""Team, stakeholder register and strategy (vision → missions → goals, policy directions)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kotacerdas.lib.concurrency import ConcurrentEditError

from .. import queries, services
from ..forms import PolicyForm, StakeholderForm, StrategyTextForm, TeamMemberForm
from ..models import Goal, Masterplan, Mission, Stakeholder, TeamMember, Vision
from .common import acting_user, masterplan_context, masterplan_for, report, section_comments

EDIT = "planning.change_masterplan"


def _child(model: Any, masterplan: Masterplan, pk: int) -> Any:
    try:
        return model.objects.get(pk=pk, masterplan=masterplan)
    except model.DoesNotExist as exc:
        raise Http404 from exc


# Team ----------------------------------------------------------------------------------


@login_required
@require_GET
def team_list(request: HttpRequest, pk: int) -> HttpResponse:
    masterplan = masterplan_for(request, pk)
    members = list(masterplan.team.select_related("agency").order_by("body", "name"))
    bodies = [
        (label, [m for m in members if m.body == value]) for value, label in TeamMember.Body.choices
    ]
    context = masterplan_context(
        request, masterplan, bodies=bodies, **section_comments(request, masterplan, "team")
    )
    if context["can_edit"]:
        context["form"] = TeamMemberForm(masterplan=masterplan)
    return render(request, "planning/team_list.html", context)


def _save_member(request: HttpRequest, masterplan: Masterplan, member: TeamMember | None) -> Any:
    form = TeamMemberForm(
        request.POST or None, request.FILES or None, instance=member, masterplan=masterplan
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            services.save_team_member(
                masterplan,
                actor=acting_user(request),
                member=member,
                opened_version=form.cleaned_data["version"],
                **fields,
            )
        except ConcurrentEditError as exc:
            conflict = exc.current
            form.add_error(None, str(exc))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Team member saved."))
            return redirect("planning:team_list", pk=masterplan.pk)
    return render(
        request,
        "planning/simple_form.html",
        masterplan_context(
            request,
            masterplan,
            form=form,
            conflict=conflict,
            heading=_("Team member"),
            back="planning:team_list",
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def team_create(request: HttpRequest, pk: int) -> HttpResponse:
    masterplan = masterplan_for(request, pk, change=EDIT)
    return _save_member(request, masterplan, None)


@login_required
@require_http_methods(["GET", "POST"])
def team_edit(request: HttpRequest, pk: int, member: int) -> HttpResponse:
    masterplan = masterplan_for(request, pk, change=EDIT)
    return _save_member(request, masterplan, _child(TeamMember, masterplan, member))


@login_required
@require_POST
def team_delete(request: HttpRequest, pk: int, member: int) -> HttpResponse:
    masterplan = masterplan_for(request, pk, change=EDIT)
    services.delete_team_member(_child(TeamMember, masterplan, member), actor=acting_user(request))
    messages.success(request, _("Team member removed."))
    return redirect("planning:team_list", pk=masterplan.pk)


# Stakeholders --------------------------------------------------------------------------


@login_required
@require_GET
def stakeholder_list(request: HttpRequest, pk: int) -> HttpResponse:
    masterplan = masterplan_for(request, pk)
    stakeholders = list(
        masterplan.stakeholders.prefetch_related("programmes").order_by("group", "name")
    )
    groups = [
        (label, [s for s in stakeholders if s.group == value])
        for value, label in Stakeholder.Group.choices
    ]
    context = masterplan_context(
        request, masterplan, groups=groups, **section_comments(request, masterplan, "stakeholders")
    )
    if context["can_edit"]:
        context["form"] = StakeholderForm()
    return render(request, "planning/stakeholder_list.html", context)


def _save_stakeholder(
    request: HttpRequest, masterplan: Masterplan, stakeholder: Stakeholder | None
) -> Any:
    form = StakeholderForm(request.POST or None, instance=stakeholder)
    conflict = None
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            services.save_stakeholder(
                masterplan,
                actor=acting_user(request),
                stakeholder=stakeholder,
                opened_version=form.cleaned_data["version"],
                **fields,
            )
        except ConcurrentEditError as exc:
            conflict = exc.current
            form.add_error(None, str(exc))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Stakeholder saved."))
            return redirect("planning:stakeholder_list", pk=masterplan.pk)
    return render(
        request,
        "planning/simple_form.html",
        masterplan_context(
            request,
            masterplan,
            form=form,
            conflict=conflict,
            heading=_("Stakeholder"),
            back="planning:stakeholder_list",
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def stakeholder_create(request: HttpRequest, pk: int) -> HttpResponse:
    return _save_stakeholder(request, masterplan_for(request, pk, change=EDIT), None)


@login_required
@require_http_methods(["GET", "POST"])
def stakeholder_edit(request: HttpRequest, pk: int, stakeholder: int) -> HttpResponse:
    masterplan = masterplan_for(request, pk, change=EDIT)
    return _save_stakeholder(request, masterplan, _child(Stakeholder, masterplan, stakeholder))


@login_required
@require_POST
def stakeholder_delete(request: HttpRequest, pk: int, stakeholder: int) -> HttpResponse:
    masterplan = masterplan_for(request, pk, change=EDIT)
    services.delete_stakeholder(
        _child(Stakeholder, masterplan, stakeholder), actor=acting_user(request)
    )
    messages.success(request, _("Stakeholder removed."))
    return redirect("planning:stakeholder_list", pk=masterplan.pk)


# Strategy ------------------------------------------------------------------------------


@login_required
@require_GET
def strategy_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The strategy as a tree: vision → missions → goals, and a policy per dimension."""
    masterplan = masterplan_for(request, pk)
    cited = Prefetch("swot_entries", queryset=queries.swot_entries())
    vision = Vision.objects.filter(masterplan=masterplan).prefetch_related(cited).first()
    missions = list(
        masterplan.missions.prefetch_related(
            cited,
            Prefetch(
                "goals",
                queryset=Goal.objects.order_by("position", "pk").prefetch_related(cited),
            ),
        )
    )
    policies = {p.dimension_id: p for p in masterplan.policy_directions.prefetch_related(cited)}
    dimensions = [
        (d, policies.get(d.pk)) for d in masterplan.framework.dimensions.order_by("position")
    ]
    return render(
        request,
        "planning/strategy_detail.html",
        masterplan_context(
            request,
            masterplan,
            vision=vision,
            missions=missions,
            dimensions=dimensions,
            mission_form=StrategyTextForm(prefix="mission"),
            **section_comments(request, masterplan, "strategy"),
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


__all__ = ["report"]
