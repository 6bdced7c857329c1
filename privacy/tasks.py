"""The daily purge, run by the task worker (`manage.py db_worker`, started by `make run`).

Each run applies the retention periods, then queues the next run for the following day at
WFA_PURGE_TIME (city time). `manage.py purge_personal_data --schedule` queues the first run;
queuing again while a run is waiting adds nothing, so it is safe at every start.
"""

from datetime import datetime, time, timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from privacy.retention import personal_data_purge


@task()
def purge_personal_data_daily() -> str:
    try:
        lines = personal_data_purge()
    finally:
        purge_schedule_next()  # a run that failed must not end the nightly purges
    return "; ".join(line.text(dry_run=False) for line in lines if line.count)


def next_run(now: datetime | None = None) -> datetime:
    """The next WFA_PURGE_TIME (HH:MM, city time) after `now`."""
    local = timezone.localtime(now or timezone.now())
    hour, minute = (int(part) for part in settings.WFA_PURGE_TIME.split(":"))
    moment = timezone.make_aware(datetime.combine(local.date(), time(hour, minute)))
    return moment if moment > local else moment + timedelta(days=1)


def purge_schedule_next(now: datetime | None = None) -> datetime | None:
    """Queue the next daily run unless one is already waiting; None when the backend cannot
    run tasks later (tests run them at once)."""
    if not purge_personal_data_daily.get_backend().supports_defer:
        return None
    waiting = _waiting_run() if _queued_in_database() else None
    if waiting is not None:
        return waiting
    when = next_run(now)
    purge_personal_data_daily.using(run_after=when).enqueue()
    return when


def _queued_in_database() -> bool:
    from django_tasks_db.backend import DatabaseBackend

    return isinstance(purge_personal_data_daily.get_backend(), DatabaseBackend)


def _waiting_run() -> datetime | None:
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    row = (
        DBTaskResult.objects.filter(
            task_path=purge_personal_data_daily.module_path, status=TaskResultStatus.READY
        )
        .order_by("run_after")
        .first()
    )
    return row.run_after if row else None
