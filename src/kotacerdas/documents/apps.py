from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "kotacerdas.documents"
    verbose_name = _("Documents")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models
        from .jobs import register_kinds
        from .jobs_reports import register_kinds as register_report_kinds

        register_kinds()
        register_report_kinds()
        auditlog.register(models.ChapterText, exclude_fields=["updated", "version"])
        auditlog.register(models.RegionTemplate, exclude_fields=["updated", "version"])
        auditlog.register(models.GeneratedDocument)
        auditlog.register(models.GeneratedReport)
