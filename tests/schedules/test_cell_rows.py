"""The bulk write (schedules/services/cell_rows.py): on PostgreSQL one upsert statement that also
writes the history rows, elsewhere the portable path; both leave the same rows, versions, history
and undo entries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from schedules import services
from schedules.models import Assignment, Mode
from schedules.services.cell_rows import history_columns
from tests.factories import EmployeeFactory


def _set(opd, window, staff, days, mode, by, place=""):
    return services.assignments_set(
        opd=opd,
        window=window,
        employee_ids=[e.pk for e in staff],
        day_ids=[d.pk for d in days],
        mode=mode,
        wfa_place=place,
        by=by,
        bulk=True,
    )


def _history(staff, days):
    return sorted(
        Assignment.history.filter(employee__in=staff, day__in=days).values_list(
            "employee_id", "day_id", "mode", "wfa_place", "version", "history_type", "history_user"
        )
    )


def test_new_rows_then_updates_get_their_history_versions_and_undo(
    window, days, opd_a, unit_a, bkpsdm
):
    staff = EmployeeFactory.create_batch(3, unit=unit_a)
    two_days = days[:2]
    created = _set(opd_a, window, staff, two_days, Mode.WFH, bkpsdm)
    assert created.changed == 6
    assert sorted(created.undo) == sorted(
        [e.pk, d.pk, "WFO", "", 1] for e in staff for d in two_days
    )
    updated = _set(opd_a, window, staff, two_days, Mode.WFA, bkpsdm, place="Lahat")
    assert updated.changed == 6
    assert sorted(updated.undo) == sorted(
        [e.pk, d.pk, "WFH", "", 2] for e in staff for d in two_days
    )
    rows = Assignment.objects.filter(employee__in=staff)
    assert {(r.mode, r.wfa_place, r.version, r.changed_by_id) for r in rows} == {
        ("WFA", "Lahat", 2, bkpsdm.pk)
    }
    expected = [
        (e.pk, d.pk, mode, place, version, kind, bkpsdm.pk)
        for e in staff
        for d in two_days
        for mode, place, version, kind in (("WFH", "", 1, "+"), ("WFA", "Lahat", 2, "~"))
    ]
    assert _history(staff, two_days) == sorted(expected)


def test_an_unchanged_cell_writes_nothing_and_a_pinned_one_is_skipped(
    window, days, opd_a, unit_a, bkpsdm
):
    staff = EmployeeFactory.create_batch(2, unit=unit_a)
    _set(opd_a, window, staff, days[:1], Mode.WFH, bkpsdm)
    Assignment.objects.filter(employee=staff[0]).update(pinned=True)
    before = _history(staff, days[:1])
    again = _set(opd_a, window, staff, days[:1], Mode.WFH, bkpsdm)
    assert (again.changed, again.skipped_pinned) == (0, 1)
    assert _history(staff, days[:1]) == before
    moved = _set(opd_a, window, staff, days[:1], Mode.WFO, bkpsdm)
    assert (moved.changed, moved.skipped_pinned) == (1, 1)
    assert Assignment.objects.get(employee=staff[0]).mode == Mode.WFH  # pinned: left alone


def test_a_bulk_write_is_one_statement_on_postgresql(window, days, opd_a, unit_a, bkpsdm):
    staff = EmployeeFactory.create_batch(40, unit=unit_a)
    with CaptureQueriesContext(connection) as queries:
        _set(opd_a, window, staff, days, Mode.WFH, bkpsdm)
    writes = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "WITH"))
        and "schedules_assignment" in q["sql"]
    ]
    if connection.vendor == "postgresql":
        assert len(writes) == 1 and "ON CONFLICT" in writes[0]
    assert Assignment.history.filter(employee__in=staff).count() == 40 * len(days)


def test_the_fast_paths_history_row_holds_every_field_the_history_model_tracks(
    window, days, opd_a, unit_a, bkpsdm
):
    """The raw history INSERTs take their columns from the models: each history row matches the
    row it records in every tracked field, and its time sorts with the ORM's (on SQLite too)."""
    tracked = [
        f.attname
        for f in Assignment.history.model._meta.concrete_fields
        if not f.name.startswith("history_")
    ]
    assert set(history_columns()) == {
        Assignment.history.model._meta.get_field(name).column for name in tracked
    }
    staff = EmployeeFactory.create_batch(2, unit=unit_a)
    _set(opd_a, window, staff, days[:1], Mode.WFH, bkpsdm)
    for row in Assignment.objects.filter(employee__in=staff):
        record = Assignment.history.filter(id=row.pk).get()
        assert [getattr(record, f) for f in tracked] == [getattr(row, f) for f in tracked]
        assert Assignment.history.filter(history_date__lte=record.history_date).exists()


