"""Tables of the planning module (masterplan authoring)."""

from .masterplan import (
    BudgetCeiling,
    Goal,
    Masterplan,
    MasterplanVersion,
    Mission,
    Notification,
    PolicyDirection,
    Stakeholder,
    TeamMember,
    Vision,
    upload_path,
)
from .programme import (
    Comment,
    FundingLine,
    Milestone,
    Programme,
    ProgrammeDependency,
    ProgrammeSupport,
)
from .quickwin import QuickWinCriterion, QuickWinScore

__all__ = [
    "BudgetCeiling",
    "Comment",
    "FundingLine",
    "Goal",
    "Masterplan",
    "MasterplanVersion",
    "Milestone",
    "Mission",
    "Notification",
    "PolicyDirection",
    "Programme",
    "ProgrammeDependency",
    "ProgrammeSupport",
    "QuickWinCriterion",
    "QuickWinScore",
    "Stakeholder",
    "TeamMember",
    "Vision",
    "upload_path",
]
