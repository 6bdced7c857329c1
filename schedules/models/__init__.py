"""When and where: windows and their days, assignments, coverage rules and the OPD plans."""

from schedules.models.assignments import Assignment
from schedules.models.bulk import BulkChange, WorkPattern
from schedules.models.hours import HoursKind, WorkingHours
from schedules.models.plans import PROMISED, Plan, PlanStatus
from schedules.models.policies import CapException, FlexPolicy
from schedules.models.preferences import Preference
from schedules.models.proposals import Proposal
from schedules.models.rules import CoverageRule, RuleKind
from schedules.models.windows import FlexWindow, Mode, WindowDay

__all__ = [
    "Assignment",
    "BulkChange",
    "CapException",
    "CoverageRule",
    "FlexPolicy",
    "FlexWindow",
    "HoursKind",
    "Mode",
    "Plan",
    "PROMISED",
    "PlanStatus",
    "Preference",
    "Proposal",
    "RuleKind",
    "WindowDay",
    "WorkPattern",
    "WorkingHours",
]
