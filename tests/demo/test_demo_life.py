"""The living demo (`seed_demo` after the city): windows around today, plans in every status,
check-ins, reports and feedback; idempotent the same day, rebuilt (identically) on another day.

Three hundredths of the city (every OPD, puskesmas and kelurahan, 416 staff) keeps these tests
short; the full city runs the same code (`make seed`, and seed_demo in the benchmark).
"""

from datetime import date, datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db.models import Count

from attendance.models import (
    CheckIn,
    DailyReport,
    OutputItem,
    ReportStatus,
    ServiceFeedback,
    ServiceHours,
)
from demo.flex import POLICY
from demo.windows import demo_windows
from inbox.models import Kind, Notification
from opd.models import Delegation, Employee, Opd, User
from schedules import coverage
from schedules.cap import cap_violations
from schedules.holidays import non_working_reason
from schedules.models import (
    Assignment,
    CapException,
    FlexWindow,
    HoursKind,
    Mode,
    Plan,
    PlanStatus,
    WorkingHours,
)
from schedules.services import Value, cells_write
from targets.models import TargetStatus, WorkTarget

JAKARTA = ZoneInfo("Asia/Jakarta")
UTC = ZoneInfo("UTC")
# 23.30 UTC on Tuesday is 06.30 on Wednesday 2 December in Palembang: the demo's today is the 2nd.
WEDNESDAY_MORNING = datetime(2026, 12, 1, 23, 30, tzinfo=UTC)
WEDNESDAY = date(2026, 12, 2)
SCALE = "0.05"


def _seed(out=None):
    call_command("seed_demo", "--scale", SCALE, stdout=out or StringIO())


def _snapshot():
    """The demo by natural keys (ids differ between builds), as far as the demo draws it.

    The cells are the planner's: CP-SAT (two workers, a time limit) may pick another of equally
    good answers for a unit, and so the resigning employee may be another; the cells are counted,
    and the check-ins compared per employee (see _same_people).
    """
    days = sorted(
        FlexWindow.objects.filter(slug__startswith="demo-").values_list("slug", "days__date")
    )
    plans = sorted(
        Plan.objects.filter(window__slug__startswith="demo-").values_list(
            "window__slug", "opd__code", "status"
        )
    )
    feedback = sorted(ServiceFeedback.objects.values_list("unit__code", "rating", "created_at"))
    inactive = Employee.objects.filter(is_active=False).count()
    return days, plans, feedback, inactive


def _check_ins():
    rows = CheckIn.objects.values_list("employee__nip", "day__date", "checked_in_at")
    found: dict[str, set] = {}
    for nip, day, at in rows:
        found.setdefault(nip, set()).add((day, at))
    return found


def _same_people(a: dict, b: dict) -> None:
    """The same people checked in at the same times; only the resigned may differ."""
    assert len(set(a) ^ set(b)) <= 2
    assert all(a[nip] == b[nip] for nip in set(a) & set(b))


def _current():
    return FlexWindow.objects.get(slug="demo-berjalan")


