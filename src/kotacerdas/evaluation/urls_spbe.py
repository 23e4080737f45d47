from django.urls import path

from . import spbe_views as views

app_name = "spbe"

urlpatterns = [
    path("regions/<str:code>/spbe/", views.assessment_list, name="assessment_list"),
    path("spbe/<int:pk>/", views.assessment_detail, name="assessment_detail"),
    path("spbe/<int:pk>/submit/", views.assessment_submit, name="assessment_submit"),
    path("spbe/<int:pk>/return/", views.assessment_return, name="assessment_return"),
    path("spbe/<int:pk>/publish/", views.assessment_publish, name="assessment_publish"),
    path("spbe/<int:pk>/programmes/", views.programme_tags, name="programme_tags"),
    path("spbe/scores/<int:pk>/", views.score_edit, name="score_edit"),
    path("spbe/scores/<int:pk>/agency/", views.score_agency, name="score_agency"),
    path("spbe/scores/<int:pk>/evidence/", views.evidence_add, name="evidence_add"),
    path("spbe/evidence/<int:pk>/", views.evidence_download, name="evidence_download"),
    path("spbe/evidence/<int:pk>/delete/", views.evidence_delete, name="evidence_delete"),
]
