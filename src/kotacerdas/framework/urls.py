from django.urls import path

from . import views

app_name = "framework"

urlpatterns = [
    path("", views.version_list, name="version_list"),
    path("<int:pk>/", views.version_detail, name="version_detail"),
    path("instruments/", views.instrument_list, name="instrument_list"),
    path("instruments/<int:pk>/", views.instrument_detail, name="instrument_detail"),
    path("instruments/<int:pk>/publish/", views.instrument_publish, name="instrument_publish"),
]
