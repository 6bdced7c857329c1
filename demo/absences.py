"""Leave, official travel and training around each demo window (#25).

Granted selectively, as SE MenPANRB 2/2025 asks: annual leave, sick days, official travel and
training, one person at most per large unit outside the essential services, each recorded by
BKPSDM through `absences.services.absence_record` before the plans are made, so the planner and
every count see them. The demo nurse ("pegawai") asks for a day of annual leave in the current
window: her head finds the request waiting, with what it would do to the puskesmas. All demo
absences carry the evidence prefix "DEMO", so a rebuild removes exactly them.
"""

import random
from collections import Counter
from datetime import timedelta

from absences.models import Absence, AbsenceKind
from absences.services import absence_record, absence_request
from opd.models import Employee, ServiceCategory, User

PREFIX = "DEMO"
KINDS = [  # (kind, shortest, longest): a quarter of the units each get one, in turn
    (AbsenceKind.ANNUAL, 1, 3),
    (AbsenceKind.TRAVEL, 1, 3),
    (AbsenceKind.SICK, 1, 2),
    (AbsenceKind.ANNUAL, 2, 3),
    (AbsenceKind.TRAINING, 2, 3),
]
SHARE = 0.25  # of the units large enough, per window
LARGE_ENOUGH = 8  # one person away leaves every default rule met in a unit this large


def absences_clear() -> None:
    Absence.objects.filter(evidence__startswith=PREFIX).delete()


def absences_seed(*, windows, bkpsdm, rng: random.Random) -> Counter:
    """Record the demo's absences in each window's days; returns the count per kind label.

    Selective, as a head would grant them: at most one person away per unit, in units without an
    essential service and large enough that the planner can keep every rule met around them."""
    staff: dict[int, list[int]] = {}
    for unit_id, employee_id in (
        Employee.objects.active()
        .filter(unit__service_category=ServiceCategory.NONE, account__isnull=True)
        .order_by("unit_id", "pk")
        .values_list("unit_id", "pk")
    ):
        staff.setdefault(unit_id, []).append(employee_id)
    units = sorted(u for u, people in staff.items() if len(people) >= LARGE_ENOUGH)
    counts: Counter = Counter()
    for window in windows:
        dates = sorted(d.date for d in window.days.all())
        if not dates:
            continue
        chosen = rng.sample(units, k=int(len(units) * SHARE))
        for n, unit_id in enumerate(chosen):
            kind, shortest, longest = KINDS[n % len(KINDS)]
            employee_id = rng.choice(staff[unit_id])
            start = rng.choice(dates)
            absence_record(
                employee=Employee.objects.select_related("unit").get(pk=employee_id),
                by=bkpsdm,
                kind=kind,
                start_date=start,
                end_date=start + timedelta(days=rng.randint(shortest, longest) - 1),
                evidence=f"{PREFIX} {kind}/{start:%m%d}/{employee_id}",
            )
            counts[AbsenceKind(kind).label] += 1
    return counts


def nurse_asks(*, window) -> Absence | None:
    """The demo nurse asks for a day of annual leave on the window's third day."""
    nurse = User.objects.filter(username="pegawai", employee__isnull=False).first()
    days = sorted(d.date for d in window.days.all())
    if nurse is None or len(days) < 3:
        return None
    return absence_request(
        employee=nurse.employee,
        by=nurse,
        kind=AbsenceKind.ANNUAL,
        start_date=days[2],
        end_date=days[2],
        evidence=f"{PREFIX} permohonan cuti tahunan",
    )
