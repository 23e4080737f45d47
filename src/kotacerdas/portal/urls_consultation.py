from django.urls import path

from . import consultation_views as views

app_name = "consultation"

urlpatterns = [
    path("publik/konsultasi/", views.public_list, name="public_list"),
    path("publik/konsultasi/<int:pk>/", views.public_detail, name="public_detail"),
    path("regions/<str:code>/konsultasi/", views.consultation_list, name="consultation_list"),
    path(
        "regions/<str:code>/konsultasi/baru/",
        views.consultation_create,
        name="consultation_create",
    ),
    path(
        "regions/<str:code>/konsultasi/<int:pk>/",
        views.consultation_moderate,
        name="consultation_moderate",
    ),
    path(
        "regions/<str:code>/konsultasi/<int:pk>/tutup/",
        views.consultation_close,
        name="consultation_close",
    ),
    path(
        "regions/<str:code>/konsultasi/aspirasi/<int:pk>/moderasi/",
        views.aspiration_moderate,
        name="aspiration_moderate",
    ),
    path(
        "regions/<str:code>/konsultasi/aspirasi/<int:pk>/jawab/",
        views.aspiration_answer,
        name="aspiration_answer",
    ),
    path(
        "regions/<str:code>/konsultasi/aspirasi/<int:pk>/tautkan/",
        views.aspiration_link,
        name="aspiration_link",
    ),
]
