"""Presensi: the employee's phone-first page to check in and out of today's window day."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from attendance import selectors, services
from attendance.forms import CheckInForm
from attendance.models import CheckIn, DailyReport, Flag
from common import region
from opd.models import Employee
from schedules.models import WindowDay

# Fields a forged form might use to check someone else in; the employee is always the user's.
FOREIGN_KEYS = ("employee", "employee_id", "nip", "pegawai")


def _page(request, form=None, status=200):
    user = request.user
    today = timezone.localdate()
    day = selectors.today_window_day(today)
    employee = (
        Employee.objects.select_related("unit__opd").filter(pk=user.employee_id).first()
        if user.employee_id
        else None
    )
    context = {"employee": employee, "day": day, "today": today, "form": form}
    if employee is not None and day is not None:
        context |= _today_context(employee, day, form)
    elif day is None:
        context["next_day"] = (
            WindowDay.objects.select_related("window").filter(date__gt=today).first()
        )
    return render(request, "attendance/check_in.html", context, status=status)


def _today_context(employee, day, form) -> dict:
    """Today's plan, check-in and report of the employee, and the form (prefilled with the plan
    when the page is not showing a refused one)."""
    planned_mode, planned_place = selectors.planned_for(employee, day)
    context = {
        "planned_mode": planned_mode,
        "planned_place": planned_place,
        "check_in": CheckIn.objects.filter(employee=employee, day=day).first(),
        "report": DailyReport.objects.filter(employee=employee, day=day).first(),
    }
    if form is None:
        form = CheckInForm(
            initial={"mode": planned_mode, "place": planned_place, "day": day.pk},
            modes=day.window.allowed_modes(),
        )
    return context | {"form": form}


@require_safe
@login_required
def check_in_page(request):
    return _page(request)


def _forged(request) -> bool:
    """True when the form names an employee other than the user's own.

    The staff record (for its NIP) is read only when the form names someone: the check-in peak
    sends no such field and pays no query for it.
    """
    named = [request.POST[key] for key in FOREIGN_KEYS if key in request.POST]
    if not named:
        return False
    own = {str(request.user.employee_id or ""), getattr(request.user.employee, "nip", "")}
    return any(value not in own for value in named)


@require_POST
@login_required
def check_in(request):
    if _forged(request):
        messages.error(request, "Presensi hanya dapat dilakukan untuk diri Anda sendiri.")
        return redirect("attendance:check_in_page")
    today = selectors.check_in_day(employee_id=request.user.employee_id)  # for form and service
    form = CheckInForm(request.POST, modes=today.day.window.allowed_modes() if today else None)
    if not form.is_valid():
        return _page(request, form=form, status=400)
    try:
        check_in = services.check_in_record(
            user=request.user,
            mode=form.cleaned_data["mode"],
            place=form.cleaned_data["place"],
            position=form.position(),
            day_id=form.cleaned_data["day"],
            today=today,
        )
    except services.Refused as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("attendance:check_in_page")
    _say_checked_in(request, check_in)
    return redirect("attendance:check_in_page")


def _say_checked_in(request, check_in) -> None:
    """The time recorded, as a warning that lists the flags when the check-in has any."""
    text = f"Presensi masuk tercatat pukul {timezone.localtime(check_in.checked_in_at):%H.%M} "
    text += region.zone_label()
    if check_in.flags:
        labels = ", ".join(Flag(code).label.lower() for code in check_in.flags)
        messages.warning(request, f"{text}, dengan tanda: {labels}. Kepala OPD akan melihatnya.")
    else:
        messages.success(request, f"{text}.")


@require_POST
@login_required
def check_out(request):
    try:
        check_in = services.check_out_record(user=request.user)
    except services.Refused as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        moment = timezone.localtime(check_in.checked_out_at)
        text = f"Presensi pulang tercatat pukul {moment:%H.%M} {region.zone_label()}"
        if Flag.EARLY_LEAVE in check_in.flags:
            label = Flag.EARLY_LEAVE.label.lower()
            messages.warning(request, f"{text}, dengan tanda: {label}. Kepala OPD akan melihatnya.")
        else:
            messages.success(request, f"{text}.")
    return redirect("attendance:check_in_page")
