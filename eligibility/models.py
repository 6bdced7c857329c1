"""Who may not work flexibly, and until when (PermenPANRB No. 4/2025).

Staff under a disciplinary sanction, and staff newly appointed, transferred or promoted (for the
period the policy sets), work on site only. Each such exclusion is a `Restriction` with its kind,
reason, basis (the SK's number) and dates, both ends included; an open end (no end date) runs
until BKPSDM ends it. While one runs on a day, the person is WFO that day: the one write path for
plan cells refuses a remote mode, the grid shows the cell locked and says why, the planner takes
the day as fixed WFO, bulk actions and preferences skip or refuse it. When it ends the person is
eligible again from the next day without anyone editing anything: every reader asks
`restricted_cells` (or `running_on`) for the days it is about.
"""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from common.dates import tanggal
from common.text import VisibleText, VisibleTextModel
from opd.access import employees_visible_to
from opd.models import Employee

BASIS = "PermenPANRB No. 4/2025"
MANY_IDS = 2000  # beyond this many employees, restrictions are read by span and kept in Python


class RestrictionKind(models.TextChoices):
    SANCTION = "sanction", "Hukuman disiplin"
    APPOINTMENT = "appointment", "Pengangkatan baru"
    TRANSFER = "transfer", "Mutasi"
    PROMOTION = "promotion", "Promosi"
    OTHER = "other", "Lainnya"


# The kinds whose period the policy in force sets (FlexPolicy.new_staff_months) when no end
# date is given.
PERIOD_KINDS = frozenset(
    {RestrictionKind.APPOINTMENT, RestrictionKind.TRANSFER, RestrictionKind.PROMOTION}
)


class RestrictionQuerySet(models.QuerySet):
    def overlapping(self, start: date, end: date | None):
        """Restrictions with at least one day in [start, end] (end None: open)."""
        found = self.filter(Q(end_date__isnull=True) | Q(end_date__gte=start))
        return found if end is None else found.filter(start_date__lte=end)

    def running_on(self, day: date):
        return self.overlapping(day, day)

    def visible_to(self, user):
        """The restrictions of the staff the user may see (opd.access): another OPD's is a 404.
        The city's readers see every one, without a subquery over the whole staff."""
        staff = employees_visible_to(user)
        return self.all() if not staff.query.where else self.filter(employee__in=staff)

    def rows(self, dates, *, opd=None, unit_ids=None, employee_ids=None) -> list[tuple]:
        """(employee id, start, end, kind, reason) of the restrictions touching the span of
        `dates` (one query; none without dates); `restricted_days` spreads them over days."""
        if not dates:
            return []
        found = self.overlapping(min(dates), max(dates))
        if opd is not None:
            found = found.filter(employee__unit__opd=opd)
        if unit_ids is not None:
            found = found.filter(employee__unit_id__in=unit_ids)
        wanted = None
        if employee_ids is not None and len(employee_ids) > MANY_IDS:
            # A city's staff (a proposal's apply): every restriction of the span, kept here.
            # An IN list of 100,000 ids took 2.2 s to send and plan; the span holds a few rows.
            wanted = set(employee_ids)
        elif employee_ids is not None:
            found = found.filter(employee_id__in=employee_ids)
        rows = found.order_by("employee_id", "start_date", "pk").values_list(
            "employee_id", "start_date", "end_date", "kind", "reason"
        )
        return [row for row in rows if wanted is None or row[0] in wanted]


def describe(kind: str, reason: str, end: date | None) -> str:
    """'Hukuman disiplin, s.d. 31 Maret 2025' / 'Lainnya (tugas khusus), tanpa batas akhir'."""
    label = RestrictionKind(kind).label if kind in RestrictionKind.values else kind
    if kind == RestrictionKind.OTHER and reason:
        label = f"{label} ({reason})"
    until = f"s.d. {tanggal(end)}" if end else "tanpa batas akhir"
    return f"{label}, {until}"


def restricted_days(rows, days) -> dict[tuple[int, int], str]:
    """{(employee id, day id): why that day is WFO only} for window `days` (objects with pk and
    date) inside the `rows`; of two restrictions on one day, the later-starting one is named."""
    found = {}
    for employee_id, start, end, kind, reason in rows:
        why = describe(kind, reason, end)
        for day in days:
            if start <= day.date and (end is None or day.date <= end):
                found[(employee_id, day.pk)] = why
    return found


