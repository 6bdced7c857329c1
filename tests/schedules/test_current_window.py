"""One rule for "the current window", used by the dashboards, the public pages and the home page:
the window whose days include today (the newest if two do), else the next to start, else the one
that ended last."""

from datetime import date

import pytest

from schedules.models import FlexWindow, WindowDay
from schedules.selectors import current_of, current_window


def window(slug, *days):
    w = FlexWindow.objects.create(slug=slug, name=slug, legal_basis="SE uji")
    for day in days:
        WindowDay.objects.create(window=w, date=day)
    return w


@pytest.fixture
def windows(db):
    FlexWindow.objects.all().delete()
    return {
        "past": window("lalu", date(2026, 3, 16), date(2026, 3, 17)),
        "now": window("kini", date(2026, 6, 1), date(2026, 6, 2)),
        "next": window("nanti", date(2026, 9, 7)),
        "later": window("kelak", date(2026, 12, 7)),
    }


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2026, 6, 2), "now"),  # a day of the window
        (date(2026, 6, 3), "next"),  # between windows: the next to start
        (date(2026, 12, 31), "later"),  # after all: the one that ended last
        (date(2026, 1, 1), "past"),  # before all: the first to start
    ],
)
def test_the_current_window(windows, today, expected):
    assert current_window(today) == windows[expected]
    listed = FlexWindow.objects.prefetch_related("days")
    assert current_of(listed, today) == windows[expected]


def test_of_two_windows_sharing_today_the_newest_is_current(windows):
    extra = window("tambahan", date(2026, 6, 2))
    assert current_window(date(2026, 6, 2)) == extra


def test_no_window_with_days_means_none(db):
    FlexWindow.objects.all().delete()
    window("kosong")
    assert current_window(date(2026, 6, 2)) is None
