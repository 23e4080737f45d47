from django.urls import path

from .views import applications, campaigns, ranking

app_name = "selection"

APPLICATION = "campaigns/<int:pk>/applications/<str:code>/"

urlpatterns = [
    path("campaigns/", campaigns.campaign_list, name="campaign_list"),
    path("campaigns/new/", campaigns.campaign_create, name="campaign_create"),
    path("campaigns/<int:pk>/", campaigns.campaign_detail, name="campaign_detail"),
    path("campaigns/<int:pk>/edit/", campaigns.campaign_edit, name="campaign_edit"),
    path("campaigns/<int:pk>/open/", campaigns.campaign_open, name="campaign_open"),
    path("campaigns/<int:pk>/close/", campaigns.campaign_close, name="campaign_close"),
    path("campaigns/<int:pk>/criteria/new/", campaigns.criterion_create, name="criterion_create"),
    path(
        "campaigns/<int:pk>/criteria/<int:criterion_id>/edit/",
        campaigns.criterion_edit,
        name="criterion_edit",
    ),
    path(
        "campaigns/<int:pk>/criteria/<int:criterion_id>/delete/",
        campaigns.criterion_delete,
        name="criterion_delete",
    ),
    path("campaigns/<int:pk>/values/", campaigns.value_edit, name="value_edit"),
    path("campaigns/<int:pk>/values/import/", campaigns.value_import, name="value_import"),
    path("campaigns/<int:pk>/assessors/", applications.assignment_list, name="assignment_list"),
    path(
        "campaigns/<int:pk>/assessors/<int:assignment_id>/delete/",
        applications.assignment_delete,
        name="assignment_delete",
    ),
    path("campaigns/<int:pk>/ranking/", ranking.campaign_ranking, name="campaign_ranking"),
    path("campaigns/<int:pk>/ranking/export/", ranking.ranking_export, name="ranking_export"),
    path(APPLICATION, applications.application_detail, name="application_detail"),
    path(APPLICATION + "apply/", applications.application_create, name="application_create"),
    path(APPLICATION + "verify/", applications.application_verify, name="application_verify"),
    path(
        APPLICATION + "documents/<int:value_id>/",
        applications.document_download,
        name="document_download",
    ),
]