def _assert_alive(today: date):
    window = _current()
    days = [d.date for d in window.days.all()]
    assert days[0] < today <= days[-1], "the current demo window spans today"
    assert all(non_working_reason(d) is None for d in days), "only working days"
    assert "Demo" in window.name and window.slug.startswith("demo-")
    assert FlexWindow.objects.filter(slug__startswith="demo-").count() == 3

    statuses = set(Plan.objects.filter(window=window).values_list("status", flat=True))
    assert statuses == set(PlanStatus.values), statuses
    modes = set(Assignment.objects.for_window(window).values_list("mode", flat=True))
    assert modes == {Mode.WFH, Mode.WFA}  # and WFO for everyone else: the donut has 3 colours

    approved = Plan.objects.filter(status=PlanStatus.APPROVED).select_related("window", "opd")
    assert approved.filter(window__slug="demo-lalu").exists()
    for plan in approved:
        assert coverage.compute(plan.window, opd=plan.opd).violations == [], plan
    review = Plan.objects.get(window=window, status=PlanStatus.REVIEW)
    assert "Sekarang kurang" in review.note and ", berlaku " in review.note
    # The head of Dishub is on leave: plh.dishub acts for them over the current window.
    plh = Delegation.objects.get(account__username="plh.dishub")
    assert plh.capacity == "Plh. Kepala Dinas Perhubungan"
    assert (plh.starts_on, plh.ends_on) == (days[0], days[-1])
    # Puskesmas Makrayu has a unit head account: the unit's evaluation stage is theirs.
    assert User.objects.get(username="kapus.makrayu").head_of_unit.code == "pkm-makrayu"
    # Eligibility with a period: a sanction ends in the middle of the window, a new appointment
    # runs for the policy's period; nobody is remote on a restricted day.
    from eligibility.models import Restriction

    made = Restriction.objects.filter(basis__startswith="SK demo periode").order_by("kind")
    assert [r.kind for r in made] == ["appointment", "sanction"]
    appointment, sanction = made
    assert days[0] < sanction.end_date < days[-1]
    assert appointment.start_date < days[0] and appointment.end_date > days[-1]
    assert (
        Assignment.objects.filter(
            employee=sanction.employee, day__window=window, day__date__lte=sanction.end_date
        )
        .exclude(mode=Mode.WFO)
        .count()
        == 0
    )
    assert not Assignment.objects.filter(employee=appointment.employee, day__window=window
                                         ).exclude(mode=Mode.WFO).exists()  # fmt: skip
    # The resignation takes effect today: the past window's plan of that OPD stays approved.
    assert Plan.objects.get(window__slug="demo-lalu", opd=review.opd_id).status == "approved"

    passed = CheckIn.objects.filter(day__window=window, day__date__lt=today)
    assert passed.values("day").distinct().count() == 2
    assert passed.flagged().exists() and passed.exclude(flags=[]).count() < passed.count() / 4
    assert set(DailyReport.objects.values_list("status", flat=True)) == set(ReportStatus.values)
    assert ServiceFeedback.objects.filter(window=window).exists()
    assert set(ServiceFeedback.objects.values_list("rating", flat=True)) == {1, 2, 3, 4, 5}
    _assert_rule_in_force(window, review)


def _assert_rule_in_force(window, review):
    """PermenPANRB 4/2025 governs every demo window: the planner kept the weekly cap (the one
    exception aside) and left no rule short that its staff could meet, but where the resignation
    did (this small city has units without a doctor); staff have shifts and dynamic hours; a
    third remote day in a week is refused."""
    demo = FlexWindow.objects.filter(slug__startswith="demo-").select_related("policy")
    for each in demo:
        assert each.policy.name == POLICY and each.policy.weekly_cap == 2
        assert each.policy.time_flex
        assert cap_violations(each) == [], each
        violations = coverage.compute(each).violations
        assert {c.unit.opd_id for c in violations if c.staff >= c.required} <= {review.opd_id}
    hours = WorkingHours.objects.filter(day__window=window)
    assert set(hours.values_list("kind", flat=True)) == {HoursKind.SHIFT, HoursKind.DYNAMIC}
    assert hours.filter(employee__account__username="pegawai").exists()
    assert CheckIn.objects.filter(day__window=window, flags__icontains="late").exists()
    exception = CapException.objects.select_related("granted_by").get()
    assert exception.granted_by.username == "kepala.dinkes"
    assert exception.starts_on <= window.days.first().date

    opd = Plan.objects.filter(window=window, status=PlanStatus.DRAFT).first().opd
    remote = Assignment.objects.for_window(window).remote().of_opd(opd)
    two = (
        remote.values("employee_id").annotate(n=Count("pk")).filter(n=2).order_by("employee_id")[0]
    )
    taken = set(remote.filter(employee_id=two["employee_id"]).values_list("day_id", flat=True))
    free = window.days.exclude(pk__in=taken).first()
    with pytest.raises(ValidationError, match="batas 2 hari WFH/WFA"):
        cells_write(
            opd=opd,
            window=window,
            values={(two["employee_id"], free.pk): Value(Mode.WFH)},
            by=User.objects.get(username="bkpsdm"),
            expected_versions=None,
        )


