"""The masterplan cycle as the navigation follows it (DOMAIN.md §2).

A stage names the URL of its page once that module exists; until then it shows as
"not yet available".
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Stage:
    key: str
    label: str | Promise
    help: str | Promise
    url_name: str | None = None  # a URL taking the region code, once the stage is built


CYCLE: tuple[Stage, ...] = (
    Stage(
        "team",
        _("Team"),
        _("Smart City Council, implementation team and forum"),
        "planning:team_current",
    ),
    Stage(
        "readiness",
        _("Readiness"),
        _("Readiness analysis and SWOT"),
        url_name="readiness:assessment_list",
    ),
    Stage(
        "strategy",
        _("Strategy"),
        _("Vision, missions, goals and policy direction"),
        "planning:strategy_current",
    ),
    Stage(
        "programmes",
        _("Programmes"),
        _("Priority programmes per dimension"),
        "planning:programmes_current",
    ),
    Stage(
        "quick_wins",
        _("Quick Wins"),
        _("Choosing the quick-win programmes"),
        "planning:quickwins_current",
    ),
    Stage(
        "roadmap",
        _("Roadmap"),
        _("Programmes laid out over the period"),
        "planning:roadmap_current",
    ),
    Stage(
        "monitoring",
        _("Monitoring"),
        _("Indicators, targets and realisations"),
        "monitoring:monitoring_current",
    ),
    Stage(
        "evaluation",
        _("Evaluation"),
        _("The yearly evaluation and the SPBE self-assessment"),
        "evaluation:region_evaluations",
    ),
    Stage(
        "documents",
        _("Documents"),
        _("The masterplan document and reports"),
        "documents:document_current",
    ),
    Stage(
        "publication",
        _("Publication"),
        _("Publishing and socialising the masterplan: public consultation"),
        "consultation:consultation_list",
    ),
)
