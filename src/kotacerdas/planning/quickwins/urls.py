"""Pages of quick-win selection (mounted by ``planning/urls.py``)."""

from django.urls import path

from ..masterplans.urls import MP
from . import views

urlpatterns = [
    path(f"{MP}quick-wins/", views.quickwin_view, name="quickwin_view"),
    path(f"{MP}quick-wins/scores/", views.quickwin_scores, name="quickwin_scores"),
    path(f"{MP}quick-wins/weights/", views.quickwin_weights, name="quickwin_weights"),
]
