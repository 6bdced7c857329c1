"""Check-in and check-out: server time only, one check-in per employee per day, flags not refusals.

A check-in that differs from the plan (another mode, outside the office radius, no location, another
WFA place, after the start of the day's working hours) is accepted and flagged with the reason, so
that an employee is never stopped from working by a weak GPS signal; the head sees the flag. What
is refused outright: no staff record, a day that is not today's window day, a second check-in, a
mode the window does not allow.
"""

import functools
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import OuterRef
from django.utils import timezone
from django.utils.formats import date_format

from attendance.geo import distance_m, within_radius
from attendance.models import CheckIn, Flag
from attendance.selectors import (
    CheckInDay,
    check_in_day,
    employee_columns,
    employee_from_row,
    hours_subqueries,
    today_window_day,
)
from common import region
from common.dates import tanggal
from opd.models import Employee, Unit
from schedules.models import HoursKind, Mode, WindowDay, WorkingHours


class Refused(ValidationError):
    """An action the rules do not allow at this moment; nothing was written."""


@dataclass(frozen=True)
class Position:
    """Where the browser said the phone was; accuracy is the radius of its uncertainty."""

    latitude: Decimal
    longitude: Decimal
    accuracy_m: int | None = None


def _same_place(a: str, b: str) -> bool:
    return " ".join(a.casefold().split()) == " ".join(b.casefold().split())


def check_in_assess(
    *,
    unit: Unit,
    planned_mode: str,
    planned_place: str,
    mode: str,
    place: str,
    position: Position | None,
) -> tuple[list[str], int | None]:
    """The flags of a check-in and, for WFO, its distance to the office in whole metres.

    - any mode other than the planned one: mode mismatch;
    - WFO without a location: no location; WFO further than the unit's radius: outside radius
      (the rounded distance is compared, so the page and the decision agree; on the circle is in);
    - WFA as planned, at a place other than the planned one: place mismatch (case and spacing
      ignored). WFH and WFA locations are recorded when given, with nothing to compare them to.
    A unit without office coordinates cannot be compared: no distance, no radius flag.
    """
    flags = []
    distance = None
    if mode != planned_mode:
        flags.append(Flag.MODE_MISMATCH)
    if mode == Mode.WFO:
        if position is None:
            flags.append(Flag.NO_LOCATION)
        elif unit.latitude is not None and unit.longitude is not None:
            distance = round(
                distance_m(position.latitude, position.longitude, unit.latitude, unit.longitude)
            )
            if not within_radius(distance, unit.radius_m):
                flags.append(Flag.OUTSIDE_RADIUS)
    elif (
        mode == Mode.WFA == planned_mode and planned_place and not _same_place(place, planned_place)
    ):
        flags.append(Flag.PLACE_MISMATCH)
    return [str(f) for f in flags], distance


def _minute(moment) -> int:
    local = timezone.localtime(moment)
    return local.hour * 60 + local.minute


def is_late(hours: WorkingHours | None, moment) -> bool:
    """After the shift's start, or after the latest start of the dynamic band (its end less the
    required hours), in the portal's time zone; never without working hours for the day."""
    return hours is not None and _minute(moment) > hours.latest_start


def left_early(check_in: CheckIn, hours: WorkingHours | None) -> bool:
    """Out before the shift's end, or (dynamic hours) before the required hours from the arrival
    (counted from the band's start at the earliest) are done; never without working hours."""
    if hours is None:
        return False
    done_at = hours.end_minute
    if hours.kind == HoursKind.DYNAMIC:
        arrived = max(_minute(check_in.checked_in_at), hours.start_minute)
        done_at = min(done_at, arrived + (hours.required_minutes or 0))
    return _minute(check_in.checked_out_at) < done_at


def own_employee(user) -> Employee:
    """The user's own active staff record: the only employee anyone checks in or reports for."""
    employee = (
        Employee.objects.select_related("unit").filter(pk=user.employee_id).first()
        if user.employee_id
        else None
    )
    return _usable(employee)


