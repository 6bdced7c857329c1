"""Daily background work: the reminders, the digest and the check-in partitions ahead, each at
its configured local time.

Each task, once run, enqueues its next run for the next day, so one `schedule_daily_tasks` (run
by `make run` and once per release) keeps them going; it enqueues nothing already queued.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from attendance.partitions import partitions_ensure
from attendance.reminders import reminders_send
from inbox.digest import digest_send


def next_run(at: str, now: datetime | None = None) -> datetime:
    """The next moment (aware) at local time `at` ("HH:MM") after `now`."""
    now = timezone.localtime(now)
    hours, minutes = (int(x) for x in at.split(":"))
    moment = now.replace(hour=hours, minute=minutes, second=0, microsecond=0)
    if moment <= now:
        moment += timedelta(days=1)
    return moment


def _again(daily_task, at: str) -> None:
    if daily_task.get_backend().supports_defer:
        daily_task.using(run_after=next_run(at)).enqueue()


@task()
def send_reminders_daily() -> dict:
    result = reminders_send()
    _again(send_reminders_daily, settings.WFA_REMINDER_TIME)
    return {"check_in": result.check_in, "review": result.review}


@task()
def send_digest_daily() -> dict:
    result = digest_send()
    _again(send_digest_daily, settings.WFA_DIGEST_TIME)
    return {"sent": result.sent}


@task()
def check_in_partitions_daily() -> list[str]:
    """This month's and the next months' check-in partitions (PostgreSQL; nothing on SQLite)."""
    try:
        made = partitions_ensure(
            today=timezone.localdate(), months_ahead=settings.WFA_CHECK_IN_PARTITION_MONTHS
        )
    finally:  # a run that failed must not end the daily runs
        _again(check_in_partitions_daily, settings.WFA_CHECK_IN_PARTITION_TIME)
    return [p.name for p in made]


def schedule_daily() -> list[str]:
    """Enqueue each daily task for its next run unless one is already waiting; names queued."""
    from django_tasks_db.models import DBTaskResult

    queued = []
    for daily_task, at in (
        (send_reminders_daily, settings.WFA_REMINDER_TIME),
        (send_digest_daily, settings.WFA_DIGEST_TIME),
        (check_in_partitions_daily, settings.WFA_CHECK_IN_PARTITION_TIME),
    ):
        if not daily_task.get_backend().supports_defer:
            continue
        waiting = DBTaskResult.objects.filter(task_path=daily_task.module_path, status="READY")
        if not waiting.exists():
            daily_task.using(run_after=next_run(at)).enqueue()
            queued.append(f"{daily_task.name} pukul {at}")
    return queued
