from django.urls import path

from . import views, views_reports

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
    path("regions/<str:code>/reports/", views_reports.report_list, name="report_list"),
    path(
        "regions/<str:code>/reports/generate/",
        views_reports.report_generate,
        name="report_generate",
    ),
    path(
        "readiness/<int:pk>/report/",
        views_reports.subject_report_generate,
        {"kind": "readiness"},
        name="readiness_report_generate",
    ),
    path(
        "campaigns/<int:pk>/ranking/report/",
        views_reports.subject_report_generate,
        {"kind": "ranking"},
        name="ranking_report_generate",
    ),
    path(
        "evaluations/<int:pk>/report/pdf/",
        views_reports.subject_report_generate,
        {"kind": "evaluation"},
        name="evaluation_report_generate",
    ),
    path(
        "spbe/<int:pk>/report/",
        views_reports.subject_report_generate,
        {"kind": "spbe"},
        name="spbe_report_generate",
    ),
    path("reports/<int:pk>/download/", views_reports.report_download, name="report_download"),
]
