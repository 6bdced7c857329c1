"""Jadwal saya: the employee's own days as cards and as a month calendar, and their calendar feed.

The feed (ICS) is read by calendar apps without a session: its secret token is the only key. The
portal keeps only the token's hash, so the address is shown once, in the answer to the POST that
made it; later the page offers a new one.
"""

import re
from datetime import date
from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseNotFound
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

import schedules.rules  # noqa: F401  (registers this module's permissions)
from common.dates import bulan_tahun
from eligibility.models import Restriction
from opd import services as opd_services
from opd.access import require_perm
from opd.models import CalendarFeed
from schedules import ics
from schedules.models import FlexWindow
from schedules.my_days import month_weeks, months_with_days, my_days, windows_by_span

MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def _feed_context(request, token: str | None) -> dict:
    """The user's calendar feed, with its address only when it was just made (`token`)."""
    feed = CalendarFeed.objects.filter(user=request.user).first()
    if feed is None or token is None:
        return {"feed": feed}
    url = request.build_absolute_uri(reverse("schedules:calendar_feed", args=[token]))
    return {"feed": feed, "feed_url": url, "feed_webcal": re.sub(r"^https?://", "webcal://", url)}


@require_safe
@login_required
def my_schedule(request):
    """Jadwal saya: today's card, then the current and coming windows' days as cards with the
    preferences; the past windows are one link away (their own page), so the page stays short."""
    return _my_schedule_page(request)


@never_cache  # the answer to a new calendar address shows it
def _my_schedule_page(request, *, token: str | None = None):
    if not request.user.employee_id:
        return render(request, "schedules/my_schedule.html", {"no_employee": True})
    employee = request.user.employee
    today = timezone.localdate()
    coming, past = windows_by_span(today)
    days = my_days(employee, with_preferences=True, windows=coming)
    context = {
        "employee": employee,
        "restrictions": restrictions_from(employee, today),
        "windows": _by_window(days),
        "past_windows": past.count(),
        "today": next((m for m in days if m.day.date == today), None),
        "today_iso": today.isoformat(),
        **_feed_context(request, token),
    }
    return render(request, "schedules/my_schedule.html", context)


def restrictions_from(employee, today) -> list:
    """The employee's restrictions running today or later (the page says until when)."""
    return list(
        Restriction.objects.filter(employee=employee)
        .overlapping(today, None)
        .order_by("start_date")
    )


def _by_window(days) -> list:
    """The days grouped per window, the window that starts first on top."""
    groups = [(w, list(rows)) for w, rows in groupby(days, key=lambda m: m.day.window)]
    return sorted(groups, key=lambda group: (group[1][0].day.date, group[0].pk))


PAST_PER_PAGE = 5


@require_safe
@login_required
def my_past_schedule(request):
    """Jadwal periode sebelumnya: the windows that have ended, newest first, a few a page."""
    if not request.user.employee_id:
        return render(request, "schedules/my_past_schedule.html", {"no_employee": True})
    _, past = windows_by_span(timezone.localdate())
    page = Paginator(past.order_by("-last_day", "-pk"), PAST_PER_PAGE).get_page(
        request.GET.get("halaman")
    )
    chosen = FlexWindow.objects.filter(pk__in=[w.pk for w in page])
    days = my_days(request.user.employee, windows=chosen)
    grouped = {w.pk: list(rows) for w, rows in groupby(days, key=lambda m: m.day.window)}
    context = {"page": page, "windows": [(w, grouped.get(w.pk, [])) for w in page]}
    return render(request, "schedules/my_past_schedule.html", context)


def _month(value: str | None, today: date) -> tuple[date, bool]:
    """The month asked for as ?bulan=2025-03 (the first of it), and whether the value was valid."""
    match = MONTH.match(value or "")
    if match and 2000 <= int(match[1]) <= 2100 and 1 <= int(match[2]) <= 12:
        return date(int(match[1]), int(match[2]), 1), True
    return today.replace(day=1), value is None


def _shift(month: date, by: int) -> date:
    index = month.year * 12 + month.month - 1 + by
    return date(index // 12, index % 12 + 1, 1)


@require_safe
@login_required
def my_calendar(request):
    """Jadwal saya as a month calendar: a table of the month, each window day with its mode."""
    if not request.user.employee_id:
        return render(request, "schedules/my_calendar.html", {"no_employee": True})
    today = timezone.localdate()
    month, valid = _month(request.GET.get("bulan"), today)
    days = my_days(request.user.employee, month=month)
    context = {
        "month": month,
        "month_name": bulan_tahun(month),
        "bad_month": not valid,
        "weeks": month_weeks(month, days),
        "days": sorted(days, key=lambda m: (m.day.date, m.day.window_id)),
        "previous": _shift(month, -1),
        "next": _shift(month, 1),
        "months": [(m, bulan_tahun(m)) for m in months_with_days()],
        "today_date": today,
    }
    return render(request, "schedules/my_calendar.html", context)


@require_POST
@require_perm("schedules.manage_own_calendar")
def calendar_feed_renew(request):
    """Create the calendar address, or replace it (the old one stops working). The page answers
    the POST itself: the address is shown this once (only its hash is kept)."""
    try:
        had = CalendarFeed.objects.filter(user=request.user).exists()
        _, token = opd_services.calendar_feed_renew(user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(f"{reverse('schedules:my_schedule')}#kalender-ponsel")
    messages.success(
        request,
        "Alamat kalender baru dibuat; alamat lama tidak berlaku lagi."
        if had
        else "Alamat kalender dibuat. Tambahkan ke aplikasi kalender di ponsel Anda.",
    )
    return _my_schedule_page(request, token=token)


@require_POST
@require_perm("schedules.manage_own_calendar")
def calendar_feed_revoke(request):
    if opd_services.calendar_feed_revoke(user=request.user):
        messages.success(
            request, "Alamat kalender dihapus; aplikasi kalender tidak dapat lagi membacanya."
        )
    else:
        messages.info(request, "Anda belum punya alamat kalender.")
    return redirect(f"{reverse('schedules:my_schedule')}#kalender-ponsel")


def _not_found() -> HttpResponse:
    """A 404 that Django does not log: its path would carry a (revoked or guessed) token."""
    response = HttpResponseNotFound("Kalender tidak ditemukan.", content_type="text/plain")
    response._has_been_logged = True  # django.utils.log.log_response skips logged responses
    return response


@require_safe
def calendar_feed(request, token):
    """The employee's days as ICS, for calendar apps: no session, the token is the key."""
    if len(token) > 64:
        return _not_found()
    feed = CalendarFeed.objects.open().by_token(token).select_related("user__employee").first()
    if feed is None:
        return _not_found()
    employee = feed.user.employee
    response = HttpResponse(
        ics.employee_calendar(employee, my_days(employee)),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = 'inline; filename="jadwal-wfa.ics"'
    response["Cache-Control"] = "private, no-cache"
    response["X-Robots-Tag"] = "noindex"
    return response
