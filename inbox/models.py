"""What waits for whom: notifications written by the services that make the events.

A notification is a row in the same transaction as its event (never a signal), so it exists
exactly when the event does. Email goes out after the commit, by a background task, as each
user chose per kind: at once, in the daily digest, or not at all.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q


class Kind(models.TextChoices):
    PLAN_SUBMITTED = "plan_submitted", "Rencana diajukan kepada Anda"
    PLAN_RETURNED = "plan_returned", "Rencana dikembalikan Kepala OPD"
    PLAN_APPROVED = "plan_approved", "Rencana disetujui"
    PLAN_REVIEW = "plan_review", "Rencana perlu ditinjau"
    PLAN_REOPENED = "plan_reopened", "Rencana dibuka kembali"
    PROPOSAL_APPLIED = "proposal_applied", "Usulan otomatis diterapkan"
    REPORTS_SUBMITTED = "reports_submitted", "Laporan harian menunggu pemeriksaan"
    REPORT_RETURNED = "report_returned", "Laporan Anda dikembalikan"
    REPORT_ACCEPTED = "report_accepted", "Laporan Anda diterima"
    SCHEDULE_CHANGED = "schedule_changed", "Jadwal Anda berubah"
    WINDOW_DAY = "window_day", "Hari periode kerja fleksibel berubah"
    CHECKIN_REMINDER = "checkin_reminder", "Pengingat presensi"
    REVIEW_REMINDER = "review_reminder", "Pengingat pemeriksaan laporan"
    ACTING = "acting", "Penunjukan Plh/Plt"


class Delivery(models.TextChoices):
    IMMEDIATE = "immediate", "Email segera"
    DIGEST = "digest", "Dalam ringkasan harian"
    OFF = "off", "Tanpa email"


# Something to act on goes out at once; news waits for the morning digest.
DEFAULT_DELIVERY = {
    Kind.PLAN_SUBMITTED: Delivery.IMMEDIATE,
    Kind.PLAN_RETURNED: Delivery.IMMEDIATE,
    Kind.PLAN_REVIEW: Delivery.IMMEDIATE,
    Kind.REPORT_RETURNED: Delivery.IMMEDIATE,
    Kind.CHECKIN_REMINDER: Delivery.IMMEDIATE,
    Kind.REVIEW_REMINDER: Delivery.IMMEDIATE,
    Kind.ACTING: Delivery.IMMEDIATE,
}


class NotificationQuerySet(models.QuerySet):
    def for_user(self, user):
        """A user only ever reaches their own notifications."""
        return self.filter(recipient=user) if user.is_authenticated else self.none()

    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """One thing that happened that a user should know about, and where to act on it."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name="penerima",
    )
    kind = models.CharField("jenis", max_length=30, choices=Kind.choices)
    text = models.CharField("pesan", max_length=500)
    url = models.CharField("tautan", max_length=300, blank=True)
    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, null=True, blank=True, verbose_name="jenis objek"
    )
    object_id = models.PositiveBigIntegerField("id objek", null=True, blank=True)
    about = GenericForeignKey("content_type", "object_id")
    batch_key = models.CharField(
        "kunci gabungan",
        max_length=100,
        blank=True,
        help_text="Notifikasi belum dibaca dengan kunci yang sama digabung (mis. laporan per unit "
        "per hari).",
    )
    count = models.PositiveIntegerField("jumlah", default=1)
    created_at = models.DateTimeField("dibuat", auto_now_add=True, db_index=True)
    read_at = models.DateTimeField("dibaca", null=True, blank=True)
    emailed_at = models.DateTimeField("dikirim lewat email", null=True, blank=True)
    email_error = models.CharField("galat email terakhir", max_length=300, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = "notifikasi"
        verbose_name_plural = "notifikasi"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at", "-created_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "batch_key"],
                condition=Q(read_at__isnull=True) & ~Q(batch_key=""),
                name="notification_one_unread_per_batch",
            ),
            models.CheckConstraint(condition=Q(count__gte=1), name="notification_count_positive"),
        ]

    def __str__(self):
        return f"{self.recipient}: {self.text[:60]}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class DeliveryChoice(models.Model):
    """How one user wants one kind of notification by email (the default when there is none)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_choices",
        verbose_name="pengguna",
    )
    kind = models.CharField("jenis", max_length=30, choices=Kind.choices)
    delivery = models.CharField("pengiriman", max_length=10, choices=Delivery.choices)

    class Meta:
        verbose_name = "pilihan pengiriman notifikasi"
        verbose_name_plural = "pilihan pengiriman notifikasi"
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="delivery_choice_unique"),
            models.CheckConstraint(
                condition=Q(delivery__in=["immediate", "digest", "off"]),
                name="delivery_choice_valid",
            ),
        ]

    def __str__(self):
        return f"{self.user}: {self.get_kind_display()} → {self.get_delivery_display()}"


def delivery_for(user, kind: str, choices: dict | None = None) -> str:
    """The user's choice for `kind`, else the default (`choices` saves a query in loops)."""
    if choices is None:
        choices = dict(DeliveryChoice.objects.filter(user=user).values_list("kind", "delivery"))
    return choices.get(kind) or DEFAULT_DELIVERY.get(kind, Delivery.DIGEST)
