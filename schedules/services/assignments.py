"""Setting employees' modes from the grid and its bulk actions: builders of cell values.

They only say which value each cell should get; schedules/services/cells.py, the one write path,
locks the plan, checks and writes.
"""

from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.db import transaction

from opd.models import Opd
from schedules.models import Assignment, FlexWindow
from schedules.services.cells import Cell, Value, WriteResult, cells_write
from schedules.services.plans import locked_plan


def assignments_set(
    *,
    opd: Opd,
    window: FlexWindow,
    employee_ids: Iterable[int],
    day_ids: Iterable[int],
    mode: str,
    by,
    wfa_place: str = "",
    expected_versions: Mapping[Cell, int] | None = None,
    bulk: bool = False,
    versions_cover_all: bool = True,
) -> WriteResult:
    """Set every (employee x day) cell to `mode` (and the WFA place).

    A single edit refuses a WFO-only employee; a bulk action (`bulk=True`) skips them and pinned
    cells and says how many.
    """
    value = Value(mode, wfa_place)
    values = {(e, d): value for e in set(employee_ids) for d in set(day_ids)}
    return cells_write(
        opd=opd,
        window=window,
        values=values,
        by=by,
        expected_versions=expected_versions,
        skip_pinned=bulk,
        skip_ineligible=bulk,
        versions_cover_all=versions_cover_all,
    )


@transaction.atomic
def assignments_copy_day(
    *,
    opd: Opd,
    window: FlexWindow,
    source_day_id: int,
    target_day_ids: Iterable[int],
    employee_ids: Iterable[int],
    by,
    expected_versions: Mapping[Cell, int] | None = None,
) -> WriteResult:
    """Copy each employee's mode (and WFA place) on the source day to the target days.

    A bulk action: pinned target cells and WFO-only staff are skipped and counted.
    """
    employee_ids = sorted(set(employee_ids))
    target_day_ids = sorted({d for d in target_day_ids if d != source_day_id})
    if not target_day_ids:
        raise ValidationError("Pilih sedikitnya satu hari tujuan yang berbeda dari hari sumber.")
    if not window.days.filter(pk=source_day_id).exists():
        raise ValidationError("Pilih hari sumber dari periode ini.")
    locked_plan(opd=opd, window=window)  # the source day is read under the plan's lock
    source = {
        a.employee_id: Value(a.mode, a.wfa_place)
        for a in Assignment.objects.filter(employee_id__in=employee_ids, day_id=source_day_id)
    }
    no_row = Value(*Assignment.value_of(None))
    values = {(e, d): source.get(e, no_row) for e in employee_ids for d in target_day_ids}
    return cells_write(
        opd=opd,
        window=window,
        values=values,
        by=by,
        expected_versions=expected_versions,
        skip_pinned=True,
        skip_ineligible=True,
    )
