from django.urls import path

from . import views

app_name = "regions"

urlpatterns = [
    path("", views.region_list, name="region_list"),
    path("<str:code>/", views.region_detail, name="region_detail"),
    path("<str:code>/activate/", views.region_activate, name="region_activate"),
    path("<str:code>/time-zone/", views.region_time_zone, name="region_time_zone"),
    path("<str:code>/audit/", views.region_audit, name="region_audit"),
    path("<str:code>/agencies/", views.agency_list, name="agency_list"),
    path("<str:code>/agencies/new/", views.agency_create, name="agency_create"),
    path("<str:code>/agencies/<int:pk>/edit/", views.agency_edit, name="agency_edit"),
    path("<str:code>/agencies/<int:pk>/retire/", views.agency_retire, name="agency_retire"),
    path(
        "<str:code>/agencies/<int:pk>/reinstate/", views.agency_reinstate, name="agency_reinstate"
    ),
    path("<str:code>/agencies/<int:pk>/merge/", views.agency_merge, name="agency_merge"),
    path("<str:code>/agencies/<int:pk>/history/", views.agency_history, name="agency_history"),
]
