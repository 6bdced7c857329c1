"""The one task of the jobs app: run a Job with the runner registered for its kind."""

from django_tasks import task

from jobs import registry, services


@task()
def run_job(job_id: int) -> None:
    services.job_run(job_id, registry.runner_for)


@task()
def purge_jobs() -> int:
    return services.jobs_purge()
