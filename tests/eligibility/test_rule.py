"""The dated rule: for any sequence of restrictions recorded and ended, the one write path
refuses a remote day exactly when a restriction runs on it; and the old flag's migration."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eligibility.models import Restriction, RestrictionKind
from schedules import services
from schedules.eligible import period_end
from schedules.models import Assignment, Mode
from schedules.services import eligibility as restrictions

KINDS = [k.value for k in RestrictionKind]

# A step: record (kind, start offset, length or None for open-ended) or end (which, last day).
record_step = st.tuples(
    st.just("record"),
    st.sampled_from(KINDS),
    st.integers(-6, 8),
    st.one_of(st.none(), st.integers(0, 6)),
)
end_step = st.tuples(st.just("end"), st.integers(0, 5), st.integers(-6, 10), st.none())


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(st.one_of(record_step, end_step), min_size=1, max_size=6))
def test_the_guard_refuses_exactly_the_days_inside_the_restrictions(
    window, days, opd_a, bkpsdm, nurse, steps
):
    Restriction.objects.all().delete()
    Assignment.objects.all().delete()
    first = days[0].date
    for action, a, offset, length in steps:
        try:
            if action == "record":
                start = first + timedelta(days=offset)
                end = None if length is None else start + timedelta(days=length)
                restrictions.restriction_record(
                    employee=nurse, kind=a, start_date=start, end_date=end,
                    reason="uji" if a == RestrictionKind.OTHER else "", by=bkpsdm,
                )  # fmt: skip
            else:
                recorded = list(Restriction.objects.order_by("pk"))
                if recorded:
                    restrictions.restriction_end(
                        restriction=recorded[a % len(recorded)],
                        last_day=first + timedelta(days=offset), by=bkpsdm,
                    )  # fmt: skip
        except ValidationError:
            pass  # an overlap of one kind, an end before the start: refused, nothing written
    spans = list(Restriction.objects.values_list("start_date", "end_date"))
    for day in days:
        inside = any(s <= day.date and (e is None or day.date <= e) for s, e in spans)
        try:
            with transaction.atomic():
                services.assignments_set(
                    opd=opd_a, window=window, employee_ids=[nurse.pk], day_ids=[day.pk],
                    mode=Mode.WFH, by=bkpsdm,
                )  # fmt: skip
                transaction.set_rollback(True)
            refused = False
        except ValidationError as exc:
            assert "hanya boleh WFO" in exc.messages[0]
            refused = True
        assert refused == inside, (day.date, spans)
    # Same-kind restrictions of one person never share a day.
    for kind in KINDS:
        mine = sorted(Restriction.objects.filter(kind=kind).values_list("start_date", "end_date"))
        for (_, end), (start, _) in zip(mine, mine[1:], strict=False):
            assert end is not None and end < start


@pytest.mark.parametrize(
    "start, months, last",
    [
        ("2025-03-01", 6, "2025-08-31"),
        ("2025-08-31", 6, "2026-02-27"),
        ("2024-12-15", 1, "2025-01-14"),
    ],
)  # fmt: skip
def test_the_policy_period_ends_the_day_before_the_same_date_months_later(start, months, last):
    from datetime import date

    assert period_end(date.fromisoformat(start), months) == date.fromisoformat(last)


@pytest.mark.django_db(transaction=True)
def test_the_old_flag_becomes_dated_records(reference_data):
    """Migrating from the hand-set flag: a sanction an open-ended record, a new employee an
    appointment for the policy's period from the migration day; then the column is gone."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before = [("eligibility", "0001_initial"), ("opd", "0011_delegations")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    apps = executor.loader.project_state(before).apps
    Opd = apps.get_model("opd", "Opd")
    Unit = apps.get_model("opd", "Unit")
    Employee = apps.get_model("opd", "Employee")
    opd = Opd.objects.create(code="uji", name="Dinas Uji", short_name="Uji")
    unit = Unit.objects.create(opd=opd, code="uji-1", name="Unit Uji")
    made = {}
    for n, flag in enumerate(["", "sanction", "new_employee"]):
        made[flag] = Employee.objects.create(
            nip=f"19800101200501100{n}", name=f"Pegawai {n}", asn_type="PNS", golongan="III/a",
            position_type="pelaksana", position_name="Pengadministrasi", unit=unit,
            ineligibility=flag,
        ).pk  # fmt: skip
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    rows = {r.employee_id: r for r in Restriction.objects.filter(employee__unit__opd__code="uji")}
    assert made[""] not in rows
    assert rows[made["sanction"]].kind == "sanction" and rows[made["sanction"]].end_date is None
    appointment = rows[made["new_employee"]]
    assert appointment.kind == "appointment" and appointment.end_date is not None
    assert "tanda kelayakan lama" in appointment.reason


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the exclusion constraint")
def test_the_database_refuses_a_same_kind_overlap_the_code_did_not_see(employee_a):
    from datetime import date

    Restriction.objects.create(
        employee=employee_a, kind=RestrictionKind.SANCTION, start_date=date(2025, 3, 1)
    )  # open-ended: up to infinity
    with pytest.raises(IntegrityError), transaction.atomic():
        Restriction.objects.create(  # straight to the database, past every check in code
            employee=employee_a, kind=RestrictionKind.SANCTION, start_date=date(2030, 1, 1),
            end_date=date(2030, 1, 2),
        )  # fmt: skip
    Restriction.objects.create(  # another kind over the same days is its own record
        employee=employee_a, kind=RestrictionKind.PROMOTION, start_date=date(2030, 1, 1)
    )


def test_a_city_sized_list_of_staff_reads_the_same_restricted_days(employee_a, employee_b, days):
    """Past MANY_IDS employees the restrictions are read by span and kept in Python: the same
    days, and none of staff outside the list."""
    from eligibility.models import MANY_IDS, restricted_cells

    Restriction.objects.create(employee=employee_a, kind="sanction", start_date=days[1].date)
    Restriction.objects.create(employee=employee_b, kind="sanction", start_date=days[0].date)
    many = [employee_a.pk, *range(10**9, 10**9 + MANY_IDS)]
    assert restricted_cells(days, employee_ids=many) == restricted_cells(
        days, employee_ids=[employee_a.pk]
    )
    assert {e for e, _ in restricted_cells(days, employee_ids=many)} == {employee_a.pk}
