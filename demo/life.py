"""The living demo: windows around today, plans in every status, check-ins, reports, feedback.

`seed_demo_life()` runs after `seed_demo_city()` (both from `manage.py seed_demo`), so that every
role's first page shows data. Dates are computed from today in Asia/Jakarta (demo/windows.py).
Run again the same day it changes nothing; run on another day it rebuilds the three demo windows
(and everything that hangs off them) around the new today, and leaves everything else alone.
Deterministic: one random generator with a fixed seed.

The demo app comes last in the dependency order: it plays every role through the services of
opd, schedules, attendance and inbox, as a management command would, and nothing imports it.
"""

import random
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from absences.acting import delegation_name
from attendance.models import CheckIn, DailyReport, OutputItem, ServiceFeedback
from demo.absences import absences_clear, absences_seed, nurse_asks
from demo.attendance import (
    check_ins_record,
    feedback_collect,
    nurse_reports,
    reports_record,
)
from demo.city import account_employee
from demo.flex import FlexResult, exception_grant, exceptions_clear, hours_set, policy_adopt
from demo.hours import service_hours_seed
from demo.names import split_name
from demo.plans import (
    nurse_wishes,
    plan_send_to_review,
    plan_window,
    plans_decide,
    resigned_nips,
    staff_return,
    statuses_current,
    statuses_future,
    wishes_record,
)
from demo.targets import targets_seed
from demo.windows import SLUGS, demo_windows, existing_days, window_create
from eligibility.models import Restriction, RestrictionKind
from inbox.models import Notification
from opd.models import ActingKind, Delegation, Employee, Opd, Role, User
from schedules.models import Assignment, FlexWindow, Plan, PlanStatus, WindowDay, WorkingHours
from schedules.services.eligibility import restriction_record

SEED = 2025


@dataclass
class LifeResult:
    today: date
    rebuilt: bool = False
    heads_added: int = 0
    windows: dict[str, str] = field(default_factory=dict)  # slug -> name
    plans: dict[str, dict[str, int]] = field(default_factory=dict)  # slug -> status -> OPDs
    review: str = ""
    acting: str = ""  # the Plh named for the current window
    check_ins: int = 0
    reports: dict[str, int] = field(default_factory=dict)
    feedback: int = 0
    flex: FlexResult = field(default_factory=FlexResult)
    absences: dict[str, int] = field(default_factory=dict)  # kind label -> absences recorded
    restrictions: list[str] = field(default_factory=list)  # the dated ones made for this window
    targets: int = 0  # approved SKP targets made for the demo nurse's unit
    seconds: float = 0.0

    @property
    def added_anything(self) -> bool:
        return bool(self.windows)


def seed_demo_life() -> LifeResult:
    """Bring the demo city to life around today in Asia/Jakarta (the services' today, too)."""
    started = time.perf_counter()
    today = timezone.localdate()
    result = LifeResult(today=today)
    service_hours_seed()  # usual hours of the essential services (only where none are set)
    specs = demo_windows(today)
    existing = existing_days()
    if existing == {spec.slug: spec.days for spec in specs}:
        return result
    bkpsdm = User.objects.get(username="bkpsdm")
    with transaction.atomic():
        if existing:
            _clear(bkpsdm)
            result.rebuilt = True
        result.heads_added = _add_heads()
        heads = {u.opd_id: u for u in User.objects.filter(role=Role.HEAD).order_by("pk")}
        past, current, future = windows = [window_create(spec) for spec in specs]
        for window in windows:
            result.flex.policy = policy_adopt(window=window, bkpsdm=bkpsdm).name
        _acting(result, current, bkpsdm)
        _restrictions(result, current, bkpsdm)
        # Leave and travel first: the planner and the plans' coverage count them.
        result.absences = dict(
            absences_seed(windows=windows, bkpsdm=bkpsdm, rng=_rng("absences", current))
        )
        granted = exception_grant(window=current, heads=heads)
        if granted is not None:
            result.flex.exceptions.append(f"{granted.employee.name} ({granted.employee.nip})")
        _plan(result, past, bkpsdm, heads, wanted={})
        _plan(result, current, bkpsdm, heads, wanted=statuses_current)
        _plan(result, future, bkpsdm, heads, wanted=statuses_future)
        _review(result, current, bkpsdm)
        nurse_asks(window=current)
        _attend(result, current, today, heads)
        result.targets = targets_seed(heads=heads)  # after the outputs: they are linked to it
        result.feedback = sum(
            feedback_collect(window=w, today=today, rng=_rng("feedback", w))
            for w in (past, current)
        )
    result.seconds = time.perf_counter() - started
    return result


