"""Which dates are not working days: weekends, national holidays and joint leave (cuti bersama).

The `holidays` package knows Indonesia's public holidays and, in its GOVERNMENT category, the
joint-leave days. Yearly decrees move dates, so a refusal can be overridden by BKPSDM with a reason
(WindowDay.holiday_override_reason).
"""

from datetime import date, timedelta
from functools import lru_cache

import holidays

from common.dates import hari


@lru_cache(maxsize=32)
def _indonesian_holidays(year: int) -> dict[date, str]:
    calendar = holidays.country_holidays(
        "ID",
        years=year,
        categories=(holidays.PUBLIC, holidays.GOVERNMENT),
        language="id",
    )
    return dict(calendar.items())


def non_working_reason(day: date) -> str | None:
    """Why `day` is not a working day (e.g. "Cuti Bersama Hari Raya Idul Fitri"), or None."""
    name = _indonesian_holidays(day.year).get(day)
    if name:
        return name
    if day.weekday() >= 5:
        return f"akhir pekan ({hari(day)})"
    return None


def working_days_before(today: date, count: int) -> date:
    """The date `count` working days before `today` (weekends and holidays skipped)."""
    day = today
    while count > 0:
        day -= timedelta(days=1)
        if not non_working_reason(day):
            count -= 1
    return day
