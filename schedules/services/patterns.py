"""Filling a plan from patterns: a previous week's or window's modes, and repeating remote days
per employee (e.g. WFH every Friday).

Both build cell values by weekday and write them through the one write path (cells.py) as bulk
actions: pinned cells and WFO-only staff are skipped and counted, the weekly cap keeps the first
days of a week and counts the rest, an approved plan is refused. A copied mode the window does
not allow is skipped and counted here.
"""

from collections.abc import Iterable, Mapping
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction

from eligibility.models import restricted_cells
from opd.models import Employee, Opd
from schedules.models import Assignment, FlexWindow, Mode, WindowDay, WorkPattern
from schedules.services.cells import (
    Cell,
    Value,
    WriteResult,
    cells_write,
    checked_value,
)
from schedules.services.plans import editable_plan, locked_plan

CHUNK = 2000
UNKNOWN_SOURCE = "Sumber salinan tidak dikenal. Pilih minggu atau periode dari daftar."


def source_days(window: FlexWindow, source: str) -> list[WindowDay]:
    """The days a copy reads from: 'periode:<id>' (another window) or 'minggu:<Monday>' (the
    window days of that calendar week, any window). Anything else is refused."""
    kind, _, value = (source or "").partition(":")
    if kind == "periode" and value.isdigit() and int(value) != window.pk:
        days = list(WindowDay.objects.filter(window_id=int(value)).order_by("date"))
    elif kind == "minggu":
        try:
            monday = date.fromisoformat(value)
        except ValueError:
            raise ValidationError(UNKNOWN_SOURCE) from None
        if monday.weekday() != 0:
            raise ValidationError(UNKNOWN_SOURCE)
        span = (monday, monday + timedelta(days=6))
        days = list(WindowDay.objects.filter(date__range=span).order_by("date"))
    else:
        raise ValidationError(UNKNOWN_SOURCE)
    if not days:
        raise ValidationError(UNKNOWN_SOURCE)
    return days


def _allowed(window: FlexWindow, value: Value) -> Value | None:
    """The value as the window takes it, or None when its mode is not allowed there."""
    try:
        return checked_value(window, value)
    except ValidationError:
        return None


def _by_weekday(values_of_day: Mapping[int, object], days: Iterable[WindowDay]) -> dict:
    """Target day id -> what the latest source day of its weekday says."""
    return {
        d.pk: values_of_day[d.date.weekday()] for d in days if d.date.weekday() in values_of_day
    }


def _active(opd: Opd, employee_ids: Iterable[int]) -> list[int]:
    """The ids, each an active employee of the OPD, or a refusal (a forged or stale id)."""
    ids = sorted(set(employee_ids))
    found = 0
    for start in range(0, len(ids), CHUNK):
        found += (
            Employee.objects.active()
            .filter(pk__in=ids[start : start + CHUNK], unit__opd=opd)
            .count()
        )
    if found != len(ids) or not ids:
        raise ValidationError(
            "Sebagian pegawai yang dipilih tidak ditemukan di OPD ini atau tidak aktif. "
            "Muat ulang halaman lalu ulangi."
        )
    return ids


def _target_days(window: FlexWindow, day_ids: Iterable[int]) -> list[WindowDay]:
    day_ids = set(day_ids)
    days = [d for d in window.days.all() if d.pk in day_ids]
    if len(days) != len(day_ids) or not days:
        raise ValidationError("Pilih sedikitnya satu hari dari periode ini.")
    return days


def _write(opd, window, wanted: Iterable[tuple[Cell, Value]], by, expected_versions):
    """Write the wanted cells as a bulk action; a value whose mode the window does not allow is
    skipped and counted (the write path counts the rest: pinned, WFO-only, over the cap)."""
    values, skipped = {}, 0
    for cell, value in wanted:
        value = _allowed(window, value)
        if value is None:
            skipped += 1
        else:
            values[cell] = value
    result = cells_write(
        opd=opd,
        window=window,
        values=values,
        by=by,
        expected_versions=expected_versions,
        skip_pinned=True,
        skip_ineligible=True,
        versions_cover_all=False,  # the scope may be larger than the page; its cells are checked
    )
    result.skipped_mode = skipped
    return result


