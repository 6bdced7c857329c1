"""The worker's side of background jobs: claiming a queued job, running it with progress,
recording how it ended, failing the stalled ones and purging the expired ones with their files."""

import logging
import time
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import connection, connections
from django.db.models import F
from django.utils import timezone

from common import replica
from common.disk import DiskFault, quiet_collection
from jobs.files import Refused, export_folder
from jobs.models import Job, JobStatus

logger = logging.getLogger(__name__)
UNEXPECTED = (
    "Terjadi kesalahan tak terduga saat pekerjaan berjalan. Coba lagi; bila terulang, "
    "hubungi admin BKPSDM."
)


def job_claim(job_id: int) -> Job | None:
    """Mark a queued job running; None when it is not queued (another worker took it, or it is
    finished): the conditional update is what keeps a job from running twice."""
    now = timezone.now()
    claimed = Job.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, started_at=now, heartbeat_at=now
    )
    if not claimed:
        return None
    job = Job.objects.get(pk=job_id)
    Job.objects.filter(pk=job_id).update(attempts=job.attempts + 1)
    return job


class Progress:
    """`progress(done, total, message)` for a runner: saved at most every half second.

    Work that runs in one transaction (applying a city proposal, a staff import) reports from
    inside it; on PostgreSQL those reports go through a connection of their own, so the user's
    progress bar moves while the work's own transaction is still open.
    """

    INTERVAL = 0.5

    def __init__(self, job: Job):
        self.job_id = job.pk
        self.last = 0.0
        self._side = None
        self._depth = len(connection.atomic_blocks)  # transactions open before the work began

    def __call__(self, done: int, total: int, message: str = "") -> None:
        now = time.monotonic()
        if now - self.last < self.INTERVAL and done < total:
            return
        self.last = now
        fields = {"done": done, "total": total, "message": message[:300]}
        if len(connection.atomic_blocks) > self._depth and connection.vendor == "postgresql":
            self._report_beside(fields)
        else:
            with replica.unrouted():  # an export's reads stay on the replica after it
                Job.objects.filter(pk=self.job_id).update(heartbeat_at=timezone.now(), **fields)

    def _report_beside(self, fields: dict) -> None:
        if self._side is None:
            self._side = connections.create_connection("default")  # autocommit
        table = Job._meta.db_table
        with self._side.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET done = %s, total = %s, message = %s, heartbeat_at = %s "
                "WHERE id = %s",
                [fields["done"], fields["total"], fields["message"], timezone.now(), self.job_id],
            )

    def close(self) -> None:
        if self._side is not None:
            self._side.close()
            self._side = None


def job_run(job_id: int, runner_for, *, lsn: str = "") -> None:
    """Run the job with the runner of its kind and record how it ended.

    With `lsn` (an export queued while a replica is configured) the runner reads from the replica
    if it has replayed that far, within WFA_DB_REPLICA_JOB_WAIT_SECONDS, else from the primary.
    """
    job = job_claim(job_id)
    if job is None:
        return
    progress = Progress(job)
    try:
        # A file that failed half-way complains again as it is collected: not in the worker's log.
        with quiet_collection(), replica.job_reads(lsn):
            outcome = _outcome(job, runner_for, progress)
        _finish(job, **outcome)
    finally:
        progress.close()
    jobs_purge()


def _outcome(job: Job, runner_for, progress) -> dict:
    try:
        output = runner_for(job.kind)(job, progress)
    except (Refused, DiskFault) as refusal:  # a disk fault was logged where it happened
        return {"status": JobStatus.FAILED, "error": str(refusal)}
    except Exception:
        logger.exception("Job %s (%s) failed", job.pk, job.kind)
        return {"status": JobStatus.FAILED, "error": UNEXPECTED}
    return {
        "status": JobStatus.DONE,
        "file_path": output.file.name if output.file else "",
        "file_name": output.file_name,
        "link": output.link,
        "message": output.message or "Selesai.",
    }


def _finish(job: Job, *, status: str, **fields) -> None:
    now = timezone.now()
    if status == JobStatus.DONE:
        fields["done"] = F("total")  # the bar ends full even if the last report was skipped
    Job.objects.filter(pk=job.pk).update(
        status=status,
        finished_at=now,
        expires_at=now + timedelta(hours=settings.WFA_EXPORT_TTL_HOURS),
        **fields,
    )


STALLED = (
    "Pekerjaan terhenti: pekerja latar belakang berhenti sebelum selesai (mis. server dimulai "
    "ulang); hasilnya tidak disimpan. Klik “Coba lagi”."
)


def jobs_reap_stalled(jobs=None, *, now=None) -> int:
    """Mark running jobs without news for WFA_JOB_STALL_MINUTES as failed; return how many.

    Their worker died (the task library does not run a task again), so nothing will finish them:
    failed, they can be retried, and the same request can be asked for again.
    """
    now = now or timezone.now()
    quiet_since = now - timedelta(minutes=settings.WFA_JOB_STALL_MINUTES)
    jobs = Job.objects.all() if jobs is None else jobs
    return jobs.filter(status=JobStatus.RUNNING, heartbeat_at__lt=quiet_since).update(
        status=JobStatus.FAILED,
        error=STALLED,
        finished_at=now,
        expires_at=now + timedelta(hours=settings.WFA_EXPORT_TTL_HOURS),
    )


def jobs_purge(*, now=None) -> int:
    """Delete jobs whose time is up, with their files; return how many. Stalled jobs are marked
    failed on the way (jobs_reap_stalled). A job whose file cannot be removed (a read-only or
    unreachable folder) stays, so a later purge removes both; the fault is logged once a run."""
    now = now or timezone.now()
    jobs_reap_stalled(now=now)
    expired = list(Job.objects.filter(expires_at__lte=now).values_list("pk", "file_path"))
    gone, kept = [], None
    for pk, name in expired:
        try:
            if name:
                (export_folder() / Path(name).name).unlink(missing_ok=True)
        except OSError as error:
            kept = kept or error
            continue
        gone.append(pk)
    if kept is not None:
        logger.error(
            "Job files could not be removed (%d kept for later): %s", len(expired) - len(gone), kept
        )
    Job.objects.filter(pk__in=gone).delete()
    return len(gone)