def _assert_first_morning(out: str):
    """The demo as built at 06.30 on Wednesday 2 December, before anyone checked in."""
    assert "Periode demo dibuat (hari ini 02-12-2026)" in out
    _assert_alive(WEDNESDAY)
    window = _current()
    assert [d.date.day for d in window.days.all()] == [30, 1, 2, 3, 4]
    # 06.30 WIB: nobody has checked in today yet.
    assert not CheckIn.objects.filter(day__date=WEDNESDAY).exists()

    # Every head decides their own OPD's plan; only the printed accounts can sign in.
    heads = User.objects.filter(username__startswith="kepala.")
    assert heads.count() == Opd.objects.count()
    assert not any(
        u.has_usable_password() for u in heads.exclude(opd__code__in=["dinkes", "dishub"])
    )
    assert Plan.objects.get(window=window, opd__code="dishub").status == PlanStatus.SUBMITTED

    # The demo accounts find something on their first page.
    nurse = User.objects.get(username="pegawai")
    kinds = set(Notification.objects.filter(recipient=nurse).values_list("kind", flat=True))
    assert Kind.REPORT_RETURNED in kinds and Kind.REPORT_ACCEPTED in kinds
    assert DailyReport.objects.filter(
        employee=nurse.employee, status=ReportStatus.RETURNED
    ).exists()
    head = User.objects.get(username="kepala.dinkes")
    assert Notification.objects.filter(recipient=head, kind=Kind.REPORTS_SUBMITTED).exists()
    assert Notification.objects.filter(recipient__username="bkpsdm").exists()
    assert nurse.employee.preferences.filter(day__window__slug="demo-mendatang").exists()
    assert ServiceHours.objects.filter(unit__code="pkm-makrayu").exists()

    # The nurse's puskesmas has approved SKP targets; her outputs pick their action plans (#26).
    assert "Target kinerja (SKP) 2026 disetujui" in out
    target = WorkTarget.objects.get(employee=nurse.employee, year=2026)
    assert target.status == TargetStatus.APPROVED and target.decided_by == head
    assert WorkTarget.objects.filter(employee__unit=nurse.employee.unit).count() == (
        Employee.objects.active().filter(unit=nurse.employee.unit).count()
    )
    linked = OutputItem.objects.filter(report__employee=nurse.employee, action_plan__isnull=False)
    assert linked.exists()
    assert {o.action_plan.target_id for o in linked.select_related("action_plan")} == {target.pk}


@pytest.mark.slow
@pytest.mark.django_db
def test_the_demo_lives_around_today_and_is_rebuilt_the_same(
    time_machine, settings, reference_data
):
    """Built at 06.30 on a Wednesday; again at 10.00 the same day nothing changes; a week later it
    is rebuilt around that day (with that morning's check-ins); back on the Wednesday at 06.30 it
    is the first demo again. One test, so the city is built three times rather than four."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    time_machine.move_to(WEDNESDAY_MORNING, tick=False)
    out = StringIO()
    _seed(out)
    _assert_first_morning(out.getvalue())
    first, first_check_ins = _snapshot(), _check_ins()

    time_machine.move_to(datetime(2026, 12, 2, 10, tzinfo=JAKARTA), tick=False)
    out = StringIO()
    _seed(out)
    assert "Periode demo sudah mengikuti hari ini" in out.getvalue()
    assert _snapshot() == first and _check_ins() == first_check_ins

    time_machine.move_to(datetime(2026, 12, 9, 10, tzinfo=JAKARTA), tick=False)
    out = StringIO()
    _seed(out)
    assert "Periode demo dibangun ulang (hari ini 09-12-2026)" in out.getvalue()
    _assert_alive(date(2026, 12, 9))
    assert _snapshot()[3] == first[3], "the earlier demo's leaver came back; one left again"
    # 10.00 WIB: this morning's check-ins so far, none checked out yet, and not `pegawai`'s.
    today = CheckIn.objects.filter(day__date=date(2026, 12, 9))
    assert today.exists() and not today.filter(checked_out_at__isnull=False).exists()
    assert not today.filter(employee__account__username="pegawai").exists()

    time_machine.move_to(WEDNESDAY_MORNING, tick=False)
    _seed()
    assert _snapshot() == first
    _same_people(_check_ins(), first_check_ins)


def test_weekends_and_holidays_are_skipped():
    # Saturday 26 December 2026: Christmas Eve's joint leave and Christmas are skipped too.
    past, current, future = demo_windows(date(2026, 12, 26))
    assert [d.day for d in current.days] == [22, 23, 28, 29, 30]
    assert [d.day for d in past.days] == [23, 24, 25, 26, 27]  # of November
    assert [(d.month, d.day) for d in future.days] == [(1, 18), (1, 19), (1, 20), (1, 21), (1, 22)]
    for window in (past, current, future):
        assert all(non_working_reason(d) is None for d in window.days)


@pytest.mark.django_db
def test_city_only_leaves_out_the_demo_windows(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo", "--scale", "0.05", "--city-only", stdout=StringIO())
    assert Employee.objects.exists()
    assert not FlexWindow.objects.filter(slug__startswith="demo-").exists()
    assert not CheckIn.objects.exists()
