"""Check-ins partitioned by month on PostgreSQL (attendance/partitions.py, migration 0008).

On PostgreSQL the catalogue says the table is partitioned by RANGE on the date, a tap lands in its
month's table, a replay across midnight at the end of a month still finds its record, and a month
made late takes its rows out of the DEFAULT partition. On SQLite the same journeys run on the
plain table (the partition checks are skipped).
"""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from attendance import partitions
from attendance.models import CheckIn
from attendance.services.checkins import _insert_once
from tests.attendance.conftest import make_check_in
from tests.attendance.test_checkin_offline import send, tap, token_of
from tests.factories import WindowDayFactory

WIB = ZoneInfo("Asia/Jakarta")
_skip = pytest.mark.skipif(connection.vendor != "postgresql", reason="partitions are PostgreSQL's")


def on_postgres(test):
    return pytest.mark.postgres(_skip(test))


def partition_of(check_in) -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tableoid::regclass::text FROM attendance_checkin WHERE id = %s", [check_in.pk]
        )
        return cursor.fetchone()[0]


@on_postgres
@pytest.mark.django_db
def test_the_table_is_partitioned_by_range_on_the_date():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT p.partstrat, a.attname FROM pg_partitioned_table p"
            " JOIN pg_attribute a ON a.attrelid = p.partrelid AND a.attnum = p.partattrs[0]"
            " WHERE p.partrelid = 'attendance_checkin'::regclass"
        )
        assert cursor.fetchall() == [("r", "date")]
        cursor.execute(
            "SELECT c.relname, pg_get_expr(c.relpartbound, c.oid) FROM pg_inherits i"
            " JOIN pg_class c ON c.oid = i.inhrelid"
            " WHERE i.inhparent = 'attendance_checkin'::regclass"
        )
        bounds = dict(cursor.fetchall())
        # every unique key holds the partition key; the primary key is (id, date)
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint"
            " WHERE conrelid = 'attendance_checkin'::regclass AND contype IN ('p', 'u')"
        )
        keys = dict(cursor.fetchall())
    assert bounds.pop("attendance_checkin_default") == "DEFAULT"
    months = partitions.month_partitions()
    assert len(months) >= 4 and {p.name for p in months} == set(bounds)
    for part in months:
        assert part.name == partitions.name_of(part.start) and part.end == partitions.month_of(
            part.start, 1
        )
    assert keys == {
        "attendance_checkin_pkey": "PRIMARY KEY (id, date)",
        "one_check_in_per_day": "UNIQUE (employee_id, day_id, date)",
        "check_in_key_once": "UNIQUE (idempotency_key, date)",
    }


@on_postgres
@pytest.mark.django_db
def test_a_check_in_dated_unlike_its_day_is_refused(employee_a, window):
    """The copy of the day's date is held by a foreign key (day_id, date) -> window day."""
    day = window.days.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        make_check_in(employee_a, day, date=day.date + timedelta(days=31))
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


# (the month's last day, the next day): a 30-day month, a year's end, February of a common year
# and of a leap year
BOUNDARIES = [
    (date(2026, 11, 30), date(2026, 12, 1)),
    (date(2026, 12, 31), date(2027, 1, 1)),
    (date(2027, 2, 28), date(2027, 3, 1)),
    (date(2028, 2, 29), date(2028, 3, 1)),
]


def _at(day: date, hour: int, minute: int) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=WIB)


@pytest.mark.parametrize(("last", "first"), BOUNDARIES, ids=lambda d: d.isoformat())
def test_taps_on_a_months_edge_land_in_their_month_and_a_replay_finds_its_record(
    client, employee_user, today_window, employee_a, time_machine, last, first
):
    """A tap at 23:50 on a month's last day, replayed (the same key, the same day) after
    midnight, is one check-in in that month's partition; the next morning's tap is in the next
    month's."""
    if partitions.partitioned():
        partitions.partitions_ensure(today=partitions.month_of(last), months_ahead=1)
    for d in (last, first):
        WindowDayFactory(window=today_window, date=d)
    time_machine.move_to(_at(last, 23, 50), tick=True)
    client.force_login(employee_user)
    payload = tap(token_of(client))
    assert send(client, payload).json()["replay"] is False
    time_machine.move_to(_at(first, 0, 10), tick=True)
    for _ in range(3):
        again = send(client, payload)
        assert again.status_code == 200 and again.json()["replay"] is True
    time_machine.move_to(_at(first, 7, 30), tick=True)
    assert send(client, tap(token_of(client))).json()["replay"] is False

    by_date = {c.date: c for c in CheckIn.objects.filter(employee=employee_a)}
    assert sorted(by_date) == [last, first]
    assert str(by_date[last].idempotency_key) == payload["key"]
    if partitions.partitioned():
        assert partition_of(by_date[last]) == partitions.name_of(partitions.month_of(last))
        assert partition_of(by_date[first]) == partitions.name_of(first)


