"""Pages of masterplans, their team and stakeholders (mounted by ``planning/urls.py``)."""

from django.urls import path

from . import views
from .children import delete_view, edit_view

MP = "masterplans/<int:pk>/"

# The cycle's stages, each the page of the region's current masterplan.
STAGES = (
    ("team", "planning:team_list", "team_current"),
    ("strategy", "planning:strategy_detail", "strategy_current"),
    ("programmes", "planning:programme_list", "programmes_current"),
    ("roadmap", "planning:roadmap_view", "roadmap_current"),
    ("quick-wins", "planning:quickwin_view", "quickwins_current"),
)

urlpatterns = [
    path("regions/<str:code>/masterplans/", views.masterplan_list, name="masterplan_list"),
    path("regions/<str:code>/masterplans/new/", views.masterplan_create, name="masterplan_create"),
    *(
        path(f"regions/<str:code>/{stage}/", views.stage_view, {"page": page}, name=name)
        for stage, page, name in STAGES
    ),
    path(MP, views.masterplan_detail, name="masterplan_detail"),
    path(f"{MP}edit/", views.masterplan_edit, name="masterplan_edit"),
    path(f"{MP}regulation/", views.masterplan_regulation, name="masterplan_regulation"),
    path(f"{MP}team/<int:member>/decree/", views.team_decree, name="team_decree"),
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
