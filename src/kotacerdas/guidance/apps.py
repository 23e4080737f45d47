from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GuidanceConfig(AppConfig):
    name = "kotacerdas.guidance"
    verbose_name = _("Guidance")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from kotacerdas.lib.audit import reverse_relations

        from . import models, notifications  # noqa: F401  (notice kinds)

        excluded = ["updated", "version"]
        for model in (
            models.Cohort,
            models.StagePlan,
            models.CohortRegion,
            models.Expert,
            models.ExpertAssignment,
            models.Session,
            models.Attendance,
            models.FollowUp,
            models.SessionFile,
            models.Comment,
        ):
            auditlog.register(
                model,
                exclude_fields=[*excluded, *reverse_relations(model)],
                m2m_fields={"experts"} if model is models.Session else set(),
            )
