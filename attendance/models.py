"""Did it happen: check-ins per mode, daily output reports and their review, public feedback."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from common.text import VisibleText, VisibleTextModel
from opd.models import Employee, Unit, latitude_field, longitude_field
from schedules.models import FlexWindow, Mode, WindowDay
from targets.models import ActionPlan


class Flag(models.TextChoices):
    """Why a check-in deserves a second look. It is accepted all the same."""

    OUTSIDE_RADIUS = "outside_radius", "Di luar radius kantor"
    NO_LOCATION = "no_location", "Tanpa lokasi"
    MODE_MISMATCH = "mode_mismatch", "Mode berbeda dari rencana"
    PLACE_MISMATCH = "place_mismatch", "Tempat WFA berbeda dari rencana"
    LATE = "late", "Terlambat dari jam kerja (shift/jam dinamis)"
    EARLY_LEAVE = "early_leave", "Pulang sebelum jam kerja selesai (shift/jam dinamis)"
    DELAYED = "delayed", "Terkirim tertunda (disimpan di ponsel saat tanpa jaringan)"


class CheckInQuerySet(models.QuerySet):
    def flagged(self):
        return self.exclude(flags=[])

    def bulk_create(self, objs, *args, **kwargs):
        """Fill each check-in's `date` (the partition key) from its day, one query at most."""
        objs = list(objs)
        missing = {o.day_id for o in objs if o.date is None and not _day_cached(o)}
        dates = dict(WindowDay.objects.filter(pk__in=missing).values_list("pk", "date"))
        for o in objs:
            if o.date is None:
                o.date = o.day.date if _day_cached(o) else dates[o.day_id]
        return super().bulk_create(objs, *args, **kwargs)


def _day_cached(check_in) -> bool:
    return CheckIn._meta.get_field("day").is_cached(check_in)


class CheckIn(VisibleTextModel, models.Model):
    """One employee's check-in (and check-out) on one window day, server time only."""

    employee = models.ForeignKey(
        Employee, on_delete=models.CASCADE, related_name="check_ins", verbose_name="pegawai"
    )
    day = models.ForeignKey(
        WindowDay, on_delete=models.CASCADE, related_name="check_ins", verbose_name="hari"
    )
    # The day's date, copied: on PostgreSQL the table is partitioned by month on it
    # (attendance/partitions.py), so every unique key carries it, and a foreign key
    # (day_id, date) -> window day (id, date) keeps it equal to the day's date.
    date = models.DateField("tanggal", editable=False)
    planned_mode = models.CharField("mode rencana", max_length=3, choices=Mode.choices)
    mode = models.CharField("mode dinyatakan", max_length=3, choices=Mode.choices)
    place = models.CharField(
        "tempat kerja", max_length=200, blank=True, help_text="Untuk WFA: tempat yang dinyatakan."
    )
    planned_place = models.CharField(
        "tempat WFA rencana",
        max_length=200,
        blank=True,
        help_text="Tempat WFA menurut rencana saat presensi, untuk dibandingkan.",
    )
    checked_in_at = models.DateTimeField("waktu masuk")
    checked_out_at = models.DateTimeField("waktu pulang", null=True, blank=True)
    latitude = latitude_field()
    longitude = longitude_field()
    accuracy_m = models.PositiveIntegerField("akurasi lokasi (meter)", null=True, blank=True)
    distance_m = models.PositiveIntegerField(
        "jarak ke kantor (meter)", null=True, blank=True, help_text="Hanya untuk WFO."
    )
    flags = models.JSONField(
        "tanda", default=list, blank=True, help_text="Kode-kode Flag; kosong = tidak ditandai."
    )
    # A tap stored on the phone while offline and sent later (static/js/checkin-queue.js): the
    # phone's key makes a replay find the same record, device_at is when the employee tapped
    # (by the phone's clock, corrected by the server's time at the page's last load) and
    # received_at when the server got it. Both empty for a check-in sent at once. The key is
    # unique with the date (the partition key): a replay is the same tap, on the same day.
    idempotency_key = models.UUIDField("kunci ponsel", null=True, blank=True)
    device_at = models.DateTimeField("waktu di ponsel", null=True, blank=True)
    received_at = models.DateTimeField("waktu diterima server", null=True, blank=True)

    objects = CheckInQuerySet.as_manager()

    class Meta:
        verbose_name = "presensi"
        verbose_name_plural = "presensi"
        constraints = [
            VisibleText(fields=["place", "planned_place"], name="checkin_text_visible"),
            # With the date, which the day decides: the same rule as (employee, day), in a form
            # a partitioned table can hold.
            models.UniqueConstraint(
                fields=["employee", "day", "date"], name="one_check_in_per_day"
            ),
            models.UniqueConstraint(fields=["idempotency_key", "date"], name="check_in_key_once"),
            models.CheckConstraint(
                condition=Q(mode__in=["WFO", "WFH", "WFA"]), name="check_in_mode_valid"
            ),
            models.CheckConstraint(
                condition=Q(checked_out_at__isnull=True)
                | Q(checked_out_at__gte=models.F("checked_in_at")),
                name="check_out_after_check_in",
            ),
        ]
        indexes = [
            models.Index(fields=["day", "employee"]),
            # The monitor's "latest check-ins" of a day: read newest first, stop after a page.
            models.Index(fields=["day", "-checked_in_at"], name="check_in_day_latest"),
        ]

    def __str__(self):
        return f"{self.employee} · {self.day}"

    def save(self, *args, **kwargs):
        """The date is the day's, never chosen: filled here so that no caller has to know it is
        the partition key (`bulk_create` does the same for a list)."""
        if self.date is None:
            self.date = self.day.date
        super().save(*args, **kwargs)

    def flag_labels(self) -> list[str]:
        return [Flag(code).label for code in self.flags]


