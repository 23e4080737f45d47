"""Review actions, comments, and versions (mounted by ``planning/urls.py``)."""

from django.urls import path

from ..masterplans.urls import MP
from . import views

urlpatterns = [
    path(f"{MP}comments/new/", views.comment_create, name="comment_create"),
    path(f"{MP}comments/<int:comment>/resolve/", views.comment_resolve, name="comment_resolve"),
    path(f"{MP}submit/", views.masterplan_submit, name="masterplan_submit"),
    path(f"{MP}return/", views.masterplan_return, name="masterplan_return"),
    path(f"{MP}approve/", views.masterplan_approve, name="masterplan_approve"),
    path(f"{MP}publish/", views.masterplan_publish, name="masterplan_publish"),
    path(f"{MP}new-draft/", views.masterplan_new_draft, name="masterplan_new_draft"),
    path(f"{MP}versions/", views.version_list, name="version_list"),
    path(f"{MP}versions/compare/", views.version_compare, name="version_compare"),
    path(f"{MP}history/", views.masterplan_history, name="masterplan_history"),
    path("programmes/<int:pk>/history/", views.programme_history, name="programme_history"),
]
