"""Presensi: the employee's phone-first page to check in and out of today's window day."""

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import cache_control
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe

from attendance import selectors, services
from attendance.forms import CheckInForm, QueuedCheckInForm
from attendance.models import CheckIn, DailyReport, Flag
from attendance.services import queued
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
    context = {
        "employee": employee,
        "day": day,
        "today": today,
        "form": form,
        "time_zone": settings.TIME_ZONE,
        "server_now_ms": int(timezone.now().timestamp() * 1000),
    }
    if employee is not None and day is not None:
        context |= _today_context(employee, day, form, user=user)
    elif day is None:
        context["next_day"] = (
            WindowDay.objects.select_related("window").filter(date__gt=today).first()
        )
    return render(request, "attendance/check_in.html", context, status=status)


def _today_context(employee, day, form, *, user) -> dict:
    """Today's plan, check-in and report of the employee, and the form (prefilled with the plan
    when the page is not showing a refused one)."""
    planned_mode, planned_place = selectors.planned_for(employee, day)
    context = {
        "planned_mode": planned_mode,
        "planned_place": planned_place,
        "check_in": CheckIn.objects.filter(employee=employee, day=day).first(),
        "report": DailyReport.objects.filter(employee=employee, day=day).first(),
    }
    if context["check_in"] is None:
        # For a tap stored on the phone while offline (static/js/checkin-queue.js): the token
        # that bounds its age.
        context["offline_token"] = queued.offline_token(user=user, day_id=day.pk)
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
    return bool(named) and not _own(request.user, named)


def _own(user, named) -> bool:
    """True when every value a form names (an id or a NIP) is the user's own staff record."""
    own = {str(user.employee_id or ""), getattr(user.employee, "nip", "")}
    return all(str(value) in own for value in named)


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


# The largest body a queued tap may have: a few short fields (a WFA place of 200 characters).
MAX_QUEUED_BYTES = 4096


def _queued_answer(status: int, state: str, message: str, **extra) -> JsonResponse:
    return JsonResponse({"status": state, "message": message, **extra}, status=status)


@csrf_exempt  # the page's signed token (attendance/services/queued.py) stands in for CSRF's
@require_POST
def check_in_queued(request):
    """A check-in the phone stored while offline, sent as JSON by the page or its service worker.

    Answers JSON: 200 recorded (or recorded before: a replay), 401 signed out (the phone keeps
    the tap and sends it after the next sign-in), 4xx refused for good (the phone drops the tap
    and shows why). Nothing is written but the one check-in.
    """
    if not request.user.is_authenticated:
        return _queued_answer(
            401,
            "login",
            "Sesi Anda telah berakhir. Masuk lagi: presensi tetap tersimpan di ponsel dan "
            "dikirim setelah Anda masuk.",
        )
    if int(request.META.get("CONTENT_LENGTH") or 0) > MAX_QUEUED_BYTES:
        return _queued_answer(413, "refused", "Data presensi dari ponsel terlalu besar.")
    try:
        payload = json.loads(request.body)
    except (UnicodeDecodeError, ValueError):
        payload = None
    if not isinstance(payload, dict):
        return _queued_answer(400, "refused", "Data presensi dari ponsel tidak terbaca.")
    named = [str(payload[key]) for key in FOREIGN_KEYS if key in payload]
    if named and not _own(request.user, named):
        return _queued_answer(
            403, "refused", "Presensi hanya dapat dilakukan untuk diri Anda sendiri."
        )
    fields = {
        k: str(payload.get(k) or "") for k in ("mode", "place", "latitude", "longitude", "accuracy")
    }
    form = QueuedCheckInForm(fields)
    if not form.is_valid():
        errors = " ".join(e for errs in form.errors.values() for e in errs)
        return _queued_answer(400, "refused", errors)
    try:
        received = queued.queued_check_in(
            user=request.user,
            token=str(payload.get("token") or ""),
            key=queued.parse_key(payload.get("key")),
            device_at=str(payload.get("device_at") or ""),
            mode=form.cleaned_data["mode"],
            place=form.cleaned_data["place"],
            position=form.position(),
        )
    except queued.QueuedRefused as exc:
        return _queued_answer(exc.status, "refused", " ".join(exc.messages))
    except services.Refused as exc:
        return _queued_answer(409, "refused", " ".join(exc.messages))
    check_in = received.check_in
    moment = timezone.localtime(check_in.checked_in_at)
    text = f"Presensi masuk tercatat pukul {moment:%H.%M} {region.zone_label()}"
    if check_in.flags:
        labels = ", ".join(Flag(code).label.lower() for code in check_in.flags)
        text += f", dengan tanda: {labels}. Kepala OPD akan melihatnya"
    return _queued_answer(200, "ok", text + ".", replay=received.replay, flags=list(check_in.flags))


@require_safe
@cache_control(no_cache=True)
def service_worker(request):
    """The check-in page's service worker, served under /presensi/ so that it covers the page:
    it keeps a copy of the page and its assets for use without network, and sends stored taps
    when the network returns (Background Sync where the browser has it)."""
    return render(request, "attendance/sw.js", content_type="application/javascript; charset=utf-8")
