"""The one task of the jobs app: run a Job with the runner registered for its kind."""

from django_tasks import task

from jobs import registry, running


@task()
def run_job(job_id: int, lsn: str = "") -> None:
    """`lsn`: the primary's log position when an export was queued (jobs.services._enqueue)."""
    running.job_run(job_id, registry.runner_for, lsn=lsn)


@task()
def purge_jobs() -> int:
    return running.jobs_purge()
