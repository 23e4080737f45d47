"""Pages of the strategy (mounted by ``planning/urls.py``)."""

from django.urls import path

from ..masterplans.urls import MP
from . import views

MISSION = f"{MP}strategy/missions/<int:mission>/"

urlpatterns = [
    path(f"{MP}strategy/", views.strategy_detail, name="strategy_detail"),
    path(f"{MP}strategy/vision/", views.vision_edit, name="vision_edit"),
    path(f"{MP}strategy/missions/new/", views.mission_create, name="mission_create"),
    path(f"{MISSION}edit/", views.mission_edit, name="mission_edit"),
    path(f"{MISSION}delete/", views.mission_delete, name="mission_delete"),
    path(f"{MISSION}goals/new/", views.goal_create, name="goal_create"),
    path(f"{MISSION}goals/<int:goal>/edit/", views.goal_edit, name="goal_edit"),
    path(f"{MISSION}goals/<int:goal>/delete/", views.goal_delete, name="goal_delete"),
    path(f"{MP}strategy/policy/<int:dimension>/", views.policy_edit, name="policy_edit"),
]
