"""Strategy pages: the tree (vision → missions → goals, a policy per dimension); its pieces are
edited and removed through the shared child views (``masterplans/children.py``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from ..masterplans.children import Child, GoesWith, Part, back_to, get_or_404, of_masterplan
from ..masterplans.edges import masterplan_for, masterplan_page
from . import queries, services
from .forms import PolicyForm, StrategyTextForm
from .models import Goal, Mission, StrategyText, Vision


@login_required
@require_GET
def strategy_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The strategy as a tree: vision → missions → goals, and a policy per dimension."""
    return masterplan_page(
        request,
        pk,
        "planning/strategy_detail.html",
        strategy=queries.strategy_of,
        mission_form=lambda masterplan: StrategyTextForm(prefix="mission"),
    )


def citing_form(
    request: HttpRequest, part: Part, form_class: type[StrategyTextForm] = StrategyTextForm
) -> StrategyTextForm:
    """The form of a piece of strategy, offering the region's SWOT entries to cite."""
    obj = part.obj
    initial: dict[str, Any] = {}
    cited: list[int] = []
    if obj is not None:
        cited = [e.pk for e in obj.swot_entries.all()]
        initial = {"text": obj.text, "rpjmd_reference": obj.rpjmd_reference, "swot_entries": cited}
    choices = queries.swot_choices(part.masterplan, cited)
    return form_class(request.POST or None, initial=initial, swot=choices)


def _mission_form(request: HttpRequest, part: Part) -> StrategyTextForm:
    """A new mission comes from the form on the strategy page; a mission is changed on its own."""
    if part.obj is None:
        return StrategyTextForm(request.POST or None, prefix="mission")
    return citing_form(request, part)


def _citations(piece: StrategyText | Goal) -> list[str]:
    return [queries.swot_label(entry) for entry in piece.swot_entries.select_related("assessment")]


def _with_mission(mission: Mission) -> list[GoesWith]:
    """A mission goes with its goals, and with its and their SWOT citations."""
    goals = list(mission.goals.order_by("position", "pk"))
    cited = _citations(mission) + [label for goal in goals for label in _citations(goal)]
    groups = [GoesWith(_("Goals"), [goal.text for goal in goals])] if goals else []
    if cited:
        groups.append(GoesWith(_("SWOT citations"), sorted(set(cited))))
    return groups


def _with_goal(goal: Goal) -> list[GoesWith]:
    cited = _citations(goal)
    return [GoesWith(_("SWOT citations"), cited)] if cited else []


def _vision(request: HttpRequest, kwargs: Mapping[str, int], perm: str) -> Part:
    masterplan = masterplan_for(request, kwargs["pk"], change=perm)
    return Part(masterplan, masterplan, Vision.objects.filter(masterplan=masterplan).first())


def _goal(request: HttpRequest, kwargs: Mapping[str, int], perm: str) -> Part:
    masterplan = masterplan_for(request, kwargs["pk"], change=perm)
    mission = get_or_404(Mission.objects.filter(masterplan=masterplan), pk=kwargs["mission"])
    goal = None
    if "goal" in kwargs:
        goal = get_or_404(Goal.objects.filter(mission=mission), pk=kwargs["goal"])
    return Part(masterplan, mission, goal)


def _policy(request: HttpRequest, kwargs: Mapping[str, int], perm: str) -> Part:
    masterplan = masterplan_for(request, kwargs["pk"], change=perm)
    dimension = get_or_404(masterplan.framework.dimensions.all(), pk=kwargs["dimension"])
    policy = masterplan.policy_directions.filter(dimension=dimension).first()
    return Part(masterplan, dimension, policy)


STRATEGY = "planning.change_strategy"
SAVED = gettext_lazy("Strategy saved.")
BACK = back_to("planning:strategy_detail")

VISION = Child(
    fetch=_vision,
    perm=STRATEGY,
    heading=lambda part: _("Vision"),
    back=BACK,
    form=citing_form,
    save=lambda part, actor, data, opened: services.save_vision(
        part.masterplan, actor=actor, **data
    ),
    saved=SAVED,
)
MISSION = Child(
    fetch=of_masterplan(Mission, "mission"),
    perm=STRATEGY,
    heading=lambda part: _("Mission"),
    back=BACK,
    form=_mission_form,
    save=lambda part, actor, data, opened: services.save_mission(
        part.masterplan, actor=actor, mission=part.obj, **data
    ),
    delete=lambda obj, actor: services.delete_mission(obj, actor=actor),
    goes_with=_with_mission,
    saved=SAVED,
    removed=lambda obj: _("Mission removed."),
)
GOAL = Child(
    fetch=_goal,
    perm=STRATEGY,
    heading=lambda part: _("Goal"),
    back=BACK,
    form=citing_form,
    save=lambda part, actor, data, opened: services.save_goal(
        part.parent, actor=actor, goal=part.obj, **data
    ),
    delete=lambda obj, actor: services.delete_goal(obj, actor=actor),
    goes_with=_with_goal,
    saved=SAVED,
    removed=lambda obj: _("Goal removed."),
)
POLICY = Child(
    fetch=_policy,
    perm=STRATEGY,
    heading=lambda part: _("Policy direction: %(dimension)s") % {"dimension": part.parent.name},
    back=BACK,
    form=lambda request, part: citing_form(request, part, PolicyForm),
    save=lambda part, actor, data, opened: services.save_policy_direction(
        part.masterplan, actor=actor, dimension=part.parent, **data
    ),
    saved=SAVED,
)
