from django.urls import path

from . import views

app_name = "monitoring"

urlpatterns = [
    path("regions/<str:code>/monitoring/", views.monitoring_current, name="monitoring_current"),
    path("monitoring/my-reports/", views.my_reports, name="my_reports"),
    path("masterplans/<int:pk>/indicators/", views.indicator_list, name="indicator_list"),
    path("masterplans/<int:pk>/indicators/new/", views.indicator_create, name="indicator_create"),
    path(
        "masterplans/<int:pk>/verification/",
        views.verification_queue,
        name="verification_queue",
    ),
    path("masterplans/<int:pk>/ownership/", views.ownership_gaps, name="ownership_gaps"),
    path("masterplans/<int:pk>/thresholds/", views.thresholds_edit, name="thresholds_edit"),
    path("masterplans/<int:pk>/weights/", views.weights_edit, name="weights_edit"),
    path("indicators/<int:pk>/", views.indicator_detail, name="indicator_detail"),
    path("indicators/<int:pk>/edit/", views.indicator_edit, name="indicator_edit"),
    path("indicators/<int:pk>/delete/", views.indicator_delete, name="indicator_delete"),
    path("indicators/<int:pk>/targets/", views.indicator_targets, name="indicator_targets"),
    path("indicators/<int:pk>/report/", views.realisation_report, name="realisation_report"),
    path("realisations/<int:pk>/correct/", views.realisation_correct, name="realisation_correct"),
    path("realisations/<int:pk>/verify/", views.realisation_verify, name="realisation_verify"),
    path("realisations/<int:pk>/return/", views.realisation_return, name="realisation_return"),
    path("realisations/<int:pk>/evidence/", views.evidence_add, name="evidence_add"),
    path("monitoring/evidence/<int:pk>/", views.evidence_download, name="evidence_download"),
    path("monitoring/evidence/<int:pk>/delete/", views.evidence_delete, name="evidence_delete"),
    path("programmes/<int:pk>/progress/", views.progress, name="progress"),
    path("progress/<int:pk>/verify/", views.progress_verify, name="progress_verify"),
    path("progress/<int:pk>/return/", views.progress_return, name="progress_return"),
]

# The dashboards, in their own module.
from .urls_dashboards import urlpatterns as dashboard_urlpatterns  # noqa: E402

urlpatterns += dashboard_urlpatterns
