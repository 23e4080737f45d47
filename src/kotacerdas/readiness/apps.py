from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReadinessConfig(AppConfig):
    name = "kotacerdas.readiness"
    verbose_name = _("Readiness")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models

        auditlog.register(models.Assessment, exclude_fields=["updated", "version"])
        auditlog.register(models.Answer, exclude_fields=["updated", "version", "answered_at"])
        auditlog.register(models.Evidence, exclude_fields=["updated", "version"])
        auditlog.register(
            models.SwotEntry, exclude_fields=["updated", "version"], m2m_fields={"items"}
        )
