from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    name = "kotacerdas.planning"
    verbose_name = _("Planning")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from kotacerdas.lib.audit import reverse_relations

        from . import models
        from .exchange.jobs import register_kind
        from .quickwins import services  # noqa: F401 - gives each new masterplan its criteria

        skip = ["updated", "version"]
        for model in (
            models.Masterplan,
            models.TeamMember,
            models.Stakeholder,
            models.BudgetCeiling,
            models.ProgrammeSupport,
            models.FundingLine,
            models.ProgrammeDependency,
            models.Milestone,
            models.Comment,
            models.QuickWinCriterion,
            models.QuickWinScore,
        ):
            auditlog.register(model, exclude_fields=[*skip, *reverse_relations(model)])
        strategy = (models.Vision, models.Mission, models.Goal, models.PolicyDirection)
        for piece in strategy:
            auditlog.register(piece, exclude_fields=skip, m2m_fields={"swot_entries"})
        auditlog.register(
            models.Programme,
            exclude_fields=[*skip, *reverse_relations(models.Programme)],
            m2m_fields={"partners", "goals"},
        )
        auditlog.register(models.MasterplanVersion, exclude_fields=["snapshot"])
        register_kind()  # the programme import on the queue
