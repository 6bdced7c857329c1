"""Working hours per employee and day (time flexibility, PermenPANRB No. 4/2025).

Set and cleared like plan cells: the OPD's plan row is locked first and an approved plan is
refused for anyone; BKPSDM reaches any OPD, a head only their own (the predicates of
`schedules.edit_plan`); every employee must be active in the OPD and every day in the window.
Only a window whose policy has time flexibility on takes working hours.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from opd.models import Opd
from schedules.models import FlexWindow, HoursKind, WorkingHours
from schedules.models.hours import DAY_MINUTES, hours_text
from schedules.services.plans import editable_plan, plan_cells

TIME = re.compile(r"^\s*(\d{1,2})[.:](\d{2})\s*$")


@dataclass(frozen=True)
class Hours:
    """What to set: a shift (start, end) or dynamic hours (earliest, latest, required)."""

    kind: str
    start: int
    end: int
    required: int | None = None


def parse_time(text: str, label: str) -> int:
    """'07.30' or '07:30' -> 450 minutes; '24.00' allowed as the end of a day."""
    found = TIME.match(text or "")
    if not found:
        raise ValidationError(f"{label} harus berupa jam, mis. 07.30.")
    hours, minutes = int(found[1]), int(found[2])
    if minutes >= 60 or hours * 60 + minutes > DAY_MINUTES:
        raise ValidationError(
            f"{label} {text.strip()} bukan jam yang sah: isi antara 00.00 dan 24.00 (satu shift "
            "tidak boleh lebih dari 24 jam)."
        )
    return hours * 60 + minutes


def parse_hours_amount(text: str) -> int:
    """'7,5' or '7.5' (hours) -> 450 minutes."""
    try:
        hours = float((text or "").strip().replace(",", "."))
    except ValueError:
        raise ValidationError("Jam kerja wajib harus berupa angka jam, mis. 7,5.") from None
    if not 0 < hours <= 24:
        raise ValidationError("Jam kerja wajib harus lebih dari 0 dan paling banyak 24 jam.")
    return round(hours * 60)


def checked_hours(hours: Hours) -> Hours:
    """The hours, or a refusal saying what is wrong (the database checks the same)."""
    if hours.kind not in HoursKind.values:
        raise ValidationError("Jenis jam kerja tidak dikenal. Pilih shift atau jam dinamis.")
    if not 0 <= hours.start <= DAY_MINUTES or not 0 <= hours.end <= DAY_MINUTES:
        raise ValidationError(
            "Jam kerja harus antara 00.00 dan 24.00 pada hari yang sama: satu shift tidak boleh "
            "lebih dari 24 jam."
        )
    if hours.end <= hours.start:
        raise ValidationError(
            "Jam selesai harus setelah jam mulai pada hari yang sama (shift yang melewati "
            "tengah malam belum didukung)."
        )
    if hours.kind == HoursKind.SHIFT:
        return Hours(HoursKind.SHIFT, hours.start, hours.end)
    band = hours.end - hours.start
    if not hours.required or hours.required <= 0:
        raise ValidationError("Jam dinamis memerlukan jam kerja wajib lebih dari 0.")
    if hours.required > band:
        raise ValidationError(
            f"Jam kerja wajib {hours_text(hours.required)} melebihi rentang jam dinamis "
            f"({hours_text(band)})."
        )
    return hours


def _check_policy(window: FlexWindow) -> None:
    policy = window.policy
    if policy is None or not policy.time_flex:
        name = policy.name if policy else "tanpa kebijakan"
        raise ValidationError(
            f"Kebijakan periode {window.name} ({name}) tidak mengatur fleksibilitas waktu, jadi "
            "jam kerja shift atau dinamis tidak dapat diatur. BKPSDM dapat mengaktifkannya pada "
            "kebijakan kerja fleksibel."
        )


@transaction.atomic
def working_hours_set(
    *,
    opd: Opd,
    window: FlexWindow,
    employee_ids: Iterable[int],
    day_ids: Iterable[int],
    hours: Hours,
    by,
) -> int:
    """Set these hours for every (employee x day); returns how many cells were set."""
    _check_policy(window)
    hours = checked_hours(hours)
    editable_plan(opd=opd, window=window, by=by)
    employees, days = plan_cells(opd=opd, window=window, employee_ids=employee_ids, day_ids=day_ids)
    existing = {
        (row.employee_id, row.day_id): row
        for row in WorkingHours.objects.filter(employee_id__in=list(employees), day_id__in=days)
    }
    now, user = timezone.now(), by if getattr(by, "pk", None) else None
    values = {
        "kind": hours.kind,
        "start_minute": hours.start,
        "end_minute": hours.end,
        "required_minutes": hours.required,
        "changed_by": user,
        "changed_at": now,
    }
    changed, created = [], []
    for cell in ((e, d) for e in employees for d in days):
        row = existing.get(cell) or WorkingHours(employee_id=cell[0], day_id=cell[1])
        for name, value in values.items():
            setattr(row, name, value)
        (changed if row.pk else created).append(row)
    bulk_update_with_history(changed, WorkingHours, list(values), default_user=user)
    bulk_create_with_history(created, WorkingHours, default_user=user)
    return len(employees) * len(days)


@transaction.atomic
def working_hours_clear(
    *, opd: Opd, window: FlexWindow, employee_ids: Iterable[int], day_ids: Iterable[int], by
) -> int:
    """Remove the hours of every (employee x day): they follow the usual office hours again."""
    editable_plan(opd=opd, window=window, by=by)
    employees, days = plan_cells(opd=opd, window=window, employee_ids=employee_ids, day_ids=day_ids)
    rows = WorkingHours.objects.filter(employee_id__in=list(employees), day_id__in=list(days))
    cleared = 0
    for row in rows:  # one by one so each removal is in the history
        row._history_user = by
        row.delete()
        cleared += 1
    return cleared
