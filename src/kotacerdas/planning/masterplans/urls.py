"""Pages of masterplans, their team and stakeholders (mounted by ``planning/urls.py``)."""

from django.urls import path

from . import views
from .children import delete_view, edit_view

MP = "masterplans/<int:pk>/"

urlpatterns = [
    path("regions/<str:code>/masterplans/", views.masterplan_list, name="masterplan_list"),
    path("regions/<str:code>/masterplans/new/", views.masterplan_create, name="masterplan_create"),
    path("regions/<str:code>/team/", views.team_current, name="team_current"),
    path("regions/<str:code>/strategy/", views.strategy_current, name="strategy_current"),
    path("regions/<str:code>/programmes/", views.programmes_current, name="programmes_current"),
    path("regions/<str:code>/roadmap/", views.roadmap_current, name="roadmap_current"),
    path("regions/<str:code>/quick-wins/", views.quickwins_current, name="quickwins_current"),
    path(MP, views.masterplan_detail, name="masterplan_detail"),
    path(f"{MP}edit/", views.masterplan_edit, name="masterplan_edit"),
    path(f"{MP}team/", views.team_list, name="team_list"),
    path(f"{MP}team/new/", edit_view, {"child": views.TEAM}, name="team_create"),
    path(f"{MP}team/<int:member>/edit/", edit_view, {"child": views.TEAM}, name="team_edit"),
    path(f"{MP}team/<int:member>/delete/", delete_view, {"child": views.TEAM}, name="team_delete"),
    path(f"{MP}stakeholders/", views.stakeholder_list, name="stakeholder_list"),
    path(
        f"{MP}stakeholders/new/",
        edit_view,
        {"child": views.STAKEHOLDERS},
        name="stakeholder_create",
    ),
    path(
        f"{MP}stakeholders/<int:stakeholder>/edit/",
        edit_view,
        {"child": views.STAKEHOLDERS},
        name="stakeholder_edit",
    ),
    path(
        f"{MP}stakeholders/<int:stakeholder>/delete/",
        delete_view,
        {"child": views.STAKEHOLDERS},
        name="stakeholder_delete",
    ),
]
