"""One rule for "the current window", used by every default of the portal: the window whose span
(first to last day, weekends and holidays inside it included) contains today, else the next to
start, else the one that ended last."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from schedules.models import FlexWindow, WindowDay
from schedules.selectors import current_of, current_window, default_day

JAKARTA = ZoneInfo("Asia/Jakarta")


def window(slug, *days):
    w = FlexWindow.objects.create(slug=slug, name=f"Periode {slug}", legal_basis="SE uji")
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


def test_a_window_with_today_among_its_days_wins_over_one_that_only_spans_it(windows):
    """The window everybody checks in on today is the current one, even if an older window's
    span (with a gap) runs over today too."""
    spanning = window("rentang", date(2026, 5, 25), date(2026, 6, 12))
    assert current_window(date(2026, 6, 2)) == windows["now"]
    assert current_window(date(2026, 6, 5)) == spanning  # in its gap: only its span has today


def test_no_window_with_days_means_none(db):
    FlexWindow.objects.all().delete()
    window("kosong")
    assert current_window(date(2026, 6, 2)) is None


def test_the_default_day_is_today_else_the_next_else_the_last(windows):
    days = list(windows["now"].days.all())
    assert default_day(days, date(2026, 6, 2)) == days[1]
    assert default_day(days, date(2026, 5, 31)) == days[0]  # the Sunday before: Monday
    assert default_day(days, date(2026, 7, 1)) == days[1]  # ended: its last day
    assert default_day([], date(2026, 6, 2)) is None


# --- every default, frozen in time -------------------------------------------------------------
# The demo's current window: Thursday 3 to Wednesday 9 December 2026 (a weekend inside), then a
# coming window after Christmas (Friday 25 December, a national holiday, falls between them).
THIS_WEEK = (date(2026, 12, 3), date(2026, 12, 4), date(2026, 12, 7), date(2026, 12, 8))
AFTER_CHRISTMAS = (date(2026, 12, 28), date(2026, 12, 29), date(2026, 12, 30))


@pytest.fixture
def december(db, employee_user, mayor, bkpsdm):
    FlexWindow.objects.all().delete()
    ended = window("selesai", date(2026, 11, 2), date(2026, 11, 3))
    current = window("berjalan", *THIS_WEEK, date(2026, 12, 9))
    coming = window("mendatang", *AFTER_CHRISTMAS)
    return {"ended": ended, "current": current, "coming": coming}


def defaults(client, employee_user, mayor) -> dict:
    """The window each default of the portal shows: the employee's home card, the mayor's
    dashboard (and the documents it offers), the public service and feedback pages, and the
    evaluation the menu opens."""
    client.force_login(employee_user)
    home = client.get("/").content.decode()
    client.force_login(mayor)
    dashboard = client.get("/dasbor/").content.decode()
    evaluation = client.get("/evaluasi/")["Location"]
    client.logout()
    services = client.get("/layanan/").content.decode()
    feedback = client.get("/masukan/pkm-makrayu/").content.decode()
    found = {}
    for slug in ("selesai", "berjalan", "mendatang"):
        name = f"Periode {slug}"
        found[slug] = {
            "home": f"Jadwal {name}" in home,
            "dashboard": f"<title>Dasbor kota · {name}" in dashboard
            and f"/rekap/{slug}/kota/" in dashboard,
            "evaluation": evaluation.endswith(f"/{slug}/"),
            "services": f'name="periode" value="{slug}"' in services,
            "feedback": f'name="periode" value="{slug}"' in feedback,
        }
    return found


def test_on_a_sunday_inside_the_window_every_default_is_that_window(
    client, time_machine, december, employee_user, mayor, unit_a
):
    time_machine.move_to(datetime(2026, 12, 6, 10, tzinfo=JAKARTA), tick=False)
    found = defaults(client, employee_user, mayor)
    assert all(found["berjalan"].values()), found
    # The dashboard opens on the coming working day of that window, Monday 7 December.
    client.force_login(mayor)
    assert "Senin, 7 Desember 2026" in client.get("/dasbor/").content.decode()


def test_on_a_holiday_between_windows_the_default_is_the_next(
    client, time_machine, december, employee_user, mayor, unit_a
):
    time_machine.move_to(datetime(2026, 12, 25, 10, tzinfo=JAKARTA), tick=False)
    found = defaults(client, employee_user, mayor)
    expected = dict.fromkeys(found["mendatang"], True) | {"evaluation": False, "feedback": False}
    assert found["mendatang"] == expected, found
    # Nothing of the coming window has begun: the evaluation is of the window that ended, and so
    # is a citizen's rating (feedback only for a window that is running or has ended, #29).
    assert found["berjalan"]["evaluation"] and found["berjalan"]["feedback"]


def test_after_the_last_window_the_default_is_the_one_that_ended_last(
    client, time_machine, december, employee_user, mayor, unit_a
):
    time_machine.move_to(datetime(2027, 2, 1, 10, tzinfo=JAKARTA), tick=False)
    found = defaults(client, employee_user, mayor)
    # The home card shows no ended window; every other default is the last one.
    assert found["mendatang"] == {k: k != "home" for k in found["mendatang"]}, found
    client.force_login(mayor)
    assert "Rabu, 30 Desember 2026" in client.get("/dasbor/").content.decode()
