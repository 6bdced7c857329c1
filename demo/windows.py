"""The demo city's three flexible-work windows, placed relative to the day the seed runs.

A past window (five working days about five weeks ago), the current one (the two working days
before today, then today and the working days after it: five in all, so it always spans today) and
a future one (five working days from three weeks ahead). Weekends, national holidays and joint
leave are skipped, so every demo day is an ordinary working day. They are marked as demo windows in
their slug (`demo-...`), name and legal basis.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from common.dates import tanggal
from schedules.holidays import non_working_reason
from schedules.models import FlexWindow, WindowDay

DAYS = 5
LEGAL_BASIS = "Periode demo (bukan surat edaran sebenarnya)"
NOTES = (
    "Periode demo yang dibuat oleh `manage.py seed_demo` dari tanggal hari perintah itu "
    "dijalankan; bila dijalankan pada hari lain, periode demo dibangun ulang."
)


@dataclass(frozen=True)
class DemoWindow:
    slug: str
    name: str
    days: tuple[date, ...]


def working_days(start: date, count: int, *, step: int = 1) -> list[date]:
    """`count` working days from `start` (included if it is one), `step` days at a time."""
    found, day = [], start
    while len(found) < count:
        if non_working_reason(day) is None:
            found.append(day)
        day += timedelta(days=step)
    return sorted(found)


def demo_windows(today: date) -> tuple[DemoWindow, DemoWindow, DemoWindow]:
    """The past, current and future demo windows for `today` (Asia/Jakarta)."""
    before = working_days(today - timedelta(days=1), 2, step=-1)
    current = (*before, *working_days(today, DAYS - len(before)))
    past = tuple(working_days(today - timedelta(days=35), DAYS))
    future = tuple(working_days(today + timedelta(days=21), DAYS))

    def named(slug: str, label: str, days: tuple[date, ...]) -> DemoWindow:
        span = f"{tanggal(days[0])} s.d. {tanggal(days[-1])}"
        return DemoWindow(slug, f"Demo: {label} ({span})", days)

    return (
        named("demo-lalu", "periode lalu", past),
        named("demo-berjalan", "periode berjalan", current),
        named("demo-mendatang", "periode mendatang", future),
    )


SLUGS = ("demo-lalu", "demo-berjalan", "demo-mendatang")


def existing_days() -> dict[str, tuple[date, ...]]:
    """The days of the demo windows already in the database, by slug."""
    found: dict[str, list[date]] = {}
    for slug, day in WindowDay.objects.filter(window__slug__in=SLUGS).values_list(
        "window__slug", "date"
    ):
        found.setdefault(slug, []).append(day)
    return {slug: tuple(sorted(days)) for slug, days in found.items()}


def window_create(spec: DemoWindow) -> FlexWindow:
    """A new demo window with its days, each validated like a day added by BKPSDM.

    Not through window_day_add: that tells every account about each added day (15 notifications
    per account for a demo), and a window without plans has nothing for its guard to re-check.
    """
    window = FlexWindow(slug=spec.slug, name=spec.name, legal_basis=LEGAL_BASIS, notes=NOTES)
    window.full_clean()
    window.save()
    for day in spec.days:
        window_day = WindowDay(window=window, date=day)
        window_day.full_clean()
        window_day.save()
    return window