@pytest.mark.parametrize(("last", "first"), BOUNDARIES[:2], ids=lambda d: d.isoformat())
def test_the_database_refuses_a_key_twice_on_one_day(
    employee_a, employee_b, today_window, last, first
):
    """Below the service: the insert of the tap path finds the (key, date) taken."""
    if partitions.partitioned():
        partitions.partitions_ensure(today=partitions.month_of(last), months_ahead=1)
    day = WindowDayFactory(window=today_window, date=last)
    first_tap = make_check_in(
        employee_a, day, idempotency_key="6f1c2f8e-3f0b-4a55-9d1e-000000000001"
    )
    replay = CheckIn(
        employee=employee_b,
        day=day,
        date=last,
        planned_mode="WFO",
        mode="WFO",
        checked_in_at=timezone.now(),
        idempotency_key=first_tap.idempotency_key,
    )
    assert _insert_once(replay) is False
    assert CheckIn.objects.filter(idempotency_key=first_tap.idempotency_key).count() == 1


@on_postgres
@pytest.mark.django_db
def test_a_month_made_late_takes_its_rows_from_the_default_partition(employee_a, today_window):
    far = date(2031, 5, 12)
    check_in = make_check_in(employee_a, WindowDayFactory(window=today_window, date=far))
    assert partition_of(check_in) == "attendance_checkin_default"
    made = partitions.partitions_ensure(today=date(2031, 5, 1), months_ahead=1)
    assert [p.name for p in made] == ["attendance_checkin_y2031m05", "attendance_checkin_y2031m06"]
    assert partition_of(check_in) == "attendance_checkin_y2031m05"
    assert CheckIn.objects.get(pk=check_in.pk).date == far
    # made again: nothing new
    assert partitions.partitions_ensure(today=date(2031, 5, 1), months_ahead=1) == []


def test_the_command_makes_the_months_ahead(db, capsys, settings):
    call_command("check_in_partitions", months=2)
    out = capsys.readouterr().out
    if not partitions.partitioned():
        assert "tidak dipartisi" in out
        return
    this_month = partitions.month_of(timezone.localdate())
    starts = {p.start for p in partitions.month_partitions()}
    assert {partitions.month_of(this_month, i) for i in range(3)} <= starts
    assert "partisi bulanan" in out


def test_the_daily_task_list_makes_the_partitions(db):
    from attendance.tasks import check_in_partitions_daily

    made = check_in_partitions_daily.call()
    if partitions.partitioned():
        this_month = partitions.month_of(timezone.localdate())
        assert this_month in {p.start for p in partitions.month_partitions()}
    else:
        assert made == []


@on_postgres
@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_the_migration_moves_existing_rows_into_their_months_and_back(employee_a, employee_b):
    """Migration 0008 on a table with rows: each row keeps its id and lands in its month's
    partition, the next id follows on; backwards, a plain table with the same rows."""
    from django.db.migrations.executor import MigrationExecutor

    old, new = (
        [("attendance", "0007_offline_check_in")],
        [("attendance", "0008_check_ins_partitioned_by_month")],
    )
    executor = MigrationExecutor(connection)
    executor.migrate(old)
    past = executor.loader.project_state(old).apps
    OldCheckIn = past.get_model("attendance", "CheckIn")
    window = past.get_model("schedules", "FlexWindow").objects.create(
        slug="periode-migrasi", name="Periode migrasi", legal_basis="uji"
    )
    days = [date(2025, 3, 31), date(2025, 4, 1)]
    day_model = past.get_model("schedules", "WindowDay")
    made = {}
    for d in days:
        day = day_model.objects.create(window=window, date=d)
        for employee_id in (employee_a.pk, employee_b.pk):
            row = OldCheckIn.objects.create(
                employee_id=employee_id,
                day=day,
                planned_mode="WFO",
                mode="WFO",
                checked_in_at=timezone.now(),
                flags=[],
            )
            made[row.pk] = d
    executor = MigrationExecutor(connection)
    executor.migrate(new)
    found = {c.pk: c.date for c in CheckIn.objects.all()}
    assert found == made
    assert {partition_of(c) for c in CheckIn.objects.filter(date=days[0])} == {
        "attendance_checkin_y2025m03"
    }
    assert {partition_of(c) for c in CheckIn.objects.filter(date=days[1])} == {
        "attendance_checkin_y2025m04"
    }
    # a check-in of another day: the id sequence follows on from the copied rows
    extra_day = WindowDayFactory(window_id=window.pk, date=date(2025, 4, 2))
    later = make_check_in(employee_a, extra_day)
    assert later.pk > max(made)

    executor = MigrationExecutor(connection)
    executor.migrate(old)
    assert not partitions.partitioned()
    assert sorted(OldCheckIn.objects.values_list("pk", flat=True)) == sorted([*made, later.pk])
    executor = MigrationExecutor(connection)
    executor.migrate(new)
    assert partitions.partitioned() and CheckIn.objects.count() == len(made) + 1
