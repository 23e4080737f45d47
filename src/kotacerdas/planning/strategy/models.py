"""The strategy of a masterplan: vision → missions → goals, and a policy per dimension, each
answering the RPJMD and the SWOT entries of the region's readiness assessments."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from kotacerdas.framework.models import Dimension
from kotacerdas.lib.constraints import Unique
from kotacerdas.lib.models import TrackedModel
from kotacerdas.readiness.models import SwotEntry

from ..masterplans.models import Masterplan, MasterplanPart


def swot_field() -> Any:
    """The SWOT entries (of the region's readiness assessments) a piece of strategy answers."""
    return models.ManyToManyField(
        SwotEntry, verbose_name=_("SWOT entries answered"), blank=True, related_name="+"
    )


class StrategyText(MasterplanPart):
    """Text of the strategy with the RPJMD mission and the SWOT entries it answers."""

    text = models.TextField(_("text"))
    rpjmd_reference = models.CharField(_("RPJMD mission answered"), max_length=300, blank=True)
    swot_entries = swot_field()

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.text[:80]


class Vision(StrategyText):
    """The smart city vision: one per masterplan."""

    masterplan = models.OneToOneField(
        Masterplan, verbose_name=_("masterplan"), on_delete=models.CASCADE, related_name="vision"
    )

    class Meta:
        ordering = ["masterplan"]
        verbose_name = _("vision")
        verbose_name_plural = _("visions")


class Mission(StrategyText):
    """A mission of the masterplan, in order."""

    masterplan = models.ForeignKey(
        Masterplan, verbose_name=_("masterplan"), on_delete=models.CASCADE, related_name="missions"
    )
    position = models.PositiveSmallIntegerField(_("order"), default=1)

    class Meta:
        ordering = ["masterplan", "position", "pk"]
        verbose_name = _("mission")
        verbose_name_plural = _("missions")


class Goal(TrackedModel):
    """A goal (sasaran) under a mission."""

    mission = models.ForeignKey(
        Mission, verbose_name=_("mission"), on_delete=models.CASCADE, related_name="goals"
    )
    position = models.PositiveSmallIntegerField(_("order"), default=1)
    text = models.TextField(_("text"))
    rpjmd_reference = models.CharField(_("RPJMD mission answered"), max_length=300, blank=True)
    swot_entries = swot_field()

    class Meta:
        ordering = ["mission", "position", "pk"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def masterplan(self) -> Masterplan:
        return self.mission.masterplan

    def get_additional_data(self) -> dict[str, Any]:
        return {"region_id": self.mission.masterplan.region_id}


class PolicyDirection(StrategyText):
    """The policy direction for one dimension of the masterplan's framework."""

    masterplan = models.ForeignKey(
        Masterplan,
        verbose_name=_("masterplan"),
        on_delete=models.CASCADE,
        related_name="policy_directions",
    )
    dimension = models.ForeignKey(
        Dimension, verbose_name=_("dimension"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["masterplan", "dimension__position"]
        verbose_name = _("policy direction")
        verbose_name_plural = _("policy directions")
        constraints = [
            Unique(
                fields=["masterplan", "dimension"],
                name="policy_direction_one_per_dimension",
                field="dimension",
                violation_error_message=_(
                    "This masterplan already has a policy direction for this dimension."
                ),
                violation_error_code="duplicate",
            )
        ]
