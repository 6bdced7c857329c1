"""Writes of the attendance app: plain keyword-only functions, each one transaction.

Views call these; they never repeat them. A refusal raises `Refused` (a ValidationError) with a
message in Indonesian for the person who tried, and writes nothing.
"""

from attendance.services.checkins import (
    Position,
    Refused,
    check_in_assess,
    check_in_record,
    check_out_record,
    planned_for,
    today_window_day,
)
from attendance.services.feedback import feedback_record
from attendance.services.reports import (
    report_accept,
    report_file,
    report_mode,
    report_return,
    reports_accept,
)

__all__ = [
    "Position",
    "Refused",
    "check_in_assess",
    "check_in_record",
    "check_out_record",
    "feedback_record",
    "planned_for",
    "report_accept",
    "report_file",
    "report_mode",
    "report_return",
    "reports_accept",
    "today_window_day",
]
