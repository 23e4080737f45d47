"""The yearly smart-city evaluation and the SPBE self-assessment."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "kotacerdas.evaluation"
    verbose_name = _("Evaluation")

    def ready(self) -> None:
        from . import spbe_models, spbe_rules  # noqa: F401  (SPBE: permissions, audit trail)

        spbe_models.register_audit()
