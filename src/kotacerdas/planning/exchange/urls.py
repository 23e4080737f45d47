"""The Excel round trip of the programme catalogue (mounted by ``planning/urls.py``)."""

from django.urls import path

from ..masterplans.urls import MP
from . import views

urlpatterns = [
    path(f"{MP}programmes/export/", views.programme_export, name="programme_export"),
    path(f"{MP}programmes/import/", views.programme_import, name="programme_import"),
]
