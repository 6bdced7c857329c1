"""A job whose worker died is failed after WFA_JOB_STALL_MINUTES without news, and no longer blocks
its request; progress reported from inside the work's own transaction is seen at once."""

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.db import connections, transaction
from django.utils import timezone

from jobs.models import Job, JobStatus, parameters_key
from jobs.running import STALLED, Progress, jobs_purge, jobs_reap_stalled
from jobs.services import job_start
from reports.documents.exports import CITY_PDF, CITY_WORKBOOK

NOW = timezone.make_aware(timezone.datetime(2026, 3, 16, 9, 0))


def running(owner, *, quiet_minutes: int, kind=CITY_WORKBOOK) -> Job:
    heard = NOW - timedelta(minutes=quiet_minutes)
    return Job.objects.create(
        owner=owner,
        kind=kind,
        parameters=parameters_key({"window": "lebaran-2025"}),
        title="Rekap",
        status=JobStatus.RUNNING,
        started_at=heard,
        heartbeat_at=heard,
        done=3,
        total=10,
    )


@time_machine.travel(NOW, tick=False)
def test_a_job_quiet_past_the_limit_is_failed_and_can_be_retried(login, bkpsdm):
    assert settings.WFA_JOB_STALL_MINUTES == 15  # the default
    quiet = running(bkpsdm, quiet_minutes=16)
    busy = running(bkpsdm, quiet_minutes=14, kind=CITY_PDF)
    assert jobs_purge() == 0  # nothing expired; the stalled one is marked failed on the way
    quiet.refresh_from_db()
    busy.refresh_from_db()
    assert (quiet.status, quiet.error, quiet.finished_at) == (JobStatus.FAILED, STALLED, NOW)
    assert busy.status == JobStatus.RUNNING
    page = login(bkpsdm).get(f"/unduhan/{quiet.pk}/").content.decode()
    assert "Pekerjaan terhenti" in page and "Coba lagi" in page


@time_machine.travel(NOW, tick=False)
def test_a_stalled_job_no_longer_blocks_the_same_request(bkpsdm, window):
    stalled = running(bkpsdm, quiet_minutes=60)
    job, new = job_start(
        owner=bkpsdm, kind=CITY_WORKBOOK, parameters={"window": "lebaran-2025"}, title="R"
    )
    assert new and job.pk != stalled.pk
    stalled.refresh_from_db()
    assert stalled.status == JobStatus.FAILED
    assert jobs_reap_stalled() == 0  # the new one has just been heard from


@pytest.mark.postgres
@pytest.mark.skipif(
    "postgresql" not in settings.DATABASES["default"]["ENGINE"],
    reason="a second connection beside an open transaction needs PostgreSQL",
)
@pytest.mark.django_db(transaction=True)
def test_progress_from_inside_a_transaction_is_seen_by_others_at_once(bkpsdm):
    job = Job.objects.create(
        owner=bkpsdm, kind=CITY_PDF, parameters="{}", title="R", status=JobStatus.RUNNING
    )
    progress = Progress(job)
    other = connections.create_connection("default")
    try:
        with transaction.atomic():
            progress(4, 9, "OPD 4 dari 9")
            with other.cursor() as cursor:  # another request polling the bar
                cursor.execute("SELECT done, total, message FROM jobs_job WHERE id = %s", [job.pk])
                assert cursor.fetchone() == (4, 9, "OPD 4 dari 9")
    finally:
        progress.close()
        other.close()
