"""The inbox tests reuse the planning city (tests/schedules) and today's window (attendance)."""

from tests.attendance.conftest import today, today_window, yesterday  # noqa: F401
from tests.schedules.conftest import days, puskesmas_staff  # noqa: F401
