from django.urls import path

from . import views

app_name = "documents"

urlpatterns = [
    path("regions/<str:code>/document/", views.document_current, name="document_current"),
    path("masterplans/<int:pk>/document/", views.document_page, name="document_page"),
    path(
        "masterplans/<int:pk>/document/texts/<slug:code>/",
        views.chapter_text_save,
        name="chapter_text_save",
    ),
    path(
        "masterplans/<int:pk>/document/generate/",
        views.document_generate,
        name="document_generate",
    ),
    path(
        "masterplans/<int:pk>/document/template/",
        views.template_upload,
        name="template_upload",
    ),
    path(
        "masterplans/<int:pk>/document/template/remove/",
        views.template_remove,
        name="template_remove",
    ),
    path("documents/<int:pk>/download/", views.document_download, name="document_download"),
]
