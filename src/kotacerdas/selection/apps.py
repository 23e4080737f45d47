from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SelectionConfig(AppConfig):
    name = "kotacerdas.selection"
    verbose_name = _("Selection")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models

        skip = ["updated", "version"]
        auditlog.register(models.Campaign, exclude_fields=skip, m2m_fields={"invited_regions"})
        auditlog.register(models.CampaignCriterion, exclude_fields=skip)
        auditlog.register(models.Application, exclude_fields=skip)
        auditlog.register(models.Assignment, exclude_fields=skip)
        auditlog.register(models.CriterionValue, exclude_fields=skip)
        auditlog.register(models.Verification, exclude_fields=skip)
        auditlog.register(models.VerifiedLevel, exclude_fields=skip)
