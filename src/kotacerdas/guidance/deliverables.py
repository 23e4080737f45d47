"""Each stage's deliverables, checked from what the region has entered (no ORM here: the
facts come from ``readiness.queries.readiness_progress`` and
``planning.roadmap.queries.drafting_progress``).

- I: the readiness assessment is submitted and each aspect has SWOT entries;
- II: a vision, missions, goals, and programmes each mapped to a goal;
- III: every programme has an innovation;
- IV: the roadmap has no conflict, quick wins are chosen (about one per dimension: at least
  ``QUICK_WIN_SHARE`` of the dimensions have one) and the masterplan is submitted for review.

What is missing is listed, each with a link to where it is entered.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kotacerdas.planning.roadmap.queries import DraftingProgress
from kotacerdas.readiness.queries import ReadinessProgress

from .models import Stage

# "Typically one quick win per dimension" (DOMAIN.md §5) is practice, not a rule: half the
# dimensions with a quick win is taken as enough.
QUICK_WIN_SHARE = 0.5


@dataclass(frozen=True)
class Missing:
    text: str
    url: str


@dataclass(frozen=True)
class StageCheck:
    stage: str
    missing: list[Missing] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return not self.missing

    @property
    def label(self) -> str:
        return str(Stage(self.stage).label)


def check_stages(
    code: str, readiness: ReadinessProgress | None, drafting: DraftingProgress | None
) -> list[StageCheck]:
    """The four stages' checks for the region with Kemendagri code ``code``."""
    return [
        StageCheck(Stage.READINESS, _readiness(code, readiness)),
        StageCheck(Stage.STRATEGY, _strategy(code, drafting)),
        StageCheck(Stage.INNOVATION, _innovation(code, drafting)),
        StageCheck(Stage.ROADMAP, _roadmap(code, drafting)),
    ]


def _readiness(code: str, facts: ReadinessProgress | None) -> list[Missing]:
    where = reverse("readiness:assessment_list", kwargs={"code": code})
    if facts is None:
        return [Missing(_("No readiness assessment yet."), where)]
    swot = reverse("readiness:swot_list", kwargs={"pk": facts.assessment_id})
    missing = []
    if not facts.submitted:
        missing.append(Missing(_("The readiness assessment is not submitted."), where))
    missing.extend(
        Missing(_("No SWOT entry for the aspect %(aspect)s.") % {"aspect": aspect}, swot)
        for aspect in facts.aspects_without_swot
    )
    return missing


def _no_masterplan(code: str) -> list[Missing]:
    url = reverse("planning:masterplan_list", kwargs={"code": code})
    return [Missing(_("No masterplan yet."), url)]


def _strategy(code: str, facts: DraftingProgress | None) -> list[Missing]:
    if facts is None:
        return _no_masterplan(code)
    strategy = reverse("planning:strategy_current", kwargs={"code": code})
    programmes = reverse("planning:programmes_current", kwargs={"code": code})
    missing = []
    if not facts.has_vision:
        missing.append(Missing(_("No vision."), strategy))
    if not facts.missions:
        missing.append(Missing(_("No missions."), strategy))
    if not facts.goals:
        missing.append(Missing(_("No goals."), strategy))
    if not facts.programmes:
        missing.append(Missing(_("No programmes."), programmes))
    if facts.programmes_without_goal:
        text = ngettext(
            "%(count)d programme is not mapped to a goal.",
            "%(count)d programmes are not mapped to a goal.",
            facts.programmes_without_goal,
        ) % {"count": facts.programmes_without_goal}
        missing.append(Missing(text, programmes))
    return missing


def _innovation(code: str, facts: DraftingProgress | None) -> list[Missing]:
    if facts is None:
        return _no_masterplan(code)
    programmes = reverse("planning:programmes_current", kwargs={"code": code})
    if not facts.programmes:
        return [Missing(_("No programmes."), programmes)]
    if facts.programmes_without_innovation:
        text = ngettext(
            "%(count)d programme has no innovation.",
            "%(count)d programmes have no innovation.",
            facts.programmes_without_innovation,
        ) % {"count": facts.programmes_without_innovation}
        return [Missing(text, programmes)]
    return []


def _roadmap(code: str, facts: DraftingProgress | None) -> list[Missing]:
    if facts is None:
        return _no_masterplan(code)
    missing = []
    if facts.conflicts:
        text = ngettext(
            "The roadmap has %(count)d conflict.",
            "The roadmap has %(count)d conflicts.",
            facts.conflicts,
        ) % {"count": facts.conflicts}
        missing.append(Missing(text, reverse("planning:roadmap_current", kwargs={"code": code})))
    needed = max(1, math.ceil(facts.dimensions * QUICK_WIN_SHARE))
    if facts.quick_win_dimensions < needed:
        text = _(
            "Quick wins chosen in %(chosen)d of %(dimensions)d dimensions; about one per "
            "dimension is expected."
        ) % {"chosen": facts.quick_win_dimensions, "dimensions": facts.dimensions}
        missing.append(Missing(text, reverse("planning:quickwins_current", kwargs={"code": code})))
    if not facts.submitted:
        missing.append(
            Missing(
                _("The masterplan is not submitted for review."),
                # The masterplan's page, not the submit page: only its coordinator may submit,
                # and the page shows the button to whoever may.
                reverse("planning:masterplan_detail", kwargs={"pk": facts.masterplan_id}),
            )
        )
    return missing
