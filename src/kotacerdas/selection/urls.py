from django.urls import path

from . import views

app_name = "selection"

APPLICATION = "campaigns/<int:pk>/applications/<str:code>/"

urlpatterns = [
    path("campaigns/", views.campaign_list, name="campaign_list"),
    path("campaigns/new/", views.campaign_create, name="campaign_create"),
    path("campaigns/<int:pk>/", views.campaign_detail, name="campaign_detail"),
    path("campaigns/<int:pk>/edit/", views.campaign_edit, name="campaign_edit"),
    path("campaigns/<int:pk>/open/", views.campaign_open, name="campaign_open"),
    path("campaigns/<int:pk>/close/", views.campaign_close, name="campaign_close"),
    path("campaigns/<int:pk>/criteria/new/", views.criterion_create, name="criterion_create"),
    path(
        "campaigns/<int:pk>/criteria/<int:criterion_id>/edit/",
        views.criterion_edit,
        name="criterion_edit",
    ),
    path(
        "campaigns/<int:pk>/criteria/<int:criterion_id>/delete/",
        views.criterion_delete,
        name="criterion_delete",
    ),
    path("campaigns/<int:pk>/values/", views.value_edit, name="value_edit"),
    path("campaigns/<int:pk>/values/import/", views.value_import, name="value_import"),
    path("campaigns/<int:pk>/assessors/", views.assignment_list, name="assignment_list"),
    path(
        "campaigns/<int:pk>/assessors/<int:assignment_id>/delete/",
        views.assignment_delete,
        name="assignment_delete",
    ),
    path("campaigns/<int:pk>/ranking/", views.campaign_ranking, name="campaign_ranking"),
    path("campaigns/<int:pk>/ranking/export/", views.ranking_export, name="ranking_export"),
    path(APPLICATION, views.application_detail, name="application_detail"),
    path(APPLICATION + "apply/", views.application_create, name="application_create"),
    path(APPLICATION + "verify/", views.application_verify, name="application_verify"),
    path(
        APPLICATION + "documents/<int:value_id>/",
        views.document_download,
        name="document_download",
    ),
]
