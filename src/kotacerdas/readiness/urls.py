from django.urls import path

from . import views

app_name = "readiness"

urlpatterns = [
    path("regions/<str:code>/readiness/", views.assessment_list, name="assessment_list"),
    path("readiness/<int:pk>/", views.assessment_detail, name="assessment_detail"),
    path("readiness/<int:pk>/answers/", views.answer_list, name="answer_list"),
    path("readiness/<int:pk>/answers/<int:answer_pk>/", views.answer_update, name="answer_update"),
    path(
        "readiness/<int:pk>/answers/<int:answer_pk>/history/",
        views.answer_history,
        name="answer_history",
    ),
    path(
        "readiness/<int:pk>/answers/<int:answer_pk>/evidence/",
        views.evidence_create,
        name="evidence_create",
    ),
    path("readiness/evidence/<int:pk>/", views.evidence_download, name="evidence_download"),
    path("readiness/evidence/<int:pk>/delete/", views.evidence_delete, name="evidence_delete"),
    path("readiness/<int:pk>/assignments/", views.assessment_assign, name="assessment_assign"),
    path("readiness/<int:pk>/submit/", views.assessment_submit, name="assessment_submit"),
    path("readiness/<int:pk>/return/", views.assessment_return, name="assessment_return"),
    path("readiness/<int:pk>/swot/", views.swot_list, name="swot_list"),
    path("readiness/swot/<int:pk>/edit/", views.swot_update, name="swot_update"),
    path("readiness/swot/<int:pk>/delete/", views.swot_delete, name="swot_delete"),
]
