"""Pages of programmes, milestones, the agency matrix and the budget (mounted by
``planning/urls.py``)."""

from django.urls import path

from ..masterplans.children import delete_view
from ..masterplans.urls import MP
from . import views

urlpatterns = [
    path(f"{MP}programmes/", views.programme_list, name="programme_list"),
    path(f"{MP}programmes/new/", views.programme_create, name="programme_create"),
    path("programmes/<int:pk>/", views.programme_detail, name="programme_detail"),
    path("programmes/<int:pk>/edit/", views.programme_edit, name="programme_edit"),
    path(
        "programmes/<int:pk>/delete/",
        delete_view,
        {"child": views.PROGRAMME},
        name="programme_delete",
    ),
    path("programmes/<int:pk>/milestones/new/", views.milestone_create, name="milestone_create"),
    path(
        "programmes/<int:pk>/milestones/<int:milestone>/delete/",
        delete_view,
        {"child": views.MILESTONE},
        name="milestone_delete",
    ),
    path(f"{MP}agencies/", views.agency_matrix, name="agency_matrix"),
    path(f"{MP}budget/", views.budget_view, name="budget_view"),
    path(f"{MP}budget/ceilings/", views.ceiling_edit, name="ceiling_edit"),
]
