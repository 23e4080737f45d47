from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FrameworkConfig(AppConfig):
    name = "kotacerdas.framework"
    verbose_name = _("Framework")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models

        auditlog.register(models.FrameworkVersion, exclude_fields=["updated", "version"])
        auditlog.register(models.Instrument, exclude_fields=["updated", "version"])
