from django.urls import path

from .views import analysis, masterplans, programmes, quickwins, review, sections

app_name = "planning"

MP = "masterplans/<int:pk>/"

urlpatterns = [
    path("regions/<str:code>/masterplans/", masterplans.masterplan_list, name="masterplan_list"),
    path(
        "regions/<str:code>/masterplans/new/",
        masterplans.masterplan_create,
        name="masterplan_create",
    ),
    path("regions/<str:code>/team/", masterplans.team_current, name="team_current"),
    path("regions/<str:code>/strategy/", masterplans.strategy_current, name="strategy_current"),
    path(
        "regions/<str:code>/programmes/",
        masterplans.programmes_current,
        name="programmes_current",
    ),
    path("regions/<str:code>/roadmap/", masterplans.roadmap_current, name="roadmap_current"),
    path("regions/<str:code>/quick-wins/", masterplans.quickwins_current, name="quickwins_current"),
    path(MP, masterplans.masterplan_detail, name="masterplan_detail"),
    path(f"{MP}edit/", masterplans.masterplan_edit, name="masterplan_edit"),
    # Team and stakeholders
    path(f"{MP}team/", sections.team_list, name="team_list"),
    path(f"{MP}team/new/", sections.team_create, name="team_create"),
    path(f"{MP}team/<int:member>/edit/", sections.team_edit, name="team_edit"),
    path(f"{MP}team/<int:member>/delete/", sections.team_delete, name="team_delete"),
    path(f"{MP}stakeholders/", sections.stakeholder_list, name="stakeholder_list"),
    path(f"{MP}stakeholders/new/", sections.stakeholder_create, name="stakeholder_create"),
    path(
        f"{MP}stakeholders/<int:stakeholder>/edit/",
        sections.stakeholder_edit,
        name="stakeholder_edit",
    ),
    path(
        f"{MP}stakeholders/<int:stakeholder>/delete/",
        sections.stakeholder_delete,
        name="stakeholder_delete",
    ),
    # Strategy
    path(f"{MP}strategy/", sections.strategy_detail, name="strategy_detail"),
    path(f"{MP}strategy/vision/", sections.vision_edit, name="vision_edit"),
    path(f"{MP}strategy/missions/new/", sections.mission_create, name="mission_create"),
    path(f"{MP}strategy/missions/<int:mission>/edit/", sections.mission_edit, name="mission_edit"),
    path(
        f"{MP}strategy/missions/<int:mission>/delete/",
        sections.mission_delete,
        name="mission_delete",
    ),
    path(
        f"{MP}strategy/missions/<int:mission>/goals/new/",
        sections.goal_create,
        name="goal_create",
    ),
    path(
        f"{MP}strategy/missions/<int:mission>/goals/<int:goal>/edit/",
        sections.goal_edit,
        name="goal_edit",
    ),
    path(
        f"{MP}strategy/missions/<int:mission>/goals/<int:goal>/delete/",
        sections.goal_delete,
        name="goal_delete",
    ),
    path(f"{MP}strategy/policy/<int:dimension>/", sections.policy_edit, name="policy_edit"),
    # Programmes
    path(f"{MP}programmes/", programmes.programme_list, name="programme_list"),
    path(f"{MP}programmes/new/", programmes.programme_create, name="programme_create"),
    path("programmes/<int:pk>/", programmes.programme_detail, name="programme_detail"),
    path("programmes/<int:pk>/edit/", programmes.programme_edit, name="programme_edit"),
    path("programmes/<int:pk>/delete/", programmes.programme_delete, name="programme_delete"),
    path(
        "programmes/<int:pk>/milestones/new/",
        programmes.milestone_create,
        name="milestone_create",
    ),
    path(
        "programmes/<int:pk>/milestones/<int:milestone>/delete/",
        programmes.milestone_delete,
        name="milestone_delete",
    ),
    path(f"{MP}comments/new/", programmes.comment_create, name="comment_create"),
    path(
        f"{MP}comments/<int:comment>/resolve/",
        programmes.comment_resolve,
        name="comment_resolve",
    ),
    # Analysis
    path(f"{MP}agencies/", analysis.agency_matrix, name="agency_matrix"),
    path(f"{MP}budget/", analysis.budget_view, name="budget_view"),
    path(f"{MP}budget/ceilings/", analysis.ceiling_edit, name="ceiling_edit"),
    path(f"{MP}roadmap/", analysis.roadmap_view, name="roadmap_view"),
    path(f"{MP}quick-wins/", quickwins.quickwin_view, name="quickwin_view"),
    path(f"{MP}quick-wins/scores/", quickwins.quickwin_scores, name="quickwin_scores"),
    path(f"{MP}quick-wins/choose/", quickwins.quickwin_choose, name="quickwin_choose"),
    path(f"{MP}quick-wins/weights/", quickwins.quickwin_weights, name="quickwin_weights"),
    # Review, versions, notifications
    path(f"{MP}submit/", review.masterplan_submit, name="masterplan_submit"),
    path(f"{MP}return/", review.masterplan_return, name="masterplan_return"),
    path(f"{MP}approve/", review.masterplan_approve, name="masterplan_approve"),
    path(f"{MP}publish/", review.masterplan_publish, name="masterplan_publish"),
    path(f"{MP}new-draft/", review.masterplan_new_draft, name="masterplan_new_draft"),
    path(f"{MP}versions/", review.version_list, name="version_list"),
    path(f"{MP}versions/compare/", review.version_compare, name="version_compare"),
    path("notifications/", review.notification_list, name="notification_list"),
    path("notifications/read/", review.notification_read, name="notification_read"),
]

# Excel round trip of the programme catalogue.
from . import views_exchange  # noqa: E402

urlpatterns += [
    path(f"{MP}programmes/export/", views_exchange.programme_export, name="programme_export"),
    path(f"{MP}programmes/import/", views_exchange.programme_import, name="programme_import"),
]
