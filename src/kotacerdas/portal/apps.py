from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "kotacerdas.portal"
    verbose_name = _("Public portal")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from kotacerdas.documents.annexes import provide_consultation
        from kotacerdas.lib.audit import reverse_relations

        from . import models
        from .consultation_queries import consultation_annex

        provide_consultation(consultation_annex)

        excluded = ["updated", "version"]
        for model in (models.Consultation, models.Aspiration, models.ProgrammeCopy):
            auditlog.register(model, exclude_fields=[*excluded, *reverse_relations(model)])