def _usable(employee: Employee | None) -> Employee:
    if employee is None:
        raise Refused(
            "Akun Anda belum terhubung dengan data pegawai, sehingga tidak dapat presensi atau "
            "mengirim laporan. Hubungi BKPSDM."
        )
    if not employee.is_active:
        raise Refused("Data pegawai Anda berstatus tidak aktif. Hubungi BKPSDM.")
    return employee


def tap_employee(user) -> Employee:
    """`own_employee` for a check-in on a day that is not a window day (`check_in_day` reads
    the record with the day otherwise): SQL written once per process; the same refusals."""
    if not user.employee_id:
        return _usable(None)
    with connection.cursor() as cursor:
        cursor.execute(_tap_employee_sql(), [user.employee_id])
        row = cursor.fetchone()
    return _usable(employee_from_row(row) if row is not None else None)


@functools.cache
def _tap_employee_sql() -> str:
    q = connection.ops.quote_name
    return (
        f"SELECT {', '.join(employee_columns())} FROM {q(Employee._meta.db_table)} e"
        f" JOIN {q(Unit._meta.db_table)} u ON u.id = e.unit_id WHERE e.id = %s"
    )


def _jam(moment) -> str:
    return date_format(timezone.localtime(moment), "H.i") + f" {region.zone_label()}"


def _today_day_or_refuse(day_id: int | None, day: WindowDay | None) -> WindowDay:
    """Today's window day `day` (None: today is not one); a form rendered for another day
    (yesterday's page) is refused."""
    today = timezone.localdate()
    if day_id is not None and (day is None or day.pk != day_id):
        asked = WindowDay.objects.filter(pk=day_id).values_list("date", flat=True).first()
        if asked is not None and asked < today:
            raise Refused(
                f"Presensi untuk {tanggal(asked, weekday=True)} sudah ditutup: hari itu telah "
                "berakhir. Presensi hanya dapat dilakukan pada hari yang sama."
            )
        if asked is not None and asked > today:
            raise Refused(f"Presensi untuk {tanggal(asked, weekday=True)} belum dibuka.")
    if day is None:
        raise Refused(
            f"Hari ini, {tanggal(today, weekday=True)}, bukan hari periode kerja fleksibel. "
            "Presensi hanya dibuka pada hari-hari periode."
        )
    return day


def check_in_record(
    *,
    user,
    mode: str,
    place: str = "",
    position: Position | None = None,
    day_id: int | None = None,
    today: CheckInDay | None = None,
) -> CheckIn:
    """Check the signed-in employee in for today, at the server's time, flagged where it differs.

    The employee is always the user's own staff record; `day_id` is the day the page was shown
    for, so a page left open past midnight is refused rather than counted on the next day.
    `today` is `attendance.selectors.check_in_day` for this user when the caller has read it
    (the view reads it for the form): it carries the staff record, so the peak path costs one
    statement here, the INSERT (two without it). The one write is a single statement: no
    transaction.
    """
    if today is None:
        today = check_in_day(employee_id=user.employee_id)
    # no window day today (or no staff record): the record alone, for the refusal in order
    employee = _usable(today.employee) if today is not None else tap_employee(user)
    _today_day_or_refuse(day_id, today.day if today else None)
    if today.earlier_at is not None:
        raise Refused(
            f"Anda sudah presensi masuk hari ini pukul {_jam(today.earlier_at)}. "
            "Presensi masuk hanya sekali sehari."
        )
    place = _checked_mode_and_place(today.day, mode, place)
    check_in = _assessed_check_in(employee, today, mode=mode, place=place, position=position)
    if not _insert_once(check_in):  # a second tap that raced the first one
        raise Refused("Anda sudah presensi masuk hari ini. Presensi masuk hanya sekali sehari.")
    return check_in


