from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "kotacerdas.monitoring"
    verbose_name = _("Monitoring")

    def ready(self) -> None:
        from auditlog.registry import auditlog
        from django.db.models.signals import post_migrate

        from kotacerdas.lib.audit import reverse_relations

        from . import exchange, jobs, models, notifications, versions  # noqa: F401  (notice kinds)

        jobs.register_kind()  # the refresh of the summary rows, in the background
        # After an upgrade that emptied the summary rows, they are recomputed by themselves.
        post_migrate.connect(jobs.queue_refresh_if_missing, sender=self)

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