DEMO_BASIS = "Surat Perintah Wali Kota (demo)"


def _acting(result, window, bkpsdm) -> None:
    """The head of Dishub is on leave: `plh.dishub` is Plh over the current window, so the
    plan waiting for the head can be approved by the Plh, stamped as such (#25)."""
    account = User.objects.filter(username="plh.dishub").first()
    dishub = Opd.objects.filter(code="dishub").first()
    if account is None or dishub is None:
        return
    days = list(window.days.values_list("date", flat=True))
    delegation = delegation_name(
        opd=dishub, account=account, kind=ActingKind.PLH, starts_on=days[0], ends_on=days[-1],
        basis=f"{DEMO_BASIS}: Kepala Dinas Perhubungan cuti tahunan",
        by=bkpsdm,
    )  # fmt: skip
    result.acting = f"{account.username}: {delegation.capacity}"


DEMO_SK = "SK demo periode"


def _restrictions(result, window, bkpsdm) -> None:
    """At Puskesmas Makrayu one person's sanction ends in the middle of the current window (from
    the next day the planner may send them home), and a newly appointed one is on site only for
    the policy's period from one month before the window (#25)."""
    days = list(window.days.values_list("date", flat=True))
    nurse = User.objects.filter(username="pegawai").values_list("employee_id", flat=True).first()
    eligible = Employee.objects.active().filter(restrictions=None).exclude(pk=nurse)
    staff = list(eligible.filter(unit__code="pkm-makrayu").order_by("nip")[:2])
    if len(staff) < 2:  # a small demo city: the puskesmas's OPD
        staff = list(eligible.filter(unit__opd__code="dinkes").order_by("nip")[:2])
    if len(staff) < 2:
        return
    sanctioned, appointed = staff
    sanction, _ = restriction_record(
        employee=sanctioned, kind=RestrictionKind.SANCTION, by=bkpsdm,
        start_date=days[0] - timedelta(days=90), end_date=days[len(days) // 2],
        reason="Hukuman disiplin ringan: teguran tertulis", basis=f"{DEMO_SK} 800/31/2025",
    )  # fmt: skip
    appointment, _ = restriction_record(
        employee=appointed, kind=RestrictionKind.APPOINTMENT, by=bkpsdm,
        start_date=days[0] - timedelta(days=30), basis=f"{DEMO_SK} 813/7/2025",
        reason="Pengangkatan CPNS",
    )  # fmt: skip
    result.restrictions = [f"{r.employee.name}: {r.label}" for r in (sanction, appointment)]


def _rng(purpose: str, window: FlexWindow) -> random.Random:
    """One generator per purpose and window, so that one part's draws never shift another's
    (the planner may pick another of equally good answers; the statuses stay the same)."""
    return random.Random(f"{SEED}:{purpose}:{window.slug}")


def _plan(result, window, bkpsdm, heads, *, wanted) -> None:
    """Staff wishes (coming days only), the planner's proposal, then the plans' decisions."""
    opds = list(Opd.objects.order_by("code"))
    coming = window.slug == "demo-mendatang"
    if coming:
        wishes_record(window=window, rng=_rng("wishes", window))
        nurse = User.objects.filter(username="pegawai").select_related("employee").first()
        nurse_wishes(window=window, nurse=nurse.employee if nurse else None)
    plan_window(window=window, bkpsdm=bkpsdm, wfa=not coming)
    _hours(result, window, bkpsdm)
    rng = _rng("plans", window)
    statuses = wanted(opds, rng) if wanted else {o.pk: PlanStatus.APPROVED for o in opds}
    result.windows[window.slug] = window.name
    result.plans[window.slug] = plans_decide(
        window=window, wanted=statuses, bkpsdm=bkpsdm, heads=heads, rng=rng
    )


def _hours(result, window, bkpsdm) -> None:
    """Working hours go in while the plans are drafts (an approved plan refuses them)."""
    nurse = User.objects.filter(username="pegawai").select_related("employee").first()
    shifts, dynamic = hours_set(window=window, bkpsdm=bkpsdm, nurse=nurse and nurse.employee)
    result.flex.shifts += shifts
    result.flex.dynamic += dynamic


def _review(result, window, bkpsdm) -> None:
    plan = plan_send_to_review(window=window, bkpsdm=bkpsdm)
    if plan is None or plan.status != PlanStatus.REVIEW:
        return
    result.review = plan.opd.short_name or plan.opd.name
    for slug in result.plans:  # the resignation may send back its plans of other windows too
        statuses = Plan.objects.filter(window__slug=slug).values_list("status", flat=True)
        result.plans[slug] = dict(Counter(statuses))


def _attend(result, window, today, heads) -> None:
    accounts = User.objects.filter(employee__isnull=False, role__in=[Role.EMPLOYEE])
    demo_staff = set(accounts.values_list("employee_id", flat=True))
    seed = f"{SEED}:{window.slug}"
    result.check_ins = check_ins_record(window=window, today=today, skip=demo_staff, seed=seed)
    result.reports = reports_record(
        window=window, today=today, heads=heads, skip=demo_staff, seed=seed
    )
    nurse = User.objects.filter(username="pegawai", employee__isnull=False).first()
    head = heads.get(nurse.employee.unit.opd_id) if nurse else None
    nurse_reports(window=window, today=today, nurse=nurse, head=head)


def _add_heads() -> int:
    """A head account for every OPD that has none, so that each plan is decided by its head.

    They cannot sign in (no password) and have no email address: only the demo accounts printed
    by `seed_demo` are for people to use.
    """
    led = set(User.objects.filter(role=Role.HEAD).values_list("opd_id", flat=True))
    added = 0
    for opd in Opd.objects.exclude(pk__in=led).order_by("code"):
        username = f"kepala.{opd.code}"[:150]
        if User.objects.filter(username=username).exists():
            continue
        employee = account_employee(username)
        first, last = split_name(employee.name) if employee else ("Kepala", opd.short_name)
        user = User(
            username=username, role=Role.HEAD, opd=opd, employee=employee,
            first_name=first, last_name=last,
        )  # fmt: skip
        user.set_unusable_password()
        user.save()
        added += 1
    return added


def _clear(bkpsdm) -> None:
    """Remove the previous demo windows and what hangs off them, and undo its staff change.

    Cells, reports and their outputs go in plain DELETEs: a cascade would write a history row for
    each of some 200,000 demo rows, one INSERT at a time.
    """
    windows = FlexWindow.objects.filter(slug__in=SLUGS)
    nips = resigned_nips(windows.filter(slug="demo-berjalan").first())
    day_ids = list(WindowDay.objects.filter(window__in=windows).values_list("pk", flat=True))
    reports = DailyReport.objects.filter(day_id__in=day_ids)
    report_type = ContentType.objects.get_for_model(DailyReport)
    stale = Q(content_type=report_type, object_id__in=list(reports.values_list("pk", flat=True)))
    for slug in SLUGS:
        stale |= Q(url__contains=slug)
    for day_id in day_ids:
        stale |= Q(batch_key__startswith="reports:", batch_key__endswith=f":{day_id}")
    Notification.objects.filter(stale).delete()
    ServiceFeedback.objects.filter(window__in=windows).delete()
    Delegation.objects.filter(basis__startswith=DEMO_BASIS).delete()
    for queryset in (
        OutputItem.objects.filter(report__day_id__in=day_ids),
        reports,
        CheckIn.objects.filter(day_id__in=day_ids),
        Assignment.objects.filter(day_id__in=day_ids),
        WorkingHours.objects.filter(day_id__in=day_ids),
    ):
        queryset._raw_delete(queryset.db)
    exceptions_clear()
    absences_clear()
    Restriction.objects.filter(basis__startswith=DEMO_SK).delete()
    windows.delete()
    staff_return(nips=nips, by=bkpsdm)
