"""The raw-SQL floors of the planning figures: the same work as the portal's, written as plainly as
it can be in SQL through one cursor (no ORM, no model objects, no checks, no rendering)."""

from tests.bench.measure import raw

REMOTE = "('WFH', 'WFA')"


def _filters(rules) -> tuple[list[str], list[str]]:
    """A count per keyword set (a rule without keywords counts everyone), and its parameters.

    Each row's position is matched with LIKE: in plain SQL that is faster than matching each
    distinct position once and joining it back (measured: about 150 against 200 ms here).
    """
    keys = sorted({r.position_keywords.strip().lower() for r in rules} - {""})
    counts, params = ["count(*)"], []
    for key in keys:
        words = [w.strip() for w in key.split(",") if w.strip()]
        match = " OR ".join(["lower(e.position_name) LIKE %s"] * len(words))
        counts.append(f"count(*) FILTER (WHERE {match})")
        params += [f"%{w}%" for w in words]
    return counts, params


def coverage_counts(rules, unit_ids, day_ids, *, by_mode=False) -> tuple[list, list]:
    """Active staff per unit and remote cells per unit and day (and mode), each split by keyword
    set: the numbers coverage compares with the rules (and the dashboard's plan counts)."""
    counts, params = _filters(rules)
    scope = "e.is_active" + (" AND e.unit_id = ANY(%s)" if unit_ids is not None else "")
    unit_param = [unit_ids] if unit_ids is not None else []
    staff = raw(
        f"SELECT e.unit_id, {', '.join(counts)} FROM opd_employee e WHERE {scope} GROUP BY 1",
        [*params, *unit_param],
    )
    group = "e.unit_id, a.day_id" + (", a.mode" if by_mode else "")
    remote = raw(
        f"SELECT {group}, {', '.join(counts)} FROM schedules_assignment a "
        f"JOIN opd_employee e ON e.id = a.employee_id "
        f"WHERE a.day_id = ANY(%s) AND a.mode IN {REMOTE} AND {scope} GROUP BY {group}",
        [*params, day_ids, *unit_param],
    )
    return staff, remote


def dashboard(rules, window_id: int, day_ids: list[int], day_id: int) -> None:
    """What the city dashboard shows, in raw SQL: OPDs, units, the plan's counts by mode split by
    keyword set (coverage's numbers too), plan statuses, the day's check-ins and reports per
    unit, feedback per unit."""
    raw("SELECT id, name, short_name FROM opd_opd ORDER BY name")
    raw("SELECT id, opd_id, name, service_category FROM opd_unit ORDER BY opd_id, name")
    coverage_counts(rules, None, day_ids, by_mode=True)
    raw("SELECT opd_id, status FROM schedules_plan WHERE window_id = %s", [window_id])
    raw(
        "SELECT e.unit_id, count(*), count(*) FILTER (WHERE c.mode = 'WFO') "
        "FROM attendance_checkin c JOIN opd_employee e ON e.id = c.employee_id "
        "WHERE c.day_id = %s AND e.is_active GROUP BY 1",
        [day_id],
    )
    raw(
        "SELECT e.unit_id, count(*), count(*) FILTER (WHERE r.status = 'accepted') "
        "FROM attendance_dailyreport r JOIN opd_employee e ON e.id = r.employee_id "
        "WHERE r.day_id = %s AND e.is_active GROUP BY 1",
        [day_id],
    )
    raw(
        "SELECT unit_id, count(*), avg(rating) FROM attendance_servicefeedback "
        "WHERE window_id = %s GROUP BY 1",
        [window_id],
    )


def upsert_with_history(cells: list[tuple[int, int]], mode: str, place: str, by_id) -> None:
    """The bulk set's floor: the cells written and their history rows, one statement."""
    raw(
        """
        WITH w AS (
            INSERT INTO schedules_assignment AS a (employee_id, day_id, mode, wfa_place, pinned,
                                                   version, changed_by_id, changed_at)
            SELECT e, d, %s, %s, FALSE, 1, %s, now() FROM unnest(%s::bigint[], %s::bigint[]) c(e, d)
            ON CONFLICT (employee_id, day_id) DO UPDATE SET mode = EXCLUDED.mode,
                wfa_place = EXCLUDED.wfa_place, changed_by_id = EXCLUDED.changed_by_id,
                changed_at = EXCLUDED.changed_at, version = a.version + 1
            RETURNING a.*, a.xmax = 0 AS inserted
        )
        INSERT INTO schedules_historicalassignment (id, mode, wfa_place, pinned, version,
            employee_id, day_id, changed_by_id, history_date, history_type, history_user_id)
        SELECT id, mode, wfa_place, pinned, version, employee_id, day_id, changed_by_id, now(),
               CASE WHEN inserted THEN '+' ELSE '~' END, changed_by_id
        FROM w
        """,
        [mode, place, by_id, [e for e, _ in cells], [d for _, d in cells]],
    )


def set_block(cells: list[tuple[int, int]], mode: str | None) -> None:
    """Prepare a block of cells (untimed, no history): no rows at all, or every cell in `mode`."""
    employees, days = sorted({e for e, _ in cells}), sorted({d for _, d in cells})
    if mode is None:
        raw(
            "DELETE FROM schedules_assignment WHERE employee_id = ANY(%s) AND day_id = ANY(%s)",
            [employees, days],
        )
        return
    raw(
        "INSERT INTO schedules_assignment (employee_id, day_id, mode, wfa_place, pinned, version, "
        "changed_at) SELECT e, d, %s, '', FALSE, 1, now() "
        "FROM unnest(%s::bigint[], %s::bigint[]) c(e, d) "
        "ON CONFLICT (employee_id, day_id) DO UPDATE SET mode = EXCLUDED.mode, wfa_place = '', "
        "pinned = FALSE",
        [mode, [e for e, _ in cells], [d for _, d in cells]],
    )
