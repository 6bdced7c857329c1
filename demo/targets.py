"""Work targets (SKP) of the demo nurse's puskesmas, and their outputs linked to them (#26).

Every active employee of the demo nurse's unit has an approved target for the year with two RHK
and their action plans, as an import by the head would bring them; the demo's daily outputs that
match an action plan's wording pick it, as the staff would have in the report form. So the nurse
sees her week against her plans ("Laporan saya" › minggu ini), and the head of Dinkes reviews the
puskesmas' week with its outputs on plan. Targets are per year and kept across rebuilds of the
demo windows; the links are made again with the outputs.
"""

from decimal import Decimal

from django.utils import timezone

from attendance.models import OutputItem
from opd.models import Employee, User
from targets.models import ActionPlan, TargetStatus, WorkTarget

RHK = (  # (RHK, [(action plan, quantity a year, unit of measure)]); the demo's output wording
    (
        "Terlaksananya administrasi pelayanan puskesmas yang tertib",
        [
            ("Menyusun laporan kegiatan", 240, "dokumen"),
            ("Memperbarui data pada aplikasi", 480, "data"),
            ("Input data kunjungan ke aplikasi", 1200, "data"),
        ],
    ),
    (
        "Meningkatnya kepuasan masyarakat atas layanan kesehatan",
        [
            ("Pelayanan pasien poli umum", 2400, "pasien"),
            ("Melayani konsultasi daring", 600, "orang"),
            ("Memverifikasi berkas permohonan", 300, "berkas"),
        ],
    ),
)


def targets_seed(*, heads: dict[int, User]) -> int:
    """Approved targets for this year for the demo nurse's unit, and the unit's outputs linked to
    the action plan of the same wording; returns the number of targets made (0 when they are
    there already)."""
    nurse = User.objects.filter(username="pegawai", employee__isnull=False).first()
    if nurse is None:
        return 0
    year = timezone.localdate().year
    unit = nurse.employee.unit
    staff = list(Employee.objects.active().filter(unit=unit).order_by("pk"))
    have = set(
        WorkTarget.objects.filter(employee__in=staff, year=year).values_list(
            "employee_id", flat=True
        )
    )
    head = heads.get(unit.opd_id)
    now = timezone.now()
    made = [
        WorkTarget(
            employee=employee,
            year=year,
            status=TargetStatus.APPROVED,
            submitted_at=now,
            decided_by=head,
            decided_at=now,
        )
        for employee in staff
        if employee.pk not in have
    ]
    WorkTarget.objects.bulk_create(made)
    ActionPlan.objects.bulk_create(
        [
            ActionPlan(
                target=target,
                rhk=rhk,
                text=text,
                quantity=Decimal(quantity),
                unit_of_measure=measure,
            )
            for target in made
            for rhk, plans in RHK
            for text, quantity, measure in plans
        ]
    )
    _link_outputs(unit, year)
    return len(made)


def _link_outputs(unit, year: int) -> None:
    """Each output of the unit's staff in `year` whose wording is an action plan of its author
    picks that plan (one UPDATE per plan wording)."""
    plans = ActionPlan.objects.filter(
        target__employee__unit=unit, target__year=year, target__status=TargetStatus.APPROVED
    ).values_list("pk", "target__employee_id", "text")
    by_text: dict[str, dict[int, int]] = {}
    for pk, employee_id, text in plans:
        by_text.setdefault(text, {})[employee_id] = pk
    outputs = OutputItem.objects.filter(
        report__employee__unit=unit, report__day__date__year=year, action_plan__isnull=True
    )
    for text, per_employee in by_text.items():
        for employee_id, plan_id in per_employee.items():
            outputs.filter(description=text, report__employee_id=employee_id).update(
                action_plan_id=plan_id
            )
