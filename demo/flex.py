"""The rule in force, in the demo: PermenPANRB No. 4/2025 over the demo windows.

BKPSDM puts every demo window under the policy the data migration seeds (at most two WFH/WFA days
per calendar week, time flexibility on: schedules.services.policy_records.window_policy_set), so the
planner, the grid, preferences, submit and approval all apply the weekly cap in the demo as in
production. Before the plans are decided, some staff get working hours through the service BKPSDM
uses (working_hours_set): the field staff of Dishub's terminal and traffic units a morning shift,
BKPSDM's own staff and the demo nurse dynamic hours. Before the current window is planned, the head
of Dinkes grants one employee a cap exception for a special duty (cap_exception_grant), which the
planner then honours.
"""

from dataclasses import dataclass, field

from django.db.models import Q

from opd.models import Employee, Opd, UnitKind, User
from schedules.models import CapException, FlexPolicy, FlexWindow, HoursKind
from schedules.services.hours import Hours, working_hours_set
from schedules.services.policy_records import cap_exception_grant, window_policy_set

POLICY = "PermenPANRB No. 4 Tahun 2025"  # seeded by schedules/migrations/0010
SHIFT_UNITS = ("dishub-uptd-terminal", "dishub-lalin")
SHIFT = Hours(HoursKind.SHIFT, 6 * 60, 14 * 60)  # 06.00-14.00
DYNAMIC_OPD = "bkpsdm"
DYNAMIC = Hours(HoursKind.DYNAMIC, 6 * 60, 18 * 60, 7 * 60 + 30)  # 06.00-18.00, 7,5 hours
EXCEPTION_OPD = "dinkes"
EXCEPTION_DAYS = 4
# The demo's exceptions are found again by their reason when the demo is rebuilt.
EXCEPTION_REASON = (
    "Tugas khusus (demo): mengolah data surveilans penyakit menular untuk laporan mingguan ke "
    "Kementerian Kesehatan, dikerjakan dari rumah."
)


@dataclass
class FlexResult:
    policy: str = ""
    shifts: int = 0  # employee-days with a shift
    dynamic: int = 0  # employee-days with dynamic hours
    exceptions: list[str] = field(default_factory=list)  # "name (NIP)"


def policy_adopt(*, window: FlexWindow, bkpsdm: User) -> FlexPolicy:
    """BKPSDM picks PermenPANRB No. 4/2025 for the window (refused loudly if it is missing: the
    data migration seeds it, so a database without it is not migrated)."""
    policy = FlexPolicy.objects.filter(name=POLICY).first()
    if policy is None:
        raise RuntimeError(f"Kebijakan '{POLICY}' tidak ada: jalankan `manage.py migrate` dulu.")
    window_policy_set(window=window, policy=policy, by=bkpsdm)
    window.refresh_from_db()
    return policy


def hours_set(*, window: FlexWindow, bkpsdm: User, nurse: Employee | None) -> tuple[int, int]:
    """Shifts and dynamic hours on every day of a window whose plans are still drafts; the
    employee-days of each."""
    day_ids = list(window.days.values_list("pk", flat=True))
    staff = Employee.objects.active().order_by("pk")
    shifts = dynamic = 0
    dishub = staff.filter(unit__code__in=SHIFT_UNITS)
    by_opd = {}
    for opd_id, employee_id in dishub.values_list("unit__opd_id", "pk"):
        by_opd.setdefault(opd_id, []).append(employee_id)
    flexible = staff.filter(Q(unit__opd__code=DYNAMIC_OPD) | Q(pk=getattr(nurse, "pk", None)))
    dynamic_by_opd = {}
    for opd_id, employee_id in flexible.values_list("unit__opd_id", "pk"):
        dynamic_by_opd.setdefault(opd_id, []).append(employee_id)
    opds = Opd.objects.in_bulk([*by_opd, *dynamic_by_opd])
    for groups, hours in ((by_opd, SHIFT), (dynamic_by_opd, DYNAMIC)):
        for opd_id, employee_ids in sorted(groups.items()):
            n = working_hours_set(
                opd=opds[opd_id],
                window=window,
                employee_ids=employee_ids,
                day_ids=day_ids,
                hours=hours,
                by=bkpsdm,
            )
            if hours is SHIFT:
                shifts += n
            else:
                dynamic += n
    return shifts, dynamic


def exception_grant(*, window: FlexWindow, heads: dict[int, User]) -> CapException | None:
    """The head of Dinkes lets one employee of a bidang work from home four days a week over the
    window (the first eligible one by NIP: the same person every time)."""
    opd = Opd.objects.filter(code=EXCEPTION_OPD).first()
    head = heads.get(opd.pk) if opd else None
    employee = (
        Employee.objects.active()
        .filter(unit__opd=opd, unit__kind=UnitKind.BIDANG, restrictions__isnull=True)
        .select_related("unit__opd")
        .order_by("nip")
        .first()
    )
    if head is None or employee is None:
        return None
    days = list(window.days.values_list("date", flat=True))
    return cap_exception_grant(
        employee=employee,
        reason=EXCEPTION_REASON,
        days_per_week=EXCEPTION_DAYS,
        starts_on=days[0],
        ends_on=days[-1],
        by=head,
    )


def exceptions_clear() -> None:
    """The previous demo's exceptions go with its windows."""
    CapException.objects.filter(reason=EXCEPTION_REASON).delete()
