from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "kotacerdas.jobs"
    verbose_name = _("Background jobs")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models, notifications  # noqa: F401  (registers the notice kinds)

        auditlog.register(
            models.Job,
            include_fields=["kind", "owner", "region", "params", "status", "attempts"],
        )
