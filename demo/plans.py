"""The demo windows' plans, made the way BKPSDM and the heads make them: through the services.

The planner's proposal fills each window (schedules.services.proposal_create / proposal_apply),
some remote days become WFA with a place (cells_write, the one write path), then plans are
submitted by BKPSDM and approved or returned by their heads (plan_submit, plan_approve,
plan_return). One approved plan of the current window is sent to "Perlu ditinjau" by a real staff
change (a nurse resigns: opd.services.employee_save under the approval guard).
"""

import random
import re
import zlib
from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone

from opd.models import Employee, Opd, User
from opd.services import employee_save
from schedules import coverage
from schedules import services as plans
from schedules.models import (
    Assignment,
    FlexWindow,
    Mode,
    Plan,
    PlanStatus,
    Preference,
)
from schedules.services import Value, cells_write, preference_set

WFA_SHARE = 0.2  # of the planner's remote days, turned into WFA with a place
WFA_PLACES = (
    "Lubuklinggau, rumah orang tua",
    "Prabumulih, rumah keluarga",
    "Kayuagung, rumah mertua",
    "Baturaja, rumah orang tua",
    "Lahat, rumah keluarga",
    "Pangkalpinang, rumah saudara",
)
RETURN_NOTES = (
    "Mohon jadwal WFH bidang pelayanan dikurangi pada hari pertama; loket ramai setelah libur.",
    "Sebagian staf yang dijadwalkan WFA bertugas piket; mohon disesuaikan.",
    "Pembagian WFH belum merata antarbidang; mohon ditinjau kembali.",
)
# The current window: how many OPDs end in each status besides approved (the rest).
CURRENT_MIX = {PlanStatus.SUBMITTED: 4, PlanStatus.RETURNED: 3, PlanStatus.DRAFT: 4}
REVIEW_NIP = re.compile(r"\((\d{18})\) diubah")


def _picked(employee_nip: str, day: date) -> bool:
    """A fixed draw per person and date (not a sequence that one changed cell would shift)."""
    return zlib.crc32(f"{employee_nip}:{day.isoformat()}".encode()) % 1000 < WFA_SHARE * 1000


def plan_window(*, window: FlexWindow, bkpsdm: User, wfa: bool) -> int:
    """Apply the planner's city-wide proposal, then (`wfa`) make a share of remote days WFA.

    A coming window gets its WFA days from the staff's own wishes instead (wishes_record).
    """
    proposal = plans.proposal_create(window=window, opd=None, by=bkpsdm)
    changed = plans.proposal_apply(proposal=proposal, by=bkpsdm)["changed"]
    if not wfa:
        return changed
    remote = (
        Assignment.objects.for_window(window)
        .filter(mode=Mode.WFH, employee__is_active=True)
        .order_by("employee__unit__opd_id", "employee_id", "day_id")
        .values_list(
            "employee__unit__opd_id", "employee_id", "day_id", "employee__nip", "day__date"
        )
    )
    by_opd: dict[int, dict] = {}
    for opd_id, employee_id, day_id, nip, day in remote:
        if _picked(nip, day):
            place = WFA_PLACES[employee_id % len(WFA_PLACES)]
            by_opd.setdefault(opd_id, {})[(employee_id, day_id)] = Value(Mode.WFA, place)
    opds = Opd.objects.in_bulk(list(by_opd))
    for opd_id, values in sorted(by_opd.items()):
        cells_write(
            opd=opds[opd_id], window=window, values=values, by=bkpsdm, expected_versions=None
        )
    return changed


def wishes_record(*, window: FlexWindow, rng: random.Random, share: float = 0.01) -> int:
    """Some staff ask for WFH or WFA on coming days ("Jadwal saya"), before the planner runs."""
    days = list(window.days.all())
    staff = Employee.objects.active().filter(restrictions__isnull=True).order_by("nip")
    count = 0
    for employee in staff.iterator():
        if rng.random() >= share:
            continue
        day = days[rng.randrange(len(days))]
        if rng.random() < 0.5:
            preference_set(employee=employee, day=day, mode=Mode.WFH, note="Mengurus anak")
        else:
            place = WFA_PLACES[rng.randrange(len(WFA_PLACES))]
            preference_set(employee=employee, day=day, mode=Mode.WFA, wfa_place=place)
        count += 1
    return count


def nurse_wishes(*, window: FlexWindow, nurse: Employee | None) -> None:
    """The demo nurse (`pegawai`) asks for WFA on the future window's second and third days."""
    if nurse is None:
        return
    for day in list(window.days.all())[1:3]:
        if not Preference.objects.filter(employee=nurse, day=day).exists():
            preference_set(employee=nurse, day=day, mode=Mode.WFA, wfa_place=WFA_PLACES[0])


