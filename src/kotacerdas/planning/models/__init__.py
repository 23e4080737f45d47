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
    Programme,
    ProgrammeDependency,
    ProgrammeSupport,
)

__all__ = [
    "BudgetCeiling",
    "Comment",
    "FundingLine",
    "Goal",
    "Masterplan",
    "MasterplanVersion",
    "Mission",
    "Notification",
    "PolicyDirection",
    "Programme",
    "ProgrammeDependency",
    "ProgrammeSupport",
    "Stakeholder",
    "TeamMember",
    "Vision",
    "upload_path",
]
