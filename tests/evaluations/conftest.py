"""A small fixture for the evaluation pack: a window of two days (12-13 August 2025) and an
earlier window holding the two working days before it (8 and 11 August 2025)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from attendance.models import CheckIn, DailyReport, OutputItem, ReportStatus, ServiceFeedback
from tests.factories import EmployeeFactory, WindowDayFactory, WindowFactory

JAKARTA = ZoneInfo("Asia/Jakarta")
AFTER = [date(2025, 8, 12), date(2025, 8, 13)]
BEFORE = [date(2025, 8, 8), date(2025, 8, 11)]


def at(day: date, hour: int = 8) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=JAKARTA)


@pytest.fixture
def august(db):
    window = WindowFactory(slug="agustus-2025", name="Kerja fleksibel Agustus 2025")
    for day in AFTER:
        WindowDayFactory(window=window, date=day)
    return window


@pytest.fixture
def earlier(db):
    window = WindowFactory(slug="awal-agustus-2025", name="Kerja fleksibel awal Agustus")
    return {day: WindowDayFactory(window=window, date=day) for day in BEFORE}


def check_in(employee, day, *, planned="WFO", mode="WFO", flags=()):
    return CheckIn.objects.create(
        employee=employee,
        day=day,
        planned_mode=planned,
        mode=mode,
        checked_in_at=at(day.date),
        flags=list(flags),
    )


def report(employee, day, *, status=ReportStatus.ACCEPTED, outputs=1):
    filed = DailyReport.objects.create(
        employee=employee, day=day, mode="WFO", status=status, submitted_at=at(day.date, 16)
    )
    for n in range(outputs):
        OutputItem.objects.create(
            report=filed, description=f"Keluaran {n}", quantity=1, unit_of_measure="dokumen"
        )
    return filed


def feedback(unit, day: date, rating: int):
    with time_machine.travel(at(day, 10), tick=False):
        return ServiceFeedback.objects.create(unit=unit, rating=rating)


@pytest.fixture
def activity(august, earlier, unit_a, employee_a):
    """Before: 1 report (accepted, 1 output), 2 check-ins (1 off-plan and flagged), 1 rating of 2.
    After: 3 reports (2 accepted, 4 outputs), 3 check-ins as planned, 2 ratings (4 and 5)."""
    other = EmployeeFactory(unit=unit_a, name="Budi")
    days = {d.date: d for d in august.days.all()}
    b1, b2 = earlier[BEFORE[0]], earlier[BEFORE[1]]
    report(employee_a, b1)
    check_in(employee_a, b1)
    check_in(employee_a, b2, planned="WFO", mode="WFH", flags=["mode_mismatch"])
    feedback(unit_a, BEFORE[1], 2)
    a1, a2 = days[AFTER[0]], days[AFTER[1]]
    report(employee_a, a1, outputs=2)
    report(employee_a, a2, outputs=1)
    report(other, a1, status=ReportStatus.SUBMITTED, outputs=1)
    for employee, day in ((employee_a, a1), (employee_a, a2), (other, a1)):
        check_in(employee, day)
    feedback(unit_a, AFTER[0], 4)
    feedback(unit_a, AFTER[1], 5)