def plan_decide(*, plan: Plan, status: str, bkpsdm: User, head: User, rng) -> str:
    """Take a draft plan to `status` the way people do; a plan the rules leave short stays draft."""
    if status == PlanStatus.DRAFT:
        return PlanStatus.DRAFT
    try:
        plan = plans.plan_submit(plan=plan, by=bkpsdm)
    except ValidationError:
        return PlanStatus.DRAFT
    if status == PlanStatus.APPROVED:
        plans.plan_approve(plan=plan, by=head)
    elif status == PlanStatus.RETURNED:
        plans.plan_return(plan=plan, by=head, note=RETURN_NOTES[rng.randrange(len(RETURN_NOTES))])
    return status


def statuses_current(opds: list[Opd], rng: random.Random) -> dict[int, str]:
    """Dinkes approved (the mayor's biggest OPD), Dishub waiting for its head, the rest mixed."""
    wanted = {}
    others = [o for o in opds if o.code not in ("dinkes", "dishub")]
    rng.shuffle(others)
    start = 0
    for status, n in CURRENT_MIX.items():
        for opd in others[start : start + n]:
            wanted[opd.pk] = status
        start += n
    for opd in opds:
        wanted.setdefault(opd.pk, PlanStatus.SUBMITTED if opd.code == "dishub" else "approved")
    return wanted


def statuses_future(opds: list[Opd], rng: random.Random) -> dict[int, str]:
    """A coming window: mostly drafts, some already with their heads (Dinkes among them)."""
    return {
        o.pk: PlanStatus.SUBMITTED if o.code == "dinkes" or rng.random() < 0.3 else "draft"
        for o in opds
    }


def plans_decide(
    *, window: FlexWindow, wanted: dict[int, str], bkpsdm: User, heads: dict[int, User], rng
) -> dict[str, int]:
    counts: dict[str, int] = {}
    for opd in Opd.objects.order_by("code"):
        head = heads.get(opd.pk)
        status = wanted.get(opd.pk, PlanStatus.DRAFT) if head else PlanStatus.DRAFT
        plan = plans.plan_for(opd=opd, window=window)
        done = plan_decide(plan=plan, status=status, bkpsdm=bkpsdm, head=head, rng=rng)
        counts[done] = counts.get(done, 0) + 1
    return counts


def _leavers(window: FlexWindow, opd: Opd):
    """Active on-site staff whose leaving (from today) would leave a rule of the OPD short on a
    day from today on: the days before count them still."""
    today = timezone.localdate()
    result = coverage.compute(window, opd=opd, days=list(window.days.filter(date__gte=today)))
    remote = set(
        Assignment.objects.for_window(window)
        .of_opd(opd)
        .remote()
        .values_list("employee_id", "day_id")
    )
    checks = sorted(result.checks, key=lambda c: (c.unit.code, c.day.date, c.rule.pk))
    for check in checks:
        if check.planned - 1 >= check.rule.required_onsite(check.staff - 1):
            continue
        staff = Employee.objects.active().filter(unit=check.unit).order_by("nip")
        for employee in staff.filter(check.rule.position_q()):
            if (employee.pk, check.day.pk) not in remote:
                yield employee


def plan_send_to_review(*, window: FlexWindow, bkpsdm: User) -> Plan | None:
    """Someone on site in an approved OPD resigns from today: its promised plan needs a review.

    The first approved OPD (by code, Dinkes and Dishub aside) with a rule left short by someone
    leaving. Its plan of the past window stays approved: the resignation takes effect today, so
    a window that ended before it is neither re-checked nor reopened, and the current window's
    passed days still count the employee (#25).
    """
    approved = Plan.objects.filter(window=window, status=PlanStatus.APPROVED).select_related("opd")
    for plan in approved.exclude(opd__code__in=["dinkes", "dishub"]).order_by("opd__code"):
        employee = next(_leavers(window, plan.opd), None)
        if employee is not None:
            return _leave(employee, plan, bkpsdm)
    return None


def _leave(employee: Employee, plan: Plan, bkpsdm: User) -> Plan:
    employee.is_active = False
    employee_save(employee=employee, by=bkpsdm)
    plan.refresh_from_db()
    return plan


def resigned_nips(window: FlexWindow | None) -> list[str]:
    """The staff an earlier demo made resign (named in its review note), to bring back."""
    if window is None:
        return []
    notes = Plan.objects.filter(window=window, status=PlanStatus.REVIEW).values_list("note", flat=1)
    return [m.group(1) for m in map(REVIEW_NIP.search, notes) if m]


def staff_return(*, nips: list[str], by: User) -> None:
    for employee in Employee.objects.filter(nip__in=nips, is_active=False).order_by("nip"):
        employee.is_active = True
        employee_save(employee=employee, by=by)