class ReportStatus(models.TextChoices):
    SUBMITTED = "submitted", "Menunggu pemeriksaan"
    ACCEPTED = "accepted", "Diterima"
    RETURNED = "returned", "Dikembalikan untuk diperbaiki"


class DailyReportQuerySet(models.QuerySet):
    def awaiting_review(self):
        return self.filter(status=ReportStatus.SUBMITTED)

    def visible_to(self, user):
        """Reports of the staff the user may see (opd/access.py): another OPD's report is a 404."""
        from opd.access import employees_visible_to

        return self.filter(employee__in=employees_visible_to(user))


class DailyReport(VisibleTextModel, models.Model):
    """Laporan kerja harian: what one employee produced on one window day."""

    employee = models.ForeignKey(
        Employee, on_delete=models.CASCADE, related_name="daily_reports", verbose_name="pegawai"
    )
    day = models.ForeignKey(
        WindowDay, on_delete=models.CASCADE, related_name="daily_reports", verbose_name="hari"
    )
    mode = models.CharField("mode hari itu", max_length=3, choices=Mode.choices)
    status = models.CharField(
        "status", max_length=10, choices=ReportStatus.choices, default=ReportStatus.SUBMITTED
    )
    submitted_at = models.DateTimeField("dikirim")
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="diperiksa oleh",
    )
    reviewed_at = models.DateTimeField("diperiksa", null=True, blank=True)
    review_comment = models.TextField("catatan pemeriksa", blank=True)
    history = HistoricalRecords()

    objects = DailyReportQuerySet.as_manager()

    class Meta:
        verbose_name = "laporan kerja harian"
        verbose_name_plural = "laporan kerja harian"
        constraints = [
            VisibleText(fields=["review_comment"], name="dailyreport_text_visible"),
            models.UniqueConstraint(fields=["employee", "day"], name="one_report_per_day"),
            models.CheckConstraint(
                condition=Q(status__in=["submitted", "accepted", "returned"]),
                name="report_status_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["day", "status"]),
            models.Index(fields=["day", "-submitted_at"], name="report_day_latest"),
            # The review queue: oldest waiting first.
            models.Index(fields=["status", "submitted_at"], name="report_status_oldest"),
        ]

    def __str__(self):
        return f"Laporan {self.employee} · {self.day}"

    @property
    def may_be_revised(self) -> bool:
        """Only a returned report changes: a submitted one is with its reviewer, an accepted one
        is final."""
        return self.status == ReportStatus.RETURNED

    @property
    def awaits_review(self) -> bool:
        return self.status == ReportStatus.SUBMITTED


class OutputItem(VisibleTextModel, models.Model):
    """One output of a daily report: what, how much, and where the evidence is."""

    report = models.ForeignKey(
        DailyReport, on_delete=models.CASCADE, related_name="items", verbose_name="laporan"
    )
    description = models.CharField("uraian keluaran", max_length=500)
    quantity = models.DecimalField(
        "jumlah", max_digits=9, decimal_places=2, validators=[MinValueValidator(0)]
    )
    unit_of_measure = models.CharField("satuan", max_length=50, help_text="Mis. dokumen, pasien.")
    evidence_url = models.URLField("tautan bukti", max_length=500, blank=True)
    action_plan = models.ForeignKey(
        ActionPlan,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="outputs",
        verbose_name="rencana aksi",
        help_text="Rencana aksi SKP pegawai yang dilayani keluaran ini; kosong bila di luar SKP.",
    )
    started_at = models.TimeField("jam mulai", null=True, blank=True)
    ended_at = models.TimeField("jam selesai", null=True, blank=True)
    # A revision replaces the items: their history keeps what the reviewer saw before.
    history = HistoricalRecords()

    class Meta:
        verbose_name = "keluaran"
        verbose_name_plural = "keluaran"
        ordering = ["pk"]
        constraints = [
            VisibleText(fields=["description", "unit_of_measure"], name="outputitem_text_visible"),
            models.CheckConstraint(
                condition=Q(started_at__isnull=True)
                | Q(ended_at__isnull=True)
                | Q(ended_at__gte=models.F("started_at")),
                name="output_ends_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.description} ({self.quantity} {self.unit_of_measure})"


class ServiceFeedback(VisibleTextModel, models.Model):
    """A citizen's rating of an essential service during a window. No login: treat as hostile."""

    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="feedback", verbose_name="layanan"
    )
    window = models.ForeignKey(
        FlexWindow,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="feedback",
        verbose_name="periode",
    )
    rating = models.PositiveSmallIntegerField(
        "nilai", validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField("komentar", max_length=1000, blank=True)
    contact = models.CharField("kontak", max_length=200, blank=True)
    via_qr = models.BooleanField(
        "lewat kode QR",
        default=False,
        help_text="Dikirim dari kode QR yang ditempel di tempat layanan (SE MenPANRB 2/2026).",
    )
    created_at = models.DateTimeField("dikirim", auto_now_add=True)

    class Meta:
        verbose_name = "masukan masyarakat"
        verbose_name_plural = "masukan masyarakat"
        ordering = ["-created_at"]
        constraints = [
            VisibleText(fields=["comment", "contact"], name="servicefeedback_text_visible"),
            models.CheckConstraint(
                condition=Q(rating__gte=1, rating__lte=5), name="feedback_rating_1_to_5"
            ),
        ]
        indexes = [models.Index(fields=["unit", "created_at"])]

    def __str__(self):
        return f"{self.unit}: {self.rating}/5"


class ServiceHours(VisibleTextModel, models.Model):
    """When a service point serves the public: its usual hours, or changed hours for a window.

    SE MenPANRB 2/2026 asks agencies to tell the public of changed service schedules: a row with a
    window replaces the unit's usual rows on that window's public page.
    """

    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="service_hours", verbose_name="layanan"
    )
    window = models.ForeignKey(
        FlexWindow,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="service_hours",
        verbose_name="periode",
        help_text="Kosong untuk jadwal biasa; diisi bila jadwal berubah selama periode ini.",
    )
    days = models.CharField("hari", max_length=100, help_text="Mis. 'Senin–Jumat', 'Setiap hari'.")
    opens_at = models.TimeField("buka", null=True, blank=True, help_text="Kosong = 24 jam.")
    closes_at = models.TimeField("tutup", null=True, blank=True, help_text="Kosong = 24 jam.")
    note = models.CharField("keterangan untuk masyarakat", max_length=200, blank=True)

    class Meta:
        verbose_name = "jam layanan"
        verbose_name_plural = "jam layanan"
        ordering = ["unit", "pk"]
        constraints = [
            VisibleText(fields=["days", "note"], name="servicehours_text_visible"),
            models.CheckConstraint(
                condition=Q(opens_at__isnull=True, closes_at__isnull=True)
                | Q(
                    opens_at__isnull=False,
                    closes_at__isnull=False,
                    closes_at__gt=models.F("opens_at"),
                ),
                name="service_hours_close_after_open",
                violation_error_message="Jam tutup harus setelah jam buka (kosongkan keduanya "
                "untuk layanan 24 jam).",
            ),
        ]

    def __str__(self):
        return f"{self.unit} · {self.days} {self.hours_label}"

    @property
    def around_the_clock(self) -> bool:
        return self.opens_at is None

    @property
    def hours_label(self) -> str:
        if self.around_the_clock:
            return "24 jam"
        return f"{self.opens_at:%H.%M}–{self.closes_at:%H.%M}"
