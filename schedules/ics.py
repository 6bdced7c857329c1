"""The employee's personal calendar feed (ICS, RFC 5545), written with the icalendar library."""

from datetime import timedelta

from django.utils import timezone
from icalendar import Calendar, Event

from schedules.models import Mode
from schedules.my_days import MyDay

PRODID = "-//Pemerintah Kota Palembang//Portal WFA//ID"
UID_DOMAIN = "portal-wfa.palembang.go.id"


def _summary(my: MyDay) -> str:
    where = f" di {my.place}" if my.mode == Mode.WFA and my.place else ""
    return f"{my.mode}{where} · {my.day.window.name}"


def _event(my: MyDay, employee_id: int, stamp) -> Event:
    """One all-day event; its UID stays the same for the day, so a change updates it in place."""
    event = Event()
    event.add("uid", f"jadwal-{employee_id}-{my.day.pk}@{UID_DOMAIN}")
    event.add("dtstamp", stamp)
    event.add("dtstart", my.day.date)
    event.add("dtend", my.day.date + timedelta(days=1))
    event.add("summary", _summary(my))
    description = f"Mode kerja: {my.mode}"
    if my.mode == Mode.WFA and my.place:
        description += f"\nTempat WFA: {my.place}"
    description += f"\nPeriode: {my.day.window.name}"
    if not my.assigned:
        description += "\n(WFO bawaan: belum ada penetapan lain)"
    event.add("description", description)
    event.add("transp", "TRANSPARENT")  # a working mode, not a meeting: never shown as busy
    event.add("categories", [my.mode])
    return event


def employee_calendar(employee, days: list[MyDay]) -> bytes:
    """The ICS document: one all-day event per window day, with its mode (and place for WFA)."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", "Jadwal kerja (Portal WFA)")
    cal.add("refresh-interval", timedelta(hours=6), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "PT6H")
    stamp = timezone.now()
    for my in sorted(days, key=lambda m: (m.day.date, m.day.window_id)):
        cal.add_component(_event(my, employee.pk, stamp))
    return cal.to_ical()
