from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegionsConfig(AppConfig):
    name = "kotacerdas.regions"
    verbose_name = _("Regions")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models

        auditlog.register(models.Region, exclude_fields=["updated", "version"])
        auditlog.register(models.Agency, exclude_fields=["updated", "version"])
