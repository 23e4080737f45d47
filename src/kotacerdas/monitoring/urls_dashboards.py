"""URLs of the monitoring dashboards, added to the ``monitoring`` namespace by ``urls.py``."""

from django.urls import path

from . import views_dashboards as views

urlpatterns = [
    path("regions/<str:code>/dashboard/", views.dashboard_region, name="dashboard_region"),
    path(
        "regions/<str:code>/agencies/<int:pk>/report-card/",
        views.dashboard_agency,
        name="dashboard_agency",
    ),
    path("provinces/<str:code>/dashboard/", views.dashboard_province, name="dashboard_province"),
    path(
        "provinces/<str:code>/dashboard/export/",
        views.dashboard_province_export,
        name="dashboard_province_export",
    ),
    path("national/dashboard/", views.dashboard_national, name="dashboard_national"),
    path(
        "national/dashboard/export/",
        views.dashboard_national_export,
        name="dashboard_national_export",
    ),
]
