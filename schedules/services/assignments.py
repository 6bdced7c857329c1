"""Setting employees' modes: the single write path for the grid, bulk actions and the planner.

Every call is one transaction that first locks the OPD's plan row, so an approval (which takes the
same lock) sees either all of a change or none of it, and an approved plan can never change.
"""

from collections import defaultdict
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from opd.access import allowed
from opd.dates import tanggal
from opd.models import Employee, Opd
from schedules.models import Assignment, FlexWindow, Mode, Plan, WindowDay
from schedules.services.plans import locked_plan

CHUNK = 2000


class StaleEdit(ValidationError):
    """Someone changed the cells since the page was loaded; nothing was written."""


def _check_plan_editable(plan: Plan, by) -> None:
    if by is None or allowed(by, "schedules.edit_plan", plan):
        return
    if plan.is_locked:
        raise PermissionDenied(
            "Rencana OPD ini sudah disetujui dan terkunci. BKPSDM dapat membukanya kembali "
            "dengan alasan bila perlu diubah."
        )
    raise PermissionDenied(
        f"Anda tidak dapat mengubah rencana ini saat berstatus "
        f"'{plan.get_status_display()}'. Kepala OPD hanya dapat menyesuaikan rencana yang "
        "sedang diajukan kepadanya."
    )


def _scoped_rows(opd: Opd, window: FlexWindow, employee_ids, day_ids):
    employees = {
        e.pk: e for e in Employee.objects.active().filter(pk__in=set(employee_ids), unit__opd=opd)
    }
    if len(employees) != len(set(employee_ids)):
        raise ValidationError(
            "Sebagian pegawai yang dipilih tidak ditemukan di OPD ini atau tidak aktif. "
            "Muat ulang halaman lalu ulangi."
        )
    days = {d.pk: d for d in WindowDay.objects.filter(window=window, pk__in=set(day_ids))}
    if len(days) != len(set(day_ids)) or not days:
        raise ValidationError("Pilih sedikitnya satu hari dari periode ini.")
    return employees, days


def _check_mode(window: FlexWindow, mode: str, employees: dict[int, Employee]) -> None:
    if mode not in Mode.values:
        raise ValidationError(f"Mode kerja {mode!r} tidak dikenal. Pilih WFO, WFH atau WFA.")
    if mode not in window.allowed_modes():
        raise ValidationError(
            f"{mode} tidak diizinkan pada {window.name}; mode yang diizinkan: "
            f"{', '.join(window.allowed_modes())}."
        )
    if mode != Mode.WFO:
        refused = [e for e in employees.values() if not e.is_flex_eligible]
        if refused:
            names = "; ".join(f"{e.name} ({e.get_ineligibility_display()})" for e in refused)
            raise ValidationError(
                f"Pegawai berikut hanya boleh WFO (PermenPANRB No. 4/2025): {names}."
            )


def _check_versions(existing, expected_versions, cells) -> None:
    """Refuse when any target cell's version differs from the one the page showed."""
    if expected_versions is None:
        return
    for employee_id, day_id in cells:
        row = existing.get((employee_id, day_id))
        expected = expected_versions.get((employee_id, day_id))
        if expected is not None and expected != (row.version if row else 0):
            raise StaleEdit(_stale_message(row))


def _stale_message(row: Assignment | None) -> str:
    if row is None:  # only an admin deleting a row makes a seen cell vanish
        return "Jadwal ini berubah setelah halaman Anda dimuat. Muat ulang halaman lalu ulangi."
    who = "pengguna lain"
    if row.changed_by:
        who = row.changed_by.get_full_name() or row.changed_by.username
    when = timezone.localtime(row.changed_at).strftime("%H.%M")
    return (
        f"Jadwal {row.employee.name} pada {tanggal(row.day.date, weekday=True)} sudah diubah "
        f"oleh {who} pukul {when} WIB setelah halaman Anda dimuat. Tidak ada yang disimpan; "
        "muat ulang untuk melihat data terbaru."
    )


def _write(*, cells_by_value, existing, by) -> int:
    """Create or update the given cells; record history for each changed cell."""
    now = timezone.now()
    changed_ids: list[int] = []
    to_create: list[Assignment] = []
    for (mode, place), cells in cells_by_value.items():
        update_ids = []
        for employee_id, day_id in cells:
            row = existing.get((employee_id, day_id))
            if row is None:
                if mode != Mode.WFO:  # no row already means WFO
                    to_create.append(
                        Assignment(
                            employee_id=employee_id,
                            day_id=day_id,
                            mode=mode,
                            wfa_place=place,
                            changed_by_id=by.pk if by else None,
                        )
                    )
            elif row.mode != mode or row.wfa_place != place:
                update_ids.append(row.pk)
        for start in range(0, len(update_ids), CHUNK):
            chunk = update_ids[start : start + CHUNK]
            Assignment.objects.filter(pk__in=chunk).update(
                mode=mode, wfa_place=place, changed_by=by, changed_at=now, version=F("version") + 1
            )
        changed_ids.extend(update_ids)
    created = Assignment.objects.bulk_create(to_create, batch_size=CHUNK)
    _record_history([a.pk for a in created], history_type="+", by=by, when=now)
    _record_history(changed_ids, history_type="~", by=by, when=now)
    return len(changed_ids) + len(created)


