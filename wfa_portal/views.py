from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from attendance.models import CheckIn, DailyReport
from attendance.selectors import planned_for, today_window_day
from inbox.selectors import inbox_of
from opd.access import acting_delegations, allowed, head_opd, opds_visible_to
from opd.models import Employee
from schedules.models import FlexWindow
from schedules.my_days import my_days
from schedules.selectors import current_window


@require_safe
@login_required
def home(request):
    """The inbox of each role: open to-dos first, then today's card and recent notifications."""
    user = request.user
    employee = (
        Employee.objects.select_related("unit__opd").get(pk=user.employee_id)
        if user.employee_id
        else None
    )
    today = _today(employee) if employee else None
    todos, notifications = inbox_of(user)
    context = {
        "todos": todos,
        "notifications": notifications,
        "today": today,
        "window_days": _window_days(employee, today) if employee else [],
        "today_date": timezone.localdate(),
        "windows": FlexWindow.objects.prefetch_related("days")[:5],
        "opd_count": opds_visible_to(user).count() if allowed(user, "opd.view_city") else None,
        "employee": employee,
        "acting": acting_delegations(user),  # a Plh/Plt: under which capacity, until when
        "my_opd": head_opd(user) if allowed(user, "schedules.decide_plans") else None,
    }
    return render(request, "home.html", context)


def _today(employee) -> dict | None:
    """An employee's day: the planned mode and place, whether they have checked in and reported."""
    day = today_window_day()
    if day is None:
        return None
    mode, place = planned_for(employee, day)
    check_in = CheckIn.objects.filter(employee=employee, day=day).first()
    report = DailyReport.objects.filter(employee=employee, day=day).only("pk", "status").first()
    return {"day": day, "mode": mode, "place": place, "check_in": check_in, "report": report}


def _window_days(employee, today: dict | None) -> list:
    """The days of the current window (schedules.selectors.current_window: on a weekend inside
    it, still that window) with the employee's modes, for the home cards; nothing once that
    window has ended."""
    window = today["day"].window if today else current_window()
    if window is None or max(d.date for d in window.days.all()) < timezone.localdate():
        return []
    return sorted(my_days(employee, window=window), key=lambda m: m.day.date)


class LogoutView(auth_views.LogoutView):
    """Signing out also clears what this site keeps in the browser (Clear-Site-Data): the
    check-in page's copy for use without network and its queue of stored taps, which belong to
    the account signing out (a shared phone must not show the next person someone else's day)."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        response["Clear-Site-Data"] = '"cache", "storage"'
        return response
