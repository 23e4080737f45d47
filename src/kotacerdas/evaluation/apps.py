"""The yearly smart-city evaluation and the SPBE self-assessment."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "kotacerdas.evaluation"
    verbose_name = _("Evaluation")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from kotacerdas.lib.audit import reverse_relations

        from . import models

        excluded = ["updated", "version"]
        for model in (
            models.EvaluationInstrument,
            models.EvaluationRound,
            models.Assignment,
            models.Evaluation,
            models.Score,
            models.ReportSection,
            models.FollowUpAction,
        ):
            auditlog.register(model, exclude_fields=[*excluded, *reverse_relations(model)])

        from . import spbe_models, spbe_rules  # noqa: F401  (SPBE: permissions, audit trail)

        spbe_models.register_audit()

        from . import spbe_exchange, spbe_programmes

        spbe_programmes.register()  # tags on the programme form
        spbe_exchange.register()  # and in its Excel file