def _record_history(ids: list[int], *, history_type: str, by, when) -> None:
    """Copy the rows' new state into django-simple-history's table in one INSERT ... SELECT.

    Equivalent to Assignment.history.bulk_history_create(), without building two model
    objects per cell in Python: a bulk change of 5,000 cells spent most of its time there.
    """
    if not ids:
        return
    history = Assignment.history.model._meta
    source = Assignment._meta
    copied = [
        "id",
        "mode",
        "wfa_place",
        "pinned",
        "version",
        "employee_id",
        "day_id",
        "changed_by_id",
    ]
    qn = connection.ops.quote_name
    columns = ", ".join(qn(c) for c in copied)
    sql = (
        f"INSERT INTO {qn(history.db_table)} ({columns}, {qn('history_date')}, "
        f"{qn('history_type')}, {qn('history_user_id')}, {qn('history_change_reason')}) "
        f"SELECT {columns}, %s, %s, %s, NULL FROM {qn(source.db_table)} WHERE {qn('id')} IN "
    )
    with connection.cursor() as cursor:
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            placeholders = ", ".join(["%s"] * len(chunk))
            cursor.execute(
                f"{sql}({placeholders})", [when, history_type, by.pk if by else None, *chunk]
            )


def _existing(employee_ids: Iterable[int], day_ids: Iterable[int]) -> dict:
    rows = {}
    employee_ids, day_ids = list(employee_ids), list(day_ids)
    for start in range(0, len(employee_ids), CHUNK):
        for row in Assignment.objects.filter(
            employee_id__in=employee_ids[start : start + CHUNK], day_id__in=day_ids
        ):
            rows[(row.employee_id, row.day_id)] = row
    return rows


@transaction.atomic
def assignments_set(
    *,
    opd: Opd,
    window: FlexWindow,
    employee_ids: Iterable[int],
    day_ids: Iterable[int],
    mode: str,
    by,
    wfa_place: str = "",
    expected_versions: dict[tuple[int, int], int] | None = None,
) -> int:
    """Set every (employee x day) cell to `mode`; returns how many cells changed.

    `expected_versions` maps (employee_id, day_id) to the version the user saw (0 = no row);
    a difference refuses the whole change.
    """
    employee_ids, day_ids = list(employee_ids), list(day_ids)
    plan = locked_plan(opd=opd, window=window)
    _check_plan_editable(plan, by)
    employees, days = _scoped_rows(opd, window, employee_ids, day_ids)
    _check_mode(window, mode, employees)
    place = wfa_place.strip() if mode == Mode.WFA else ""
    if len(place) > 200:
        raise ValidationError("Tempat WFA paling panjang 200 karakter.")
    cells = [(e, d) for e in employees for d in days]
    existing = _existing(employees, days)
    _check_versions(existing, expected_versions, cells)
    return _write(cells_by_value={(mode, place): cells}, existing=existing, by=by)


@transaction.atomic
def assignments_copy_day(
    *,
    opd: Opd,
    window: FlexWindow,
    source_day_id: int,
    target_day_ids: Iterable[int],
    employee_ids: Iterable[int],
    by,
    expected_versions: dict[tuple[int, int], int] | None = None,
) -> int:
    """Copy each employee's mode (and WFA place) on the source day to the target days."""
    employee_ids, target_day_ids = (
        list(employee_ids),
        [d for d in target_day_ids if d != source_day_id],
    )
    if not target_day_ids:
        raise ValidationError("Pilih sedikitnya satu hari tujuan yang berbeda dari hari sumber.")
    plan = locked_plan(opd=opd, window=window)
    _check_plan_editable(plan, by)
    employees, days = _scoped_rows(opd, window, employee_ids, [source_day_id, *target_day_ids])
    existing = _existing(employees, days)
    cells_by_value = defaultdict(list)
    for employee_id in employees:
        source = existing.get((employee_id, source_day_id))
        value = (source.mode, source.wfa_place) if source else (Mode.WFO, "")
        cells_by_value[value].extend((employee_id, d) for d in target_day_ids)
    _check_versions(existing, expected_versions, [c for v in cells_by_value.values() for c in v])
    return _write(cells_by_value=cells_by_value, existing=existing, by=by)
