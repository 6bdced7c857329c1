"""Long work run in the background (django-tasks) for one user: its progress, its file, its error.

A Job is what the user sees: a row per request, with a progress bar (done of total), a message,
and when finished either a file to download (kept WFA_EXPORT_TTL_HOURS) or an error in
Indonesian. The task itself (jobs.tasks.run_job) looks up what to run for the kind in
jobs.registry, where the apps that own the work register it (its kind is a plain string).
"""

import json

from django.conf import settings
from django.db import models
from django.db.models import Q

from jobs import registry
from opd.access import allowed


class JobStatus(models.TextChoices):
    QUEUED = "queued", "Menunggu giliran"
    RUNNING = "running", "Sedang berjalan"
    DONE = "done", "Selesai"
    FAILED = "failed", "Gagal"


UNFINISHED = [JobStatus.QUEUED, JobStatus.RUNNING]


def parameters_key(parameters: dict) -> str:
    """The one text of a request's parameters: the same request always gives the same text."""
    return json.dumps(parameters, sort_keys=True, separators=(",", ":"))


class JobQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A user's own jobs; BKPSDM sees everyone's (it runs the portal)."""
        if allowed(user, "jobs.view_all_jobs"):
            return self.all()
        if not user.is_authenticated:
            return self.none()
        return self.filter(owner=user)

    def unfinished(self):
        return self.filter(status__in=UNFINISHED)

    def same_request(self, *, owner, kind: str, parameters: dict):
        return self.filter(owner=owner, kind=kind, parameters=parameters_key(parameters))


class Job(models.Model):
    """One request for long work. Never two unfinished jobs for the same request of one user."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="jobs",
        verbose_name="diminta oleh",
        help_text="Hanya dia (dan BKPSDM) yang melihat pekerjaan ini dan berkasnya.",
    )
    kind = models.CharField(
        "jenis",
        max_length=registry.MAX_KIND,
        help_text="Didaftarkan oleh aplikasi pemilik pekerjaannya (jobs.registry).",
    )
    parameters = models.CharField(
        "parameter", max_length=500, help_text="Permintaan dalam JSON, mis. periode yang diminta."
    )
    title = models.CharField("judul", max_length=300)
    status = models.CharField(
        "status", max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    done = models.PositiveIntegerField("selesai", default=0)
    total = models.PositiveIntegerField("jumlah", default=0)
    message = models.CharField("keterangan", max_length=300, blank=True)
    file_path = models.CharField("berkas", max_length=500, blank=True)
    file_name = models.CharField("nama berkas unduhan", max_length=200, blank=True)
    link = models.CharField(
        "hasil", max_length=300, blank=True, help_text="Halaman hasil pekerjaan tanpa berkas."
    )
    error = models.TextField("kesalahan", blank=True)
    attempts = models.PositiveSmallIntegerField("percobaan", default=0)
    created_at = models.DateTimeField("diminta", auto_now_add=True)
    started_at = models.DateTimeField("mulai", null=True, blank=True)
    heartbeat_at = models.DateTimeField(
        "kabar terakhir",
        null=True,
        blank=True,
        help_text="Diperbarui saat pekerjaan melaporkan kemajuan; lama tanpa kabar berarti macet.",
    )
    finished_at = models.DateTimeField("selesai pada", null=True, blank=True)
    expires_at = models.DateTimeField("berkas dihapus pada", null=True, blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        verbose_name = "pekerjaan latar belakang"
        verbose_name_plural = "pekerjaan latar belakang"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "kind", "parameters"],
                condition=Q(status__in=["queued", "running"]),
                name="job_one_unfinished_per_request",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["queued", "running", "done", "failed"]),
                name="job_status_valid",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def kind_label(self) -> str:
        return registry.label_of(self.kind)

    @property
    def params(self) -> dict:
        return json.loads(self.parameters)

    @property
    def is_finished(self) -> bool:
        return self.status not in UNFINISHED

    @property
    def percent(self) -> int:
        """How far along, 0-100 (100 once done; a queued job is at 0)."""
        if self.status == JobStatus.DONE:
            return 100
        return min(100, 100 * self.done // self.total) if self.total else 0

    @property
    def has_file(self) -> bool:
        return self.status == JobStatus.DONE and bool(self.file_path)
