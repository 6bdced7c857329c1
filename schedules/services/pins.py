"""Pinning cells by hand: the auto-planner leaves a pinned cell as it is."""

from collections.abc import Iterable

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from opd.models import Opd
from schedules.models import Assignment, FlexWindow, Mode
from schedules.services.assignments import (
    _check_plan_editable,
    _check_versions,
    _existing,
    _record_history,
    _scoped_rows,
)
from schedules.services.plans import locked_plan


@transaction.atomic
def assignments_pin(
    *,
    opd: Opd,
    window: FlexWindow,
    employee_ids: Iterable[int],
    day_ids: Iterable[int],
    pinned: bool,
    by,
    expected_versions: dict[tuple[int, int], int] | None = None,
) -> int:
    """Pin (or unpin) every (employee x day) cell at its current mode; returns how many changed.

    Pinning a cell that has no row pins its default, WFO: the employee stays on site.
    """
    plan = locked_plan(opd=opd, window=window)
    _check_plan_editable(plan, by)
    employees, days = _scoped_rows(opd, window, list(employee_ids), list(day_ids))
    cells = [(e, d) for e in employees for d in days]
    existing = _existing(employees, days)
    _check_versions(existing, expected_versions, cells)
    now = timezone.now()
    changed = [row.pk for row in existing.values() if row.pinned != pinned]
    Assignment.objects.filter(pk__in=changed).update(
        pinned=pinned, changed_by=by, changed_at=now, version=F("version") + 1
    )
    created = []
    if pinned:
        created = Assignment.objects.bulk_create(
            Assignment(
                employee_id=e, day_id=d, mode=Mode.WFO, pinned=True,
                changed_by_id=by.pk if by else None,
            )
            for e, d in cells
            if (e, d) not in existing
        )  # fmt: skip
    _record_history([a.pk for a in created], history_type="+", by=by, when=now)
    _record_history(changed, history_type="~", by=by, when=now)
    return len(changed) + len(created)
