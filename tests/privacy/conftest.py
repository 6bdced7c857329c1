"""Privacy tests reuse the attendance fixtures (a window day that is today)."""

from tests.attendance.conftest import today, today_window  # noqa: F401
