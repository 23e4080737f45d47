"""The roadmap page (mounted by ``planning/urls.py``)."""

from django.urls import path

from ..masterplans.urls import MP
from . import views

urlpatterns = [path(f"{MP}roadmap/", views.roadmap_view, name="roadmap_view")]
