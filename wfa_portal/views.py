from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_safe

from attendance.models import CheckIn
from attendance.services.checkins import planned_for, today_window_day
from inbox.selectors import recent, todos_for
from opd.access import opds_visible_to
from opd.models import Employee, Role
from schedules.models import FlexWindow


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
    context = {
        "todos": todos_for(user),
        "notifications": recent(user),
        "today": _today(employee) if employee else None,
        "windows": FlexWindow.objects.prefetch_related("days")[:5],
        "Role": Role,
        "opd_count": opds_visible_to(user).count() if user.role != Role.EMPLOYEE else None,
        "employee": employee,
    }
    return render(request, "home.html", context)


def _today(employee) -> dict | None:
    """An employee's day: the planned mode and place, and whether they have checked in."""
    day = today_window_day()
    if day is None:
        return None
    mode, place = planned_for(employee, day)
    check_in = CheckIn.objects.filter(employee=employee, day=day).first()
    return {"day": day, "mode": mode, "place": place, "check_in": check_in}