def _state(staff):
    rows = sorted(
        Assignment.objects.filter(employee__in=staff).values_list(
            "employee_id", "day_id", "mode", "wfa_place", "version", "changed_by_id"
        )
    )
    history = sorted(
        Assignment.history.filter(employee__in=staff).values_list(
            "employee_id", "day_id", "mode", "wfa_place", "version", "history_type"
        )
    )
    return rows, history


def test_a_large_write_copied_in_leaves_what_the_arrays_leave(
    window, days, opd_a, unit_a, bkpsdm, monkeypatch
):
    """From COPY_FROM cells on, PostgreSQL copies the rows into a temporary table (no array
    turned into SQL text): the same rows, versions, history and undo entries, twice in one
    transaction (created, then updated) as the table is made again."""
    from schedules.services import cell_rows

    staff = EmployeeFactory.create_batch(4, unit=unit_a)
    results = []
    for copy_from in (10**9, 1):
        monkeypatch.setattr(cell_rows, "COPY_FROM", copy_from)
        Assignment.history.filter(employee__in=staff).delete()
        Assignment.objects.filter(employee__in=staff).delete()
        Assignment.history.filter(employee__in=staff).delete()
        first = _set(opd_a, window, staff, days, Mode.WFH, bkpsdm)
        second = _set(opd_a, window, staff, days[:2], Mode.WFA, bkpsdm, place="Lahat")
        results.append((sorted(first.undo), sorted(second.undo), _state(staff)))
    assert results[0] == results[1]
    assert results[1][2][0][0][2:] == ("WFA", "Lahat", 2, bkpsdm.pk)


def test_the_cells_of_several_opds_are_written_at_once_each_with_its_result(
    window, days, opd_a, opd_b, unit_a, unit_b, bkpsdm
):
    """cells_write_opds: one call for several OPDs, the same checks (a pinned cell skipped, an
    employee named under the wrong OPD refused with nothing written) and a result per OPD."""
    from django.core.exceptions import ValidationError

    from schedules.services.cells import Value, cells_write_opds

    a, b = EmployeeFactory(unit=unit_a), EmployeeFactory(unit=unit_b)
    Assignment.objects.create(employee=a, day=days[1], mode=Mode.WFO, pinned=True)
    wfh = Value(Mode.WFH)
    values = {
        opd_a: {(a.pk, days[0].pk): wfh, (a.pk, days[1].pk): wfh},
        opd_b: {(b.pk, d.pk): wfh for d in days[:3]},
    }
    with pytest.raises(ValidationError, match="tidak ditemukan di OPD ini"):
        cells_write_opds(
            window=window, values={opd_a: values[opd_b]}, by=bkpsdm, expected_versions=None
        )
    assert not Assignment.objects.filter(employee=b).exists()
    results = cells_write_opds(
        window=window, values=values, by=bkpsdm, expected_versions=None, skip_pinned=True
    )
    assert (results[opd_a.pk].changed, results[opd_a.pk].skipped_pinned) == (1, 1)
    assert (results[opd_b.pk].changed, results[opd_b.pk].skipped_pinned) == (3, 0)
    assert {e for e, *_ in results[opd_b.pk].undo} == {b.pk}
    assert Assignment.objects.remote().filter(employee__in=[a, b]).count() == 4
