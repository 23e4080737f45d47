"""Pages of the strategy (mounted by ``planning/urls.py``)."""

from django.contrib.auth.decorators import login_required
from django.urls import path
from django.views.decorators.http import require_POST

from ..masterplans.children import delete_view, edit_view
from ..masterplans.urls import MP
from . import views
from .views import GOAL, MISSION, POLICY, VISION

MISSION_URL = f"{MP}strategy/missions/<int:mission>/"

urlpatterns = [
    path(f"{MP}strategy/", views.strategy_detail, name="strategy_detail"),
    path(f"{MP}strategy/vision/", edit_view, {"child": VISION}, name="vision_edit"),
    # A new mission is posted from the strategy page's own form.
    path(
        f"{MP}strategy/missions/new/",
        login_required(require_POST(edit_view)),
        {"child": MISSION},
        name="mission_create",
    ),
    path(f"{MISSION_URL}edit/", edit_view, {"child": MISSION}, name="mission_edit"),
    path(f"{MISSION_URL}delete/", delete_view, {"child": MISSION}, name="mission_delete"),
    path(f"{MISSION_URL}goals/new/", edit_view, {"child": GOAL}, name="goal_create"),
    path(f"{MISSION_URL}goals/<int:goal>/edit/", edit_view, {"child": GOAL}, name="goal_edit"),
    path(
        f"{MISSION_URL}goals/<int:goal>/delete/",
        delete_view,
        {"child": GOAL},
        name="goal_delete",
    ),
    path(
        f"{MP}strategy/policy/<int:dimension>/",
        edit_view,
        {"child": POLICY},
        name="policy_edit",
    ),
]
