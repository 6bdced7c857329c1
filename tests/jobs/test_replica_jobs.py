"""Exports run as background jobs read from the replica only when it has replayed everything the
primary had when the job was queued, else from the primary (common/replica.py): the user who asked
right after a change never gets a file without it. Without a replica nothing changes.

Without the stack a "replica" alias on a second connection to the test database is a replica
that never catches up (tests/attendance/test_replica_reads.py); the stack's real replica, its
replay paused, is in the test marked `stack` at the end."""

import re
import time

import pytest
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from django_tasks import default_task_backend

from common import replica
from jobs import registry
from jobs.models import Job, JobStatus
from jobs.running import Progress, job_run
from jobs.services import job_start
from opd.models import Opd
from reports.documents.exports import CITY_PDF, CITY_WORKBOOK, PLAN_PDF, WEEK_PDF
from schedules.jobs import CITY_PROPOSAL, PROPOSAL_APPLY
from staff_import.confirmation import STAFF_IMPORT
from tests.attendance.test_replica_reads import (  # noqa: F401 (fixtures)
    _remove_replica,
    _route_through,
    lagging_replica,
    paused_replica,
)

KIND = "uji-baca-replika"  # a test export: reads one OPD's name, writes no row
postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="log positions are PostgreSQL's"
)


def _read_name(job, progress):
    progress(1, 2)  # bookkeeping: must not move the export's reads to the primary
    name = Opd.objects.get(code="dinkes").name
    return registry.Output(message=name)


@pytest.fixture
def test_export():
    registry.register(KIND, _read_name, label="Uji", reads_replica=True)
    yield KIND
    registry._KINDS.pop(KIND)


def _run(owner, lsn: str) -> Job:
    job = Job.objects.create(owner=owner, kind=KIND, parameters="{}", title="Uji")
    job_run(job.pk, registry.runner_for, lsn=lsn)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.error
    return job


def test_the_exports_read_the_replica_and_the_writing_jobs_do_not():
    for kind in (CITY_WORKBOOK, CITY_PDF, PLAN_PDF, WEEK_PDF):
        assert registry.reads_replica(kind), kind
    for kind in (CITY_PROPOSAL, PROPOSAL_APPLY, STAFF_IMPORT):
        assert not registry.reads_replica(kind), kind


def test_without_a_replica_a_job_reads_the_primary_as_before(db, opd_a, bkpsdm, test_export):
    assert replica.primary_lsn() == ""
    with replica.job_reads("") as alias:
        assert alias == "default"
    assert _run(bkpsdm, "").message == "Dinas Kesehatan"


@postgres_only
@pytest.mark.usefixtures("lagging_replica")
def test_an_export_is_queued_with_the_primarys_log_position(bkpsdm, window, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    default_task_backend.clear()
    job, _new = job_start(owner=bkpsdm, kind=CITY_PDF, parameters={"w": 1}, title="Ringkasan")
    (queued,) = default_task_backend.results
    assert queued.args[0] == job.pk
    assert re.fullmatch(r"[0-9A-F]+/[0-9A-F]+", queued.args[1])
    other, _new = job_start(owner=bkpsdm, kind=CITY_PROPOSAL, parameters={"w": 1}, title="Usul")
    assert default_task_backend.results[-1].args == [other.pk]  # a writing job: no position
    default_task_backend.clear()


@postgres_only
@pytest.mark.usefixtures("lagging_replica")
def test_a_replica_behind_the_queued_position_leaves_the_job_on_the_primary(
    opd_a, bkpsdm, test_export, settings
):
    """The lagging "replica" has none of the test's rows: a job that read it would fail."""
    settings.WFA_DB_REPLICA_JOB_WAIT_SECONDS = 0.2
    lsn = replica.primary_lsn()
    assert not replica.replica_ready(lsn)
    assert _run(bkpsdm, lsn).message == "Dinas Kesehatan"


@postgres_only
def test_an_unreachable_replica_leaves_the_job_on_the_primary(
    db, opd_a, bkpsdm, test_export, settings
):
    _route_through(settings, dict(connections["default"].settings_dict) | {"PORT": "1"})
    try:
        settings.WFA_DB_REPLICA_JOB_WAIT_SECONDS = 0
        assert _run(bkpsdm, replica.primary_lsn()).message == "Dinas Kesehatan"
    finally:
        _remove_replica()


def test_a_jobs_progress_does_not_move_its_reads_to_the_primary(db, bkpsdm, settings):
    from wfa_portal.db_router import PrimaryReplicaRouter

    settings.DATABASE_ROUTERS = [replica.ROUTER]
    router = PrimaryReplicaRouter()
    job = Job.objects.create(owner=bkpsdm, kind=CITY_PDF, parameters="{}", title="R")
    token = replica.route.set(replica.Route(replica=True))
    try:
        Progress(job)(1, 2)
        assert router.db_for_read(Opd) == "replica"
        Opd.objects.filter(code="tidak-ada").update(name="x")  # the work's own write
        assert router.db_for_read(Opd) == "default"
    finally:
        replica.route.reset(token)


# ---- the stack's real replica (deploy/stack.sh), its replay paused ---------------------------


def _replica_value(sql: str):
    with connections[replica.REPLICA].cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchone()[0]


def _until(check, what: str):
    for _ in range(100):
        if check():
            return
        time.sleep(0.1)
    raise AssertionError(f"{what}: not within 10 s")


@pytest.mark.stack
def test_a_job_queued_after_a_write_sees_it_while_replay_is_paused(
    transactional_db, request, opd_a, bkpsdm, test_export, settings
):
    pause = request.getfixturevalue("paused_replica")
    settings.WFA_DB_REPLICA_JOB_WAIT_SECONDS = 0.5
    name = "SELECT name FROM opd_opd WHERE code = 'dinkes'"
    _until(lambda: _replica_value(name) == "Dinas Kesehatan", "the replica has the OPD")
    pause(True)
    paused = "SELECT pg_get_wal_replay_pause_state()"
    _until(lambda: _replica_value(paused) == "paused", "replay paused")
    before = _replica_value("SELECT pg_last_wal_replay_lsn()::text")  # all the replica has
    Opd.objects.filter(pk=opd_a.pk).update(name="Dinas Kesehatan Kota")
    after = replica.primary_lsn()  # a job queued after the write
    on_replica = connections[replica.REPLICA]
    # Queued after the write: the paused replica has not replayed it, the job reads the primary.
    with CaptureQueriesContext(on_replica) as reads:
        assert _run(bkpsdm, after).message == "Dinas Kesehatan Kota"
    assert not any("dinkes" in q["sql"] for q in reads.captured_queries)
    # Queued before it: the replica has all of that, and the job reads it there (old name).
    with CaptureQueriesContext(on_replica) as reads:
        assert _run(bkpsdm, before).message == "Dinas Kesehatan"
    assert any("dinkes" in q["sql"] for q in reads.captured_queries)
    # Replay resumed (and the log moved on, as on any busy primary): the job queued after the
    # write reads the replica, with the write.
    pause(False)

    def replayed():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_logical_emit_message(false, 'wfa-test', 'x')")
        return replica.replayed(after)

    _until(replayed, "the replica replays the write")
    with CaptureQueriesContext(on_replica) as reads:
        assert _run(bkpsdm, after).message == "Dinas Kesehatan Kota"
    assert any("dinkes" in q["sql"] for q in reads.captured_queries)
