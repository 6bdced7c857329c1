"""Fingerprint machines and e-presensi apps: their punches, who a device's user id is, each
import's report, and a head's explanation of a reconciliation line.

A punch is one (device, employee, moment): the database refuses a second one
(`punch_unique`), so a file or a partner's post that arrives twice is stored once.
"""

from django.conf import settings
from django.db import models

from common.text import VisibleText, VisibleTextModel
from opd.access import employees_visible_to
from opd.models import Employee, Opd


class IdKind(models.TextChoices):
    NIP = "nip", "NIP/NI PPPK tersimpan di mesin"
    DEVICE = "device", "Nomor pegawai mesin (dipetakan per mesin)"


class Device(VisibleTextModel, models.Model):
    """A fingerprint machine or an e-presensi app whose punches the portal reads."""

    code = models.SlugField(
        "kode mesin", max_length=40, unique=True, help_text="Mis. dinkes-lantai-1; dipakai di API."
    )
    name = models.CharField("nama", max_length=200)
    opd = models.ForeignKey(
        Opd,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="devices",
        verbose_name="OPD tempat mesin",
    )
    id_kind = models.CharField(
        "isi nomor pengguna mesin",
        max_length=6,
        choices=IdKind.choices,
        default=IdKind.NIP,
        help_text="NIP: nomor di mesin adalah NIP. Nomor mesin: dipetakan di 'Pengguna mesin'.",
    )
    is_office = models.BooleanField(
        "mesin di kantor",
        default=True,
        help_text="Rekaman mesin kantor berarti pegawai hadir di kantor (rekonsiliasi WFH/WFA).",
    )

    class Meta:
        verbose_name = "mesin presensi"
        verbose_name_plural = "mesin presensi"
        ordering = ["code"]
        constraints = [VisibleText(fields=["name"], name="device_text_visible")]

    def __str__(self):
        return f"{self.name} ({self.code})"


class DeviceUser(models.Model):
    """A device's own user number for one employee (devices that do not store the NIP)."""

    device = models.ForeignKey(
        Device, on_delete=models.CASCADE, related_name="users", verbose_name="mesin"
    )
    device_user_id = models.CharField("nomor pengguna di mesin", max_length=32)
    employee = models.ForeignKey(
        Employee, on_delete=models.CASCADE, related_name="device_ids", verbose_name="pegawai"
    )

    class Meta:
        verbose_name = "pengguna mesin"
        verbose_name_plural = "pengguna mesin"
        constraints = [
            models.UniqueConstraint(fields=["device", "device_user_id"], name="device_user_unique"),
        ]

    def __str__(self):
        return f"{self.device.code}:{self.device_user_id} → {self.employee}"


class Source(models.TextChoices):
    FILE = "file", "Berkas"
    API = "api", "API"


class PunchImport(models.Model):
    """One file (or one API post) as stored: who, when, and its report in figures."""

    device = models.ForeignKey(
        Device, on_delete=models.PROTECT, related_name="imports", verbose_name="mesin"
    )
    source = models.CharField("sumber", max_length=4, choices=Source.choices)
    file_name = models.CharField("nama berkas", max_length=200, blank=True)
    sha256 = models.CharField("sidik berkas (SHA-256)", max_length=64, blank=True, db_index=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name="diimpor oleh",
    )
    at = models.DateTimeField("waktu impor", auto_now_add=True)
    rows_read = models.PositiveIntegerField("baris dibaca", default=0)
    matched = models.PositiveIntegerField("cocok dengan pegawai", default=0)
    added = models.PositiveIntegerField("rekaman baru", default=0)
    duplicates = models.PositiveIntegerField("duplikat", default=0)
    unknown = models.PositiveIntegerField("nomor tidak dikenal", default=0)

    class Meta:
        verbose_name = "impor log mesin"
        verbose_name_plural = "impor log mesin"
        ordering = ["-at"]

    def __str__(self):
        return f"{self.device.code} · {self.file_name or self.get_source_display()} · {self.at}"


class PunchQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(employee__in=employees_visible_to(user))

    def office(self):
        """Punches on a machine in an office (an app's punch away from one says nothing)."""
        return self.filter(device__is_office=True)


class Punch(models.Model):
    """One punch of one employee on one device at one moment (device time, Asia/Jakarta)."""

    device = models.ForeignKey(
        Device, on_delete=models.PROTECT, related_name="punches", verbose_name="mesin"
    )
    employee = models.ForeignKey(
        Employee, on_delete=models.CASCADE, related_name="punches", verbose_name="pegawai"
    )
    at = models.DateTimeField("waktu")
    day = models.DateField("tanggal", help_text="Tanggal waktu itu di Asia/Jakarta.")
    verify = models.SmallIntegerField("cara verifikasi", null=True, blank=True)
    state = models.SmallIntegerField("status mesin", null=True, blank=True)
    batch = models.ForeignKey(
        PunchImport, on_delete=models.CASCADE, related_name="punches", verbose_name="impor"
    )

    objects = PunchQuerySet.as_manager()

    class Meta:
        verbose_name = "rekaman mesin"
        verbose_name_plural = "rekaman mesin"
        constraints = [
            models.UniqueConstraint(fields=["device", "employee", "at"], name="punch_unique"),
        ]
        indexes = [models.Index(fields=["day", "employee"], name="punch_day_employee")]

    def __str__(self):
        return f"{self.employee_id} @ {self.at} ({self.device_id})"


class LineKind(models.TextChoices):
    NO_PUNCH = "no_punch", "Rencana WFO, tanpa rekaman mesin"
    REMOTE_PUNCH = "remote_punch", "Rencana WFH/WFA, terekam di mesin kantor"
    OUTSIDE_HOURS = "outside_hours", "Rekaman di luar jam kerja"


class Explanation(VisibleTextModel, models.Model):
    """A head's note on one reconciliation line (employee, date, kind): it stays explained."""

    employee = models.ForeignKey(
        Employee, on_delete=models.CASCADE, related_name="+", verbose_name="pegawai"
    )
    date = models.DateField("tanggal")
    kind = models.CharField("jenis", max_length=16, choices=LineKind.choices)
    note = models.TextField("keterangan", max_length=500)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name="dijelaskan oleh",
    )
    at = models.DateTimeField("waktu", auto_now=True)

    class Meta:
        verbose_name = "penjelasan rekonsiliasi"
        verbose_name_plural = "penjelasan rekonsiliasi"
        constraints = [
            VisibleText(fields=["note"], name="explanation_text_visible"),
            models.UniqueConstraint(fields=["employee", "date", "kind"], name="explanation_unique"),
            models.CheckConstraint(
                condition=models.Q(kind__in=LineKind.values), name="explanation_kind_valid"
            ),
        ]

    def __str__(self):
        return f"{self.employee_id} · {self.date} · {self.kind}"
