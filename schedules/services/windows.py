"""Writes about windows and plans. Views and commands call these; they never repeat them."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from opd.dates import tanggal
from schedules.holidays import non_working_reason
from schedules.models import FlexWindow, WindowDay


@transaction.atomic
def window_day_add(
    *,
    window: FlexWindow,
    day: date,
    by,
    override_reason: str = "",
    legal_basis: str = "",
) -> WindowDay:
    """Add a day to a window; weekends and holidays need BKPSDM's recorded reason."""
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
    return window_day
