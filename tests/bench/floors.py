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


def dashboard(rules, window_id: int, day_ids: list[int], day_id: int, today, opd_id=None):
    """What the one-screen dashboard of the city (or of one OPD) shows, in raw SQL: OPDs, units,
    the plan's counts by mode split by keyword set (coverage's numbers too), plan statuses, the
    day's check-ins (and flagged ones) and reports per unit, and the trend across the windows up
    to this one."""
    units = _day_figures(rules, window_id, day_ids, day_id, opd_id)
    trend(window_id, today, units=units, opd_id=opd_id)


def dashboard_tables(rules, window_id: int, day_ids: list[int], day_id: int) -> None:
    """What the page of every OPD (or every service point) shows: the day's figures as above,
    and feedback per unit."""
    _day_figures(rules, window_id, day_ids, day_id, None)
    raw(
        "SELECT unit_id, count(*), avg(rating) FROM attendance_servicefeedback "
        "WHERE window_id = %s GROUP BY 1",
        [window_id],
    )


def _scope(column: str, values) -> tuple[str, list]:
    """`AND column = ANY(values)`, or nothing for the whole city."""
    return ("", []) if values is None else (f" AND {column} = ANY(%s)", [values])


def _day_figures(rules, window_id, day_ids, day_id, opd_id) -> list[int] | None:
    """The day's figures; the OPD's unit ids (None for the city)."""
    opds, opd_params = _scope("id", None if opd_id is None else [opd_id])
    raw(f"SELECT id, name, short_name FROM opd_opd WHERE TRUE{opds} ORDER BY name", opd_params)
    in_opd, params = _scope("opd_id", None if opd_id is None else [opd_id])
    rows = raw(
        f"SELECT id, opd_id, name, service_category FROM opd_unit WHERE TRUE{in_opd} "
        "ORDER BY opd_id, name",
        params,
    )
    units = None if opd_id is None else [r[0] for r in rows]
    coverage_counts(rules, units, day_ids, by_mode=True)
    raw(
        f"SELECT opd_id, status FROM schedules_plan WHERE window_id = %s{in_opd}",
        [window_id, *params],
    )
    in_units, unit_params = _scope("e.unit_id", units)
    raw(
        "SELECT e.unit_id, count(*), count(*) FILTER (WHERE c.mode = 'WFO'), "
        "count(*) FILTER (WHERE c.flags <> '[]'::jsonb) "
        "FROM attendance_checkin c JOIN opd_employee e ON e.id = c.employee_id "
        f"WHERE c.day_id = %s AND e.is_active{in_units} GROUP BY 1",
        [day_id, *unit_params],
    )
    raw(
        "SELECT e.unit_id, count(*), count(*) FILTER (WHERE r.status = 'accepted') "
        "FROM attendance_dailyreport r JOIN opd_employee e ON e.id = r.employee_id "
        f"WHERE r.day_id = %s AND e.is_active{in_units} GROUP BY 1",
        [day_id, *unit_params],
    )
    return units


# The trend's windows: this one and the five that began before it.
TREND_WINDOWS = """
    WITH spans AS (SELECT window_id, min(date) AS first FROM schedules_windowday GROUP BY 1)
    SELECT window_id FROM spans
    WHERE first <= (SELECT first FROM spans WHERE window_id = %s)
    ORDER BY first DESC, window_id DESC LIMIT 6
"""


def trend(window_id: int, today, *, units=None, opd_id=None) -> None:
    """Per window of the trend: remote cells of active staff, check-ins up to today, approved
    plans, feedback (count and average); of the city, or of one OPD's units."""
    ids = [w for (w,) in raw(TREND_WINDOWS, [window_id])]
    in_units, params = _scope("e.unit_id", units)
    raw(
        f"SELECT d.window_id, count(*) FROM schedules_assignment a "
        f"JOIN schedules_windowday d ON d.id = a.day_id "
        f"JOIN opd_employee e ON e.id = a.employee_id "
        f"WHERE d.window_id = ANY(%s) AND a.mode IN {REMOTE} AND e.is_active{in_units} "
        "GROUP BY 1",
        [ids, *params],
    )
    raw(
        "SELECT d.window_id, count(*) FROM attendance_checkin c "
        "JOIN schedules_windowday d ON d.id = c.day_id "
        "JOIN opd_employee e ON e.id = c.employee_id "
        f"WHERE d.window_id = ANY(%s) AND d.date <= %s AND e.is_active{in_units} GROUP BY 1",
        [ids, today, *params],
    )
    in_opd, opd_params = _scope("opd_id", None if opd_id is None else [opd_id])
    raw(
        "SELECT window_id, count(*) FROM schedules_plan "
        f"WHERE window_id = ANY(%s) AND status = 'approved'{in_opd} GROUP BY 1",
        [ids, *opd_params],
    )
    in_units, params = _scope("unit_id", units)
    raw(
        "SELECT window_id, count(*), avg(rating) FROM attendance_servicefeedback "
        f"WHERE window_id = ANY(%s){in_units} GROUP BY 1",
        [ids, *params],
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
