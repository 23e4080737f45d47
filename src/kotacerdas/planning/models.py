"""Every table of the planning app, gathered from its slices so Django finds them."""

from .masterplans.models import Masterplan, MasterplanPart, Stakeholder, TeamMember
from .programmes.models import (
    BudgetCeiling,
    FundingLine,
    Milestone,
    Programme,
    ProgrammeDependency,
    ProgrammePart,
    ProgrammeSupport,
)
from .quickwins.models import QuickWinCriterion, QuickWinScore
from .review.models import Comment, MasterplanVersion
from .strategy.models import Goal, Mission, PolicyDirection, StrategyText, Vision

__all__ = [
    "BudgetCeiling",
    "Comment",
    "FundingLine",
    "Goal",
    "Masterplan",
    "MasterplanPart",
    "MasterplanVersion",
    "Milestone",
    "Mission",
    "PolicyDirection",
    "Programme",
    "ProgrammeDependency",
    "ProgrammePart",
    "ProgrammeSupport",
    "QuickWinCriterion",
    "QuickWinScore",
    "Stakeholder",
    "StrategyText",
    "TeamMember",
    "Vision",
]
