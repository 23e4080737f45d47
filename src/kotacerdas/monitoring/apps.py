from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "kotacerdas.monitoring"
    verbose_name = _("Monitoring")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from kotacerdas.lib.audit import reverse_relations

        from . import exchange, models, notifications, versions  # noqa: F401  (notice kinds)

        versions.register()  # indicators in the masterplan's versions and submit check
        exchange.register()  # and in its Excel file

        excluded = ["updated", "version"]
        for model in (
            models.Indicator,
            models.Target,
            models.Realisation,
            models.RealisationEvidence,
            models.ProgrammeProgress,
            models.ProgressCorrection,
            models.ProgrammeSpending,
            models.Thresholds,
            models.RollUpWeight,
        ):
            auditlog.register(model, exclude_fields=[*excluded, *reverse_relations(model)])