def restricted_cells(days, *, opd=None, unit_ids=None, employee_ids=None):
    """{(employee id, day id): why} of the restrictions running on window `days` of staff in
    scope: one query (none without days or with an empty employee list)."""
    days = list(days)
    if employee_ids is not None and not employee_ids:
        return {}
    rows = Restriction.objects.rows(
        [d.date for d in days], opd=opd, unit_ids=unit_ids, employee_ids=employee_ids
    )
    return restricted_days(rows, days)


def running_for(employee, day: date) -> "Restriction | None":
    """The restriction that makes `employee` WFO only on `day`, or None (one query)."""
    return (
        Restriction.objects.filter(employee=employee)
        .running_on(day)
        .order_by("-start_date", "-pk")
        .first()
    )


class Restriction(VisibleTextModel, models.Model):
    """One person on site only for a period: a sanction, a new appointment, a transfer, ..."""

    employee = models.ForeignKey(
        Employee, on_delete=models.CASCADE, related_name="restrictions", verbose_name="pegawai"
    )
    kind = models.CharField("jenis", max_length=12, choices=RestrictionKind.choices)
    reason = models.CharField(
        "alasan",
        max_length=300,
        blank=True,
        help_text="Wajib untuk jenis 'Lainnya'. Mis. jenis hukuman disiplin atau jabatan baru.",
    )
    basis = models.CharField(
        "dasar (nomor SK)",
        max_length=200,
        blank=True,
        help_text="Mis. nomor SK hukuman disiplin, SK pengangkatan, mutasi atau promosi.",
    )
    start_date = models.DateField("berlaku mulai")
    end_date = models.DateField(
        "berakhir",
        null=True,
        blank=True,
        help_text="Hari terakhir hanya WFO. Kosong: sampai diakhiri BKPSDM.",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="dicatat oleh",
    )
    recorded_at = models.DateTimeField("dicatat pada", auto_now_add=True)
    history = HistoricalRecords()

    objects = RestrictionQuerySet.as_manager()

    class Meta:
        verbose_name = "pembatasan kerja fleksibel"
        verbose_name_plural = "pembatasan kerja fleksibel"
        ordering = ["-start_date", "employee__name"]
        indexes = [models.Index(fields=["employee", "start_date"])]
        constraints = [
            VisibleText(fields=["reason", "basis"], name="restriction_text_visible"),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="restriction_dates_ordered",
                violation_error_message="Tanggal berakhir tidak boleh sebelum tanggal mulai.",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=RestrictionKind.values), name="restriction_kind_valid"
            ),
            models.CheckConstraint(
                condition=~Q(kind=RestrictionKind.OTHER) | ~Q(reason=""),
                name="restriction_other_has_reason",
                violation_error_message="Jenis 'Lainnya' wajib diberi alasan.",
            ),
            # Two restrictions of one kind for one person may not share a day: an exclusion
            # constraint on PostgreSQL (migration 0002), `clash` in code everywhere.
        ]

    def __str__(self):
        return f"{self.employee.name}: {self.label}"

    @property
    def label(self) -> str:
        return describe(self.kind, self.reason, self.end_date)

    @property
    def dates_text(self) -> str:
        if self.end_date is None:
            return f"mulai {tanggal(self.start_date)}, tanpa batas akhir"
        if self.end_date == self.start_date:
            return tanggal(self.start_date)
        return f"{tanggal(self.start_date)} s.d. {tanggal(self.end_date)}"

    def runs_on(self, day: date) -> bool:
        return self.start_date <= day and (self.end_date is None or day <= self.end_date)

    def clash(self):
        """Another restriction of the same kind for the same person sharing a day, or None."""
        if not self.employee_id or not self.start_date or not self.kind:
            return None
        return (
            Restriction.objects.filter(employee_id=self.employee_id, kind=self.kind)
            .overlapping(self.start_date, self.end_date)
            .exclude(pk=self.pk)
            .order_by("start_date")
            .first()
        )

    def clean(self):
        super().clean()
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = "Tanggal berakhir tidak boleh sebelum tanggal mulai."
        if self.kind == RestrictionKind.OTHER and not self.reason.strip():
            errors["reason"] = "Jenis 'Lainnya' wajib diberi alasan."
        if errors:
            raise ValidationError(errors)
        if other := self.clash():
            raise ValidationError(clash_message(other), code="overlap")


def clash_message(other: Restriction) -> str:
    return (
        f"Bertabrakan dengan {other.get_kind_display().lower()} {other.employee.name} yang sudah "
        f"tercatat ({other.dates_text}"
        f"{', ' + other.basis if other.basis else ''}). Ubah atau akhiri yang itu lebih dulu."
    )
