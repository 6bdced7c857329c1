"""The read access log: who viewed whose personal data, as what, when and from where.

Append-only. The application never updates or deletes a row (the queryset and the model refuse
it); on PostgreSQL a trigger refuses UPDATE and DELETE too, except for the retention purge, which
says so for its own transaction (`readlog.services.read_log_purge`). Viewer and subject are kept
as plain ids (no database constraint, nothing cascades): deleting an account or an employee never
rewrites the log. The viewer's username and role are copied when the row is written.
"""

from django.conf import settings
from django.db import NotSupportedError, models
from django.utils import timezone

from opd.disclosure import ReadKind
from opd.models import Employee, Role

APPEND_ONLY = "Log akses hanya dapat ditambah: baris yang tercatat tidak dapat diubah atau dihapus."


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise NotSupportedError(APPEND_ONLY)

    def delete(self):
        raise NotSupportedError(APPEND_ONLY)


class ReadEvent(models.Model):
    """One page (or export, or admin screen) that showed other people's personal data."""

    viewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        related_name="+",
        verbose_name="pengakses",
    )
    viewer_username = models.CharField("nama akun pengakses", max_length=150)
    viewer_role = models.CharField("peran pengakses", max_length=20, choices=Role.choices)
    kind = models.CharField("data yang dilihat", max_length=20, choices=ReadKind.choices)
    detail = models.CharField("keterangan", max_length=200, blank=True)
    path = models.CharField("halaman", max_length=300)
    ip_address = models.GenericIPAddressField("alamat IP", null=True, blank=True)
    at = models.DateTimeField("waktu", default=timezone.now, db_index=True)
    subject_count = models.PositiveIntegerField("jumlah pegawai")

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = "akses data pribadi"
        verbose_name_plural = "log akses data pribadi"
        indexes = [models.Index(fields=["viewer", "kind", "at"], name="readevent_viewer_kind_at")]

    def __str__(self):
        return f"{self.viewer_username} · {self.get_kind_display()} · {self.at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        """Rows are written once: an existing row is never saved again."""
        if not self._state.adding:
            raise NotSupportedError(APPEND_ONLY)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise NotSupportedError(APPEND_ONLY)


class ReadSubject(models.Model):
    """One employee whose data that page showed: one row per person per view."""

    pk = models.CompositePrimaryKey("event_id", "employee_id")
    # Written in the same statement as its event (readlog.services), so no foreign key check per
    # row: that check was most of the cost of logging a 500-row grid page. The primary key
    # (event, employee) serves lookups by event, the index below lookups by employee.
    event = models.ForeignKey(
        ReadEvent,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="subjects",
        verbose_name="akses",
    )
    employee = models.ForeignKey(
        Employee,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
        verbose_name="pegawai",
    )

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = "pegawai yang datanya dilihat"
        verbose_name_plural = "pegawai yang datanya dilihat"
        # "Who viewed my data": newest first, through the event ids (they grow with time).
        indexes = [models.Index(fields=["employee", "-event"], name="readsubject_employee_event")]

    def __str__(self):
        return f"{self.event} · pegawai #{self.employee_id}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise NotSupportedError(APPEND_ONLY)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise NotSupportedError(APPEND_ONLY)
