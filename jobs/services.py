"""Starting and retrying background jobs, and their files (the worker's side: jobs/running.py)."""

from pathlib import Path

from django.db import IntegrityError, transaction
from django.utils import timezone

from common import replica
from jobs import registry
from jobs.files import Refused, export_folder
from jobs.models import Job, JobStatus, parameters_key
from jobs.running import jobs_reap_stalled
from jobs.tasks import run_job


def _enqueue(job: Job) -> None:
    """Queue the job's task; an export's with the primary's log position of this moment, so that
    it reads the replica only once that has everything the user had done (common/replica.py)."""
    lsn = replica.primary_lsn() if registry.reads_replica(job.kind) else ""
    if lsn:
        run_job.enqueue(job.pk, lsn)
    else:
        run_job.enqueue(job.pk)


@transaction.atomic
def job_start(*, owner, kind: str, parameters: dict, title: str) -> tuple[Job, bool]:
    """Queue the work, or return the unfinished job of the same request (False: not new).

    The database holds the rule (job_one_unfinished_per_request): of two identical requests at
    the same moment one creates the job, the other is handed that job.
    """
    if not registry.is_registered(kind):  # a programming error, not a user's
        raise ValueError(f"No app registered the job kind {kind!r} (jobs.registry.register)")
    same = Job.objects.unfinished().same_request(owner=owner, kind=kind, parameters=parameters)
    jobs_reap_stalled(same)  # a job whose worker died must not block its request for ever
    existing = same.first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            job = Job.objects.create(
                owner=owner, kind=kind, parameters=parameters_key(parameters), title=title
            )
    except IntegrityError:
        return same.get(), False
    _enqueue(job)  # the task row commits with the job (database backend)
    return job, True


@transaction.atomic
def job_retry(*, job: Job) -> tuple[Job, bool]:
    """Run a failed job again (False when the same request is already running: that job)."""
    if job.status != JobStatus.FAILED:
        raise Refused("Hanya pekerjaan yang gagal yang dapat diulang.")
    running = (
        Job.objects.unfinished()
        .filter(owner=job.owner_id, kind=job.kind, parameters=job.parameters)
        .first()
    )
    if running is not None:
        return running, False
    job.status, job.error, job.done, job.message = JobStatus.QUEUED, "", 0, ""
    job.started_at = job.finished_at = job.expires_at = None
    job.save()
    _enqueue(job)
    return job, True


def file_of(job: Job) -> Path | None:
    """The job's file on disk, or None when it is gone (expired, purged, never written)."""
    if not job.has_file or (job.expires_at and job.expires_at <= timezone.now()):
        return None
    path = export_folder() / Path(job.file_path).name
    return path if path.is_file() else None
