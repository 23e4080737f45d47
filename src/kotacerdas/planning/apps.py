from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    name = "kotacerdas.planning"
    verbose_name = _("Planning")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models

        skip = ["updated", "version"]
        for model in (
            models.Masterplan,
            models.TeamMember,
            models.Stakeholder,
            models.Vision,
            models.Mission,
            models.Goal,
            models.PolicyDirection,
            models.BudgetCeiling,
            models.ProgrammeSupport,
            models.FundingLine,
            models.ProgrammeDependency,
            models.Comment,
            models.QuickWinCriterion,
            models.QuickWinScore,
        ):
            auditlog.register(model, exclude_fields=skip)
        auditlog.register(models.Programme, exclude_fields=skip, m2m_fields={"partners"})
        auditlog.register(models.MasterplanVersion, exclude_fields=["snapshot"])