@transaction.atomic
def assignments_copy_from(
    *,
    opd: Opd,
    window: FlexWindow,
    source: str,
    employee_ids: Iterable[int],
    day_ids: Iterable[int],
    by,
    expected_versions: Mapping[Cell, int] | None = None,
) -> WriteResult:
    """Copy each employee's modes (and WFA places) of a previous week or window onto the target
    days of the same weekday (the latest source day of each weekday); a source without that
    weekday leaves the day as it is. A source day without a row copies WFO."""
    locked_plan(opd=opd, window=window)  # the source is read under the plan's lock
    employee_ids = _active(opd, employee_ids)
    sources = source_days(window, source)
    targets = [d for d in _target_days(window, day_ids) if d not in sources]
    weekday_source = {d.date.weekday(): d.pk for d in sources}  # the latest of each weekday
    source_of = _by_weekday(weekday_source, targets)
    stored = {}
    for start in range(0, len(employee_ids), CHUNK):
        stored.update(
            ((a.employee_id, a.day_id), Value(a.mode, a.wfa_place))
            for a in Assignment.objects.filter(
                employee_id__in=employee_ids[start : start + CHUNK],
                day_id__in=set(source_of.values()),
            ).only("employee_id", "day_id", "mode", "wfa_place")
        )
    wanted = (
        ((e, target), stored.get((e, source_day), Value(Assignment.DEFAULT_MODE)))
        for target, source_day in source_of.items()
        for e in employee_ids
    )
    return _write(opd, window, wanted, by, expected_versions)


@transaction.atomic
def assignments_apply_patterns(
    *,
    opd: Opd,
    window: FlexWindow,
    employee_ids: Iterable[int],
    day_ids: Iterable[int],
    by,
    expected_versions: Mapping[Cell, int] | None = None,
) -> WriteResult:
    """Set each employee's repeating remote days (their patterns) on the target days of those
    weekdays; days without a pattern are left as they are."""
    locked_plan(opd=opd, window=window)
    employee_ids = _active(opd, employee_ids)
    targets = _target_days(window, day_ids)
    patterns: dict[int, dict[int, Value]] = {}
    for start in range(0, len(employee_ids), CHUNK):
        for p in WorkPattern.objects.filter(employee_id__in=employee_ids[start : start + CHUNK]):
            patterns.setdefault(p.employee_id, {})[p.weekday] = Value(p.mode, p.wfa_place)
    wanted = (
        ((e, target), value)
        for e, weekly in patterns.items()
        for target, value in _by_weekday(weekly, targets).items()
    )
    return _write(opd, window, wanted, by, expected_versions)


@transaction.atomic
def patterns_set(
    *,
    opd: Opd,
    window: FlexWindow,
    employee_ids: Iterable[int],
    weekdays: Iterable[int],
    mode: str,
    wfa_place: str = "",
    by,
    expected_versions: Mapping[Cell, int] | None = None,
) -> WriteResult:
    """Give each employee a repeating remote day on these weekdays (replacing theirs on those
    weekdays), then apply it to this window's days of those weekdays. WFO-only staff get no
    pattern (and are skipped, as in every bulk action)."""
    # An approved plan is refused before anything is kept.
    editable_plan(opd=opd, window=window, by=by)
    if mode not in (Mode.WFH, Mode.WFA):
        raise ValidationError("Pola berulang hanya untuk hari WFH atau WFA.")
    value = checked_value(window, Value(mode, wfa_place))
    weekdays = sorted(set(weekdays))
    employee_ids = _active(opd, employee_ids)
    people = Employee.objects.filter(pk__in=employee_ids).only("name")
    days = [d for d in window.days.all() if d.date.weekday() in weekdays]
    # Someone WFO only on every one of these days (a restriction running through them) gets no
    # pattern; someone whose restriction ends gets it, and the write skips their restricted days.
    restricted = restricted_cells(days, employee_ids=employee_ids) if days else {}
    wfo_only = [e for e in people if days and all((e.pk, d.pk) in restricted for d in days)]
    eligible = [e.pk for e in people if e not in wfo_only]
    WorkPattern.objects.filter(employee_id__in=eligible, weekday__in=weekdays).delete()
    WorkPattern.objects.bulk_create(
        WorkPattern(employee_id=e, weekday=w, mode=value.mode, wfa_place=value.place, changed_by=by)
        for e in eligible
        for w in weekdays
    )
    result = WriteResult()
    if days:
        result = assignments_apply_patterns(
            opd=opd,
            window=window,
            employee_ids=employee_ids,
            day_ids=[d.pk for d in days],
            by=by,
            expected_versions=expected_versions,
        )
    # Those who got no pattern, and those skipped on some restricted day.
    skipped = {e.pk: e for e in [*wfo_only, *result.skipped_ineligible]}
    result.skipped_ineligible = sorted(skipped.values(), key=lambda e: e.name)
    return result


@transaction.atomic
def patterns_clear(
    *, opd: Opd, window: FlexWindow, employee_ids: Iterable[int], weekdays: Iterable[int], by
) -> int:
    """Remove these employees' patterns on these weekdays (the plan's cells stay as they are)."""
    editable_plan(opd=opd, window=window, by=by)
    employee_ids = _active(opd, employee_ids)
    return WorkPattern.objects.filter(
        employee_id__in=employee_ids, weekday__in=sorted(set(weekdays))
    ).delete()[0]