def _checked_mode_and_place(day: WindowDay, mode: str, place: str) -> str:
    """The place, stripped, once the mode is one the window allows and WFA names its place."""
    allowed = day.window.allowed_modes()
    if mode not in allowed:
        raise Refused(
            {"mode": f"{mode} tidak diizinkan pada {day.window.name}; pilih {', '.join(allowed)}."}
        )
    place = place.strip()
    if mode == Mode.WFA and not place:
        raise Refused({"place": "Tuliskan tempat Anda bekerja WFA hari ini."})
    return place


def _assessed_check_in(
    employee,
    today: CheckInDay,
    *,
    mode: str,
    place: str,
    position: Position | None,
    at=None,
) -> CheckIn:
    """The unsaved check-in at the server's time (or `at`, the tap's time of a check-in the phone
    held while offline), flagged where it differs from the plan, the unit's location or the start
    of the working day (no query: `today` carries the plan and `employee` its unit)."""
    flags, distance = check_in_assess(
        unit=employee.unit,
        planned_mode=today.planned_mode,
        planned_place=today.planned_place,
        mode=mode,
        place=place,
        position=position,
    )
    now = at or timezone.now()
    if is_late(today.hours, now):
        flags.append(str(Flag.LATE))
    return CheckIn(
        employee=employee,
        day=today.day,
        date=today.day.date,
        planned_mode=today.planned_mode,
        planned_place=today.planned_place,
        mode=mode,
        place=place if mode != Mode.WFO else "",
        checked_in_at=now,
        latitude=position.latitude if position else None,
        longitude=position.longitude if position else None,
        accuracy_m=position.accuracy_m if position else None,
        distance_m=distance,
        flags=flags,
    )


def _insert_once(check_in: CheckIn) -> bool:
    """INSERT … ON CONFLICT DO NOTHING RETURNING id: False when the day's row exists already.

    The unique constraint (employee, day) decides between two taps that race, in one statement:
    the loser neither raises nor aborts a surrounding transaction, so no savepoint is needed.
    Django's bulk_create(ignore_conflicts=True) cannot tell whether it inserted, hence SQL.
    """
    fields, sql = _insert_sql()
    params = [f.get_db_prep_save(f.pre_save(check_in, True), connection) for f in fields]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        return False
    check_in.pk = row[0]
    check_in._state.adding, check_in._state.db = False, connection.alias
    return True


@functools.cache
def _insert_sql():
    """The fields of a check-in and the INSERT of `_insert_once`, written once per process."""
    fields = [f for f in CheckIn._meta.concrete_fields if not f.primary_key]
    quote = connection.ops.quote_name
    sql = (
        f"INSERT INTO {quote(CheckIn._meta.db_table)} "
        f"({', '.join(quote(f.column) for f in fields)}) VALUES ({', '.join(['%s'] * len(fields))})"
        f" ON CONFLICT DO NOTHING RETURNING {quote(CheckIn._meta.pk.column)}"
    )
    return fields, sql


@transaction.atomic
def check_out_record(*, user) -> CheckIn:
    """Check out of today's check-in, once, at the server's time."""
    employee = own_employee(user)
    day = _today_day_or_refuse(None, today_window_day())
    check_in = (
        CheckIn.objects.select_for_update()
        .filter(employee=employee, date=day.date)  # the date: one month's partition
        .annotate(**hours_subqueries(employee_id=employee.pk, day=OuterRef("day_id")))
        .first()
    )
    if check_in is None:
        raise Refused(
            "Anda belum presensi masuk hari ini. Presensi pulang hanya setelah presensi masuk."
        )
    if check_in.checked_out_at is not None:
        raise Refused(f"Anda sudah presensi pulang pukul {_jam(check_in.checked_out_at)}.")
    check_in.checked_out_at = timezone.now()
    if left_early(check_in, WorkingHours.from_row(check_in)):
        check_in.flags = [*check_in.flags, str(Flag.EARLY_LEAVE)]
    check_in.save(update_fields=["checked_out_at", "flags"])
    return check_in
