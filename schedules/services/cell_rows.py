"""Reading and writing plan cells for schedules/services/cells.py, the one write path.

Only cells.py calls these, after it has locked the plans and checked every cell: they read what
the checks need of the stored cells and write the changed ones with one history row each. On
PostgreSQL the write is one upsert statement feeding the history INSERT: its rows come from arrays
for a few thousand cells, and for more (a proposal for a whole city) from a temporary table filled
by COPY, so no large array is ever turned into SQL text; other databases (SQLite in tests) take
the portable path with the same result.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import NamedTuple

from django.db import connection
from django.db.models import F
from django.utils import timezone

from schedules.models import Assignment

CHUNK = 2000
COPY_FROM = 5000  # cells from which the PostgreSQL write copies its rows in (COPY) instead

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


def stored(
    employee_ids: Iterable[int], day_ids: Iterable[int], *, opd_ids: Iterable[int] | None = None
) -> dict[Cell, Row]:
    """The stored cells of these employees on these days.

    Up to 2,000 employees by id; more, when the OPDs they belong to are given (`opd_ids`), in one
    query over those OPDs' cells on the days, kept here when the employee is asked for (a query
    per 2,000 ids cost seconds on a city of 100,000: issue #31).
    """
    rows = {}
    employee_ids, day_ids = list(employee_ids), list(day_ids)
    columns = ("employee_id", "day_id", "pk", "mode", "wfa_place", "pinned", "version")
    if opd_ids is not None and len(employee_ids) > CHUNK:
        wanted = set(employee_ids)
        for employee_id, day_id, *row in Assignment.objects.filter(
            day_id__in=day_ids, employee__unit__opd_id__in=sorted(set(opd_ids))
        ).values_list(*columns):
            if employee_id in wanted:
                rows[(employee_id, day_id)] = Row(*row)
        return rows
    for start in range(0, len(employee_ids), CHUNK):
        for employee_id, day_id, *row in Assignment.objects.filter(
            employee_id__in=employee_ids[start : start + CHUNK], day_id__in=day_ids
        ).values_list(*columns):
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


UPSERT = """
    WITH written AS (
        INSERT INTO {table} AS a (employee_id, day_id, mode, wfa_place, pinned, version,
                                  changed_by_id, changed_at)
        SELECT c.employee_id, c.day_id, c.mode, c.wfa_place, FALSE, 1, %s, %s
        FROM {source}
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
"""
ARRAYS = """unnest(%s::bigint[], %s::bigint[], %s::varchar[], %s::varchar[])
            AS c(employee_id, day_id, mode, wfa_place)"""
COPIED = "wfa_cells_written"  # the temporary table of a large write (dropped at commit)


def upsert_sql(source: str) -> str:
    """The upsert and its history INSERT, reading the cells (employee_id, day_id, mode,
    wfa_place) from `source` (the bench's raw-SQL floor runs the same statement)."""
    qn = connection.ops.quote_name
    return UPSERT.format(
        table=qn(Assignment._meta.db_table),
        history=qn(Assignment.history.model._meta.db_table),
        source=source,
        columns=", ".join(qn(c) for c in history_columns()),
        written=", ".join(f"a.{qn(c)}" for c in history_columns()),
    )


def copy_cells(cursor, rows: Iterable[tuple]) -> str:
    """COPY (employee id, day id, mode, place) rows into a temporary table dropped at commit;
    the FROM clause that reads them. Binary rows: nothing is turned into SQL text."""
    cursor.execute(f"DROP TABLE IF EXISTS pg_temp.{COPIED}")
    cursor.execute(
        f"CREATE TEMPORARY TABLE {COPIED} (employee_id bigint, day_id bigint, mode varchar(3), "
        "wfa_place varchar(200)) ON COMMIT DROP"
    )
    with cursor.copy(f"COPY {COPIED} FROM STDIN (FORMAT BINARY)") as copy:
        copy.set_types(["int8", "int8", "varchar", "varchar"])
        for row in rows:
            copy.write_row(row)
    return f"{COPIED} AS c"


def _upsert(cells: list[tuple[Cell, Value]], by) -> None:
    """PostgreSQL: every cell written and its history row recorded in one statement.

    INSERT ... SELECT ... ON CONFLICT DO UPDATE ... RETURNING feeds the history INSERT: '+' for a
    row inserted (xmax 0), '~' for one updated (its version went up). The cells come from arrays
    (a few thousand) or, from `COPY_FROM` cells on, from a temporary table filled by COPY: the
    arrays would be turned into SQL text by the driver (6 s for a city's 237,796 cells).
    """
    if not cells:
        return
    now = timezone.now()
    by_id = by.pk if by else None
    with connection.cursor() as cursor:
        if len(cells) >= COPY_FROM:
            source = copy_cells(cursor, ((e, d, v.mode, v.place) for (e, d), v in cells))
            cursor.execute(upsert_sql(source), [by_id, now, now, by_id])
            return
        arrays = [
            [e for (e, _), _ in cells],
            [d for (_, d), _ in cells],
            [v.mode for _, v in cells],
            [v.place for _, v in cells],
        ]
        cursor.execute(upsert_sql(ARRAYS), [by_id, now, *arrays, now, by_id])


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
