"""Quick-win selection: the criteria a masterplan scores its programmes on, and the scores."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kotacerdas.lib.constraints import Check, Unique
from kotacerdas.lib.models import BilingualNameMixin, TrackedModel

from ..masterplans.models import Masterplan, MasterplanPart
from ..programmes.models import Programme


class QuickWinCriterion(BilingualNameMixin, MasterplanPart):
    """A screening criterion with its weight; ``judgements`` hold its AHP comparisons.

    ``judgements[other_key] = v`` means this criterion is ``v`` times as important as the
    other one (Saaty's 1/9 … 9).
    """

    masterplan = models.ForeignKey(
        Masterplan,
        verbose_name=_("masterplan"),
        on_delete=models.CASCADE,
        related_name="quick_win_criteria",
    )
    key = models.SlugField(_("key"), max_length=40)
    name_id = models.CharField(_("name (Indonesian)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120)
    position = models.PositiveSmallIntegerField(_("order"), default=1)
    weight = models.FloatField(_("weight"), default=1.0)
    lower_is_better = models.BooleanField(
        _("lower is better"),
        default=False,
        help_text=_("For cost or time: a score of 1 counts as the best."),
    )
    judgements = models.JSONField(_("pairwise judgements"), default=dict, blank=True)

    class Meta:
        ordering = ["masterplan", "position", "pk"]
        verbose_name = _("quick-win criterion")
        verbose_name_plural = _("quick-win criteria")
        constraints = [
            Unique(
                fields=["masterplan", "key"],
                name="criterion_key_unique_in_masterplan",
                field="key",
                violation_error_message=_("This masterplan already has a criterion with this key."),
                violation_error_code="duplicate",
            ),
            Check(
                condition=models.Q(weight__gte=0),
                name="quickwin_criterion_weight_not_negative",
                field="weight",
                violation_error_message=_("The weight cannot be negative."),
                violation_error_code="negative",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class QuickWinScore(TrackedModel):
    """How well one programme meets one criterion, 1 to 5, as the team scored it."""

    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="quick_win_scores",
    )
    criterion = models.ForeignKey(
        QuickWinCriterion,
        verbose_name=_("criterion"),
        on_delete=models.CASCADE,
        related_name="scores",
    )
    score = models.PositiveSmallIntegerField(_("score"))
    scored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("scored by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["programme", "criterion"]
        verbose_name = _("quick-win score")
        verbose_name_plural = _("quick-win scores")
        constraints = [
            Unique(
                fields=["programme", "criterion"],
                name="score_once_per_programme_criterion",
                field="criterion",
                violation_error_message=_("This programme already has a score for this criterion."),
                violation_error_code="duplicate",
            ),
            Check(
                condition=models.Q(score__gte=1, score__lte=5),
                name="score_between_1_and_5",
                field="score",
                violation_error_message=_("A score is between 1 and 5."),
                violation_error_code="out_of_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme_id}/{self.criterion_id}: {self.score}"

    def get_additional_data(self) -> dict[str, int]:
        return {"programme_id": self.programme_id}
