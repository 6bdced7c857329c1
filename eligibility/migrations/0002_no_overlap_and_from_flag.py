"""Two things the first migration cannot say.

1. On PostgreSQL the database refuses two restrictions of one kind for one person that share a
   day: an exclusion constraint over the closed date range (an open end is infinity). SQLite has
   no such constraint, so there `Restriction.clash` (called by every write path) is the guard.
2. The hand-set flag `Employee.ineligibility` (sanction / new employee, never expiring) becomes
   records: a sanction an open-ended restriction (BKPSDM ends it), a new employee an appointment
   for the period of the policy in force (its appointment date was never recorded, so the period
   runs from the day of this migration). Both start on the first day of the earliest window, so
   every existing plan keeps counting them as before. opd's next migration drops the column.
"""

import calendar
from datetime import date, timedelta

from django.db import migrations
from django.utils import timezone

CONSTRAINT = "restriction_no_overlap"
FROM_FLAG = "Dipindahkan dari tanda kelayakan lama (tanggal SK tidak tercatat)"
DEFAULT_MONTHS = 6


def create_constraint(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
    schema_editor.execute(
        f"ALTER TABLE eligibility_restriction ADD CONSTRAINT {CONSTRAINT} EXCLUDE USING gist "
        "(employee_id WITH =, kind WITH =, "
        "daterange(start_date, end_date, '[]') WITH &&)"
    )


def drop_constraint(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"ALTER TABLE eligibility_restriction DROP CONSTRAINT IF EXISTS {CONSTRAINT}"
    )


def _period_end(start, months):
    month = start.month - 1 + months
    year, month = start.year + month // 12, month % 12 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return date(year, month, day) - timedelta(days=1)


def _months(apps, today):
    """The period of the policy of the window current today (else the latest policy's)."""
    WindowDay = apps.get_model("schedules", "WindowDay")
    FlexPolicy = apps.get_model("schedules", "FlexPolicy")
    day = (
        WindowDay.objects.filter(window__policy__isnull=False, date__gte=today)
        .order_by("date")
        .select_related("window__policy")
        .first()
    ) or (
        WindowDay.objects.filter(window__policy__isnull=False)
        .order_by("-date")
        .select_related("window__policy")
        .first()
    )
    if day is not None:
        return day.window.policy.new_staff_months
    policy = FlexPolicy.objects.order_by("-pk").first()
    return policy.new_staff_months if policy else DEFAULT_MONTHS


def from_flag(apps, schema_editor):
    Employee = apps.get_model("opd", "Employee")
    Restriction = apps.get_model("eligibility", "Restriction")
    WindowDay = apps.get_model("schedules", "WindowDay")
    flagged = list(
        Employee.objects.exclude(ineligibility="").values_list("pk", "ineligibility")
    )
    if not flagged:
        return
    today = timezone.localdate()
    first = WindowDay.objects.order_by("date").values_list("date", flat=True).first()
    start = min(first, today) if first else today
    months = _months(apps, today)
    end = _period_end(today, months) if months else today
    Restriction.objects.bulk_create(
        [
            Restriction(
                employee_id=pk,
                kind="sanction" if flag == "sanction" else "appointment",
                start_date=start,
                end_date=None if flag == "sanction" else end,
                reason=FROM_FLAG,
            )
            for pk, flag in flagged
        ],
        batch_size=2000,
    )


def to_flag(apps, schema_editor):
    Employee = apps.get_model("opd", "Employee")
    Restriction = apps.get_model("eligibility", "Restriction")
    for kind, flag in (("sanction", "sanction"), ("appointment", "new_employee")):
        ids = Restriction.objects.filter(reason=FROM_FLAG, kind=kind).values("employee_id")
        Employee.objects.filter(pk__in=ids).update(ineligibility=flag)
    Restriction.objects.filter(reason=FROM_FLAG).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("eligibility", "0001_initial"),
        ("opd", "0011_delegations"),
        ("schedules", "0015_policy_new_staff_months"),
    ]

    operations = [
        migrations.RunPython(create_constraint, drop_constraint),
        migrations.RunPython(from_flag, to_flag),
    ]
