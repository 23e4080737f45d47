from django.urls import path

from . import library_views as views

app_name = "library"

urlpatterns = [
    path("pustaka-program/", views.programme_list, name="programme_list"),
    path("pustaka-program/<int:pk>/", views.programme_detail, name="programme_detail"),
    path("pustaka-program/<int:pk>/salin/", views.programme_copy, name="programme_copy"),
]
