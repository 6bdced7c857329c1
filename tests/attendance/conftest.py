"""Attendance fixtures: a window day that is today, check-ins and reports made directly."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from attendance.models import CheckIn, DailyReport, OutputItem, ReportStatus
from opd.models import ServiceCategory, UnitKind
from schedules.models import Mode
from tests.factories import UnitFactory, WindowDayFactory, WindowFactory
from tests.targets.fixtures import approved_target  # noqa: F401


@pytest.fixture
def today_window(db):
    """A window whose only day is today (Asia/Jakarta): nothing in the seeded windows is today."""
    return WindowFactory(slug="uji-hari-ini", name="Periode uji hari ini")


@pytest.fixture
def today(today_window):
    return WindowDayFactory(window=today_window, date=timezone.localdate())


@pytest.fixture
def yesterday(today_window):
    return WindowDayFactory(window=today_window, date=timezone.localdate() - timedelta(days=1))


def make_check_in(employee, day, *, mode=Mode.WFO, planned=Mode.WFO, flags=(), **extra):
    return CheckIn.objects.create(
        employee=employee,
        day=day,
        planned_mode=planned,
        mode=mode,
        checked_in_at=timezone.now(),
        flags=list(flags),
        **extra,
    )


def make_report(employee, day, *, status=ReportStatus.SUBMITTED, mode=Mode.WFO, items=1):
    report = DailyReport.objects.create(
        employee=employee, day=day, mode=mode, status=status, submitted_at=timezone.now()
    )
    for i in range(items):
        OutputItem.objects.create(
            report=report,
            description=f"Keluaran {i + 1}",
            quantity=1,
            unit_of_measure="dokumen",
        )
    return report


@pytest.fixture(autouse=True)
def _fresh_rate_limit(django_db_blocker):
    """The feedback rate limit lives in the cache, which may be Redis (CACHE_URL) and then
    outlives a test's database transaction; the database cache needs the database."""
    with django_db_blocker.unblock():
        cache.clear()
    yield
    with django_db_blocker.unblock():
        cache.clear()


@pytest.fixture
def damkar(opd_b):
    """An essential service of another OPD, with its position (for 'nearest' searches)."""
    return UnitFactory(
        opd=opd_b,
        code="pos-damkar-sako",
        name="Pos Damkar Sako",
        kind=UnitKind.POS_DAMKAR,
        service_category=ServiceCategory.SECURITY_FIRE,
        latitude="-2.930000",
        longitude="104.800000",
    )
