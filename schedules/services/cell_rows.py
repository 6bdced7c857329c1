"""Reading and writing plan cells for schedules/services/cells.py, the one write path.

Only cells.py calls these, after it has locked the plan and checked every cell: they read what the
checks need of the stored cells and write the changed ones with one history row each. On
PostgreSQL the write is one statement (an upsert from arrays feeding the history INSERT); other
databases (SQLite in tests) take the portable path with the same result.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import NamedTuple

from django.db import connection
from django.db.models import F
from django.utils import timezone

from schedules.models import Assignment

CHUNK = 2000

Cell = tuple[int, int]  # (employee id, day id)


@dataclass(frozen=True)
class Value:
    """What a cell should hold: a mode and, for WFA, the place."""

    mode: str
    place: str = ""


class Row(NamedTuple):
    """What the checks and the write need of a stored cell (not a whole Assignment)."""

    pk: int
    mode: str
    wfa_place: str
    pinned: bool
    version: int


def stored(employee_ids: Iterable[int], day_ids: Iterable[int]) -> dict[Cell, Row]:
    rows = {}
    employee_ids, day_ids = list(employee_ids), list(day_ids)
    for start in range(0, len(employee_ids), CHUNK):
        for employee_id, day_id, *row in Assignment.objects.filter(
            employee_id__in=employee_ids[start : start + CHUNK], day_id__in=day_ids
        ).values_list("employee_id", "day_id", "pk", "mode", "wfa_place", "pinned", "version"):
            rows[(employee_id, day_id)] = Row(*row)
    return rows


def write(values: Mapping[Cell, Value], existing: dict[Cell, Row], by) -> list[list]:
    """Create or update the cells whose value differs; history per changed cell; undo entries."""
    undo: list[list] = []
    created: list[tuple[Cell, Value]] = []
    updated: list[tuple[Row, Value]] = []
    for cell, value in values.items():
        row = existing.get(cell)
        if row is None:
            if value.mode != Assignment.DEFAULT_MODE:  # no row already means WFO
                created.append((cell, value))
                undo.append([*cell, *Assignment.value_of(None), 1])
        elif (row.mode, row.wfa_place) != (value.mode, value.place):
            updated.append((cell, value))
            undo.append([*cell, row.mode, row.wfa_place, row.version + 1])
    if connection.vendor == "postgresql":
        _upsert(created + updated, by)
    else:
        _write_rows(created, [(existing[cell], value) for cell, value in updated], by)
    return undo


def _write_rows(created, updated, by) -> None:
    """The portable write (SQLite): UPDATE per distinct value, bulk INSERT, history copied."""
    now = timezone.now()
    by_id = by.pk if by else None
    ids_by_value: dict[Value, list[int]] = {}
    for row, value in updated:
        ids_by_value.setdefault(value, []).append(row.pk)
    for value, ids in ids_by_value.items():
        for start in range(0, len(ids), CHUNK):
            Assignment.objects.filter(pk__in=ids[start : start + CHUNK]).update(
                mode=value.mode,
                wfa_place=value.place,
                changed_by_id=by_id,
                changed_at=now,
                version=F("version") + 1,
            )
    new = Assignment.objects.bulk_create(
        [
            Assignment(employee_id=e, day_id=d, mode=v.mode, wfa_place=v.place, changed_by_id=by_id)
            for (e, d), v in created
        ],
        batch_size=CHUNK,
    )
    record_history([a.pk for a in new], history_type="+", by=by, when=now)
    record_history([row.pk for row, _ in updated], history_type="~", by=by, when=now)


def history_columns() -> list[str]:
    """The columns django-simple-history copies from an assignment row into its history row:
    every column of the row that the history model has too (`changed_at` is excluded there),
    read from the models so that a new field or an upgrade cannot silently drop one."""
    tracked = {f.column for f in Assignment.history.model._meta.concrete_fields}
    return [f.column for f in Assignment._meta.concrete_fields if f.column in tracked]


def _upsert(cells: list[tuple[Cell, Value]], by) -> None:
    """PostgreSQL: every cell written and its history row recorded in one statement.

    INSERT ... SELECT FROM unnest(arrays) ON CONFLICT DO UPDATE ... RETURNING feeds the history
    INSERT: '+' for a row inserted (xmax 0), '~' for one updated (its version went up).
    """
    if not cells:
        return
    qn = connection.ops.quote_name
    table = qn(Assignment._meta.db_table)
    history = qn(Assignment.history.model._meta.db_table)
    columns = ", ".join(qn(c) for c in history_columns())
    written = ", ".join(f"a.{qn(c)}" for c in history_columns())
    sql = f"""
        WITH written AS (
            INSERT INTO {table} AS a (employee_id, day_id, mode, wfa_place, pinned, version,
                                      changed_by_id, changed_at)
            SELECT c.employee_id, c.day_id, c.mode, c.wfa_place, FALSE, 1, %s, %s
            FROM unnest(%s::bigint[], %s::bigint[], %s::varchar[], %s::varchar[])
                AS c(employee_id, day_id, mode, wfa_place)
            ON CONFLICT (employee_id, day_id) DO UPDATE SET
                mode = EXCLUDED.mode, wfa_place = EXCLUDED.wfa_place,
                changed_by_id = EXCLUDED.changed_by_id, changed_at = EXCLUDED.changed_at,
                version = a.version + 1
            RETURNING {written}, a.xmax = 0 AS inserted
        )
        INSERT INTO {history} ({columns}, history_date, history_type, history_user_id,
                               history_change_reason)
        SELECT {columns}, %s, CASE WHEN inserted THEN '+' ELSE '~' END, %s, NULL
        FROM written
    """  # noqa: S608 (table and column names from the models, values as parameters)
    now = timezone.now()
    by_id = by.pk if by else None
    params = [
        by_id,
        now,
        [e for (e, _), _ in cells],
        [d for (_, d), _ in cells],
        [v.mode for _, v in cells],
        [v.place for _, v in cells],
        now,
        by_id,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def record_history(ids: list[int], *, history_type: str, by, when) -> None:
    """Copy the rows' new state into django-simple-history's table in one INSERT ... SELECT.

    Equivalent to Assignment.history.bulk_history_create(), without building two model
    objects per cell in Python: a bulk change of 5,000 cells spent most of its time there.
    """
    if not ids:
        return
    history = Assignment.history.model._meta
    source = Assignment._meta
    qn = connection.ops.quote_name
    columns = ", ".join(qn(c) for c in history_columns())
    sql = (
        f"INSERT INTO {qn(history.db_table)} ({columns}, {qn('history_date')}, "
        f"{qn('history_type')}, {qn('history_user_id')}, {qn('history_change_reason')}) "
        f"SELECT {columns}, %s, %s, %s, NULL FROM {qn(source.db_table)} WHERE {qn('id')} IN "
    )
    # As the ORM stores it (SQLite: naive UTC text; an aware value would sort after it).
    moment = connection.ops.adapt_datetimefield_value(when)
    with connection.cursor() as cursor:
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            placeholders = ", ".join(["%s"] * len(chunk))
            cursor.execute(
                f"{sql}({placeholders})", [moment, history_type, by.pk if by else None, *chunk]
            )
