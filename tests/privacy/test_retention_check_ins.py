"""Retention of check-ins (WFA_RETAIN_CHECK_INS_DAYS): on PostgreSQL whole months before the cutoff
go as their partitions (DETACH, DROP), the month the cutoff falls in row by row; on SQLite row by
row. Either way the same check-ins go, the same number is reported, and the others stay."""

import threading
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection, connections

from attendance import partitions
from attendance.models import CheckIn
from privacy.retention import personal_data_purge
from tests.attendance.conftest import make_check_in
from tests.factories import WindowDayFactory, WindowFactory

WIB = ZoneInfo("Asia/Jakarta")
NOW = datetime(2026, 11, 25, 10, 0, tzinfo=WIB)
CUTOFF = date(2026, 9, 15)  # NOW less 71 days
GONE = [date(2026, 7, 10), date(2026, 7, 31), date(2026, 8, 31), date(2026, 9, 14)]
KEPT = [date(2026, 9, 15), date(2026, 10, 1), date(2026, 11, 24)]
LABEL = "Catatan presensi"


@pytest.fixture
def check_ins(db, employee_a, employee_b, settings):
    settings.WFA_RETAIN_CHECK_INS_DAYS = (NOW.date() - CUTOFF).days
    if partitions.partitioned():
        partitions.partitions_ensure(today=date(2026, 7, 1), months_ahead=4)
    window = WindowFactory(slug="periode-retensi")
    made = {}
    for day in GONE + KEPT:
        window_day = WindowDayFactory(window=window, date=day)
        made[day] = [make_check_in(e, window_day) for e in (employee_a, employee_b)]
    return made


def line_of(lines):
    [line] = [line for line in lines if line.label.startswith(LABEL)]
    return line


def months() -> set[str]:
    return {p.name for p in partitions.month_partitions()}


def test_the_dry_run_counts_what_would_go_and_changes_nothing(check_ins):
    line = line_of(personal_data_purge(dry_run=True, now=NOW))
    assert (line.count, line.before) == (2 * len(GONE), CUTOFF)
    assert CheckIn.objects.count() == 2 * (len(GONE) + len(KEPT))
    if partitions.partitioned():
        assert {"attendance_checkin_y2026m07", "attendance_checkin_y2026m08"} <= months()


def test_whole_months_go_as_partitions_and_the_rest_is_intact(check_ins):
    kept = {c.pk: (c.date, c.employee_id) for d in KEPT for c in check_ins[d]}
    line = line_of(personal_data_purge(now=NOW))
    assert (line.count, line.failed) == (2 * len(GONE), 0)
    assert "8 dihapus (sebelum 15 September 2026)" in line.text(dry_run=False)
    assert {c.pk: (c.date, c.employee_id) for c in CheckIn.objects.all()} == kept
    if partitions.partitioned():
        left = months()
        assert "attendance_checkin_y2026m07" not in left
        assert "attendance_checkin_y2026m08" not in left
        # the boundary month stays a partition, emptied of its days before the cutoff only
        assert {"attendance_checkin_y2026m09", "attendance_checkin_y2026m10"} <= left
        with connection.cursor() as cursor:
            cursor.execute("SELECT to_regclass('attendance_checkin_y2026m07')")
            assert cursor.fetchone() == (None,)  # dropped, not only detached
    # again: nothing more
    assert line_of(personal_data_purge(now=NOW)).count == 0


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="partitions are PostgreSQL's")
@pytest.mark.django_db(transaction=True)
def test_a_month_whose_lock_is_not_had_is_left_whole_for_the_next_run(
    employee_a, employee_b, settings
):
    """A long read holds the table: the DETACH gives up after LOCK_TIMEOUT instead of making
    the taps queue behind it; the month is counted as not removed and goes the next night."""
    settings.WFA_RETAIN_CHECK_INS_DAYS = (NOW.date() - CUTOFF).days
    partitions.partitions_ensure(today=date(2026, 7, 1), months_ahead=4)
    window = WindowFactory(slug="periode-retensi-kunci")
    for day in GONE:
        make_check_in(employee_a, WindowDayFactory(window=window, date=day))
    reading, done = threading.Event(), threading.Event()

    def long_read():
        other = connections.create_connection("default")
        try:
            with other.cursor() as cursor:
                cursor.execute("BEGIN")
                cursor.execute("SELECT count(*) FROM attendance_checkin")
                reading.set()
                done.wait(30)
                cursor.execute("ROLLBACK")
        finally:
            other.close()

    reader = threading.Thread(target=long_read)
    reader.start()
    try:
        assert reading.wait(10)
        line = line_of(personal_data_purge(now=NOW))
    finally:
        done.set()
        reader.join()
    assert line.failed == 3 and "sedang dipakai" in line.fault  # July's two, August's one
    assert line.count == 1  # 14 September, row by row
    assert {"attendance_checkin_y2026m07", "attendance_checkin_y2026m08"} <= months()
    line = line_of(personal_data_purge(now=NOW))
    assert (line.count, line.failed) == (3, 0)
    assert not CheckIn.objects.exists()
