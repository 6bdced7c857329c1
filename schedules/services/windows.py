"""Writes about windows and plans. Views and commands call these; they never repeat them."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from common.dates import tanggal
from schedules import notices
from schedules.holidays import non_working_reason
from schedules.models import FlexWindow, WindowDay
from schedules.services import guard
from schedules.services.guard import SentBack


@transaction.atomic
def window_day_add(
    *,
    window: FlexWindow,
    day: date,
    by,
    override_reason: str = "",
    legal_basis: str = "",
) -> WindowDay:
    """Add a day to a window; weekends and holidays need BKPSDM's recorded reason.

    The window's plans are locked first and re-checked after: a new day starts all on site, so it
    never leaves a plan short, but the check is the same for every change of days.
    """
    # A reason given for an ordinary working day is not an exception: nothing to record.
    override_reason = override_reason.strip() if non_working_reason(day) else ""
    window_day = WindowDay(
        window=window,
        date=day,
        legal_basis=legal_basis.strip(),
        holiday_override_reason=override_reason,
        overridden_by=by if override_reason else None,
    )
    window_day.full_clean(validate_unique=False, validate_constraints=False)
    plans = guard.plans_lock(opd_ids=None, window_ids=[window.pk])
    if WindowDay.objects.filter(window=window, date=day).exists():
        raise ValidationError(
            {"date": f"{tanggal(day, weekday=True)} sudah termasuk dalam periode ini."}
        )
    try:
        with transaction.atomic():
            window_day.save()
    except IntegrityError:  # a concurrent request added the same day first
        raise ValidationError(
            {"date": f"{tanggal(day, weekday=True)} sudah termasuk dalam periode ini."}
        ) from None
    guard.plans_recheck(plans=plans, by=by, cause=f"{tanggal(day, weekday=True)} ditambahkan")
    notices.window_day_changed(window_day, added=True)
    return window_day


@transaction.atomic
def window_day_change(*, day: WindowDay, by, delete: bool = False) -> list[SentBack]:
    """Save (or delete) a window day edited in the admin, under the locks of the window's plans.

    Returns the promised plans the change sent back for review.
    """
    window_ids = {day.window_id}
    if day.pk:
        window_ids |= set(WindowDay.objects.filter(pk=day.pk).values_list("window_id", flat=True))
    plans = guard.plans_lock(opd_ids=None, window_ids=window_ids)
    when = tanggal(day.date, weekday=True)
    if delete:
        notices.window_day_changed(day, added=False)
        day.delete()
        cause = f"{when} dihapus dari periode"
    else:
        added = day.pk is None
        day.save()
        if added:
            notices.window_day_changed(day, added=True)
        cause = f"Hari {when} diubah"
    return guard.plans_recheck(plans=plans, by=by, cause=cause)
