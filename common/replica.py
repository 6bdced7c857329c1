"""Where a piece of work reads from when a streaming replica is configured: the state shared by
the router (wfa_portal/db_router.py, which decides per query) and background jobs (jobs/running.py,
which decide per job). Without WFA_DB_REPLICA_URL nothing here changes anything: every read is the
primary's, on SQLite too.

A request or a job sets a `Route`; the router reads it. A job may read from the replica only when
the replica has replayed everything the primary had when the job was queued (`primary_lsn` at
enqueue, `job_reads` at run): the export a user asked for right after their own change never
misses it. A replica still behind after a short wait, or unreachable, leaves the job on the primary.
"""

import time
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

REPLICA = "replica"
ROUTER = "wfa_portal.db_router.PrimaryReplicaRouter"
# How often a job that waits for the replica asks again how far it has replayed.
POLL_SECONDS = 0.1


@dataclass
class Route:
    replica: bool  # this request or job may read from the replica
    wrote: bool = False  # ...until it writes


route: ContextVar[Route | None] = ContextVar("wfa_db_route", default=None)


def routing() -> bool:
    """A replica is configured (its router is on) and the primary is PostgreSQL."""
    return ROUTER in settings.DATABASE_ROUTERS and connections[DEFAULT_DB_ALIAS].vendor == (
        "postgresql"
    )


def primary_lsn() -> str:
    """Where the primary's write-ahead log is now, to queue with a job; "" without a replica.

    The insert position, not pg_current_wal_lsn() (the write position): with asynchronous commit
    a transaction that has returned may not be written yet, and the insert position is past it
    either way. Between pages it is past the page header, beyond what a replica that has
    replayed everything reports: a quiet primary then leaves a job on the primary (safe), any
    later write moves the replica past it."""
    if not routing():
        return ""
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_insert_lsn()::text")
        return cursor.fetchone()[0]


def replayed(lsn: str) -> bool:
    """The replica has replayed the primary's log up to `lsn` (False when it cannot say: not a
    replica, unreachable)."""
    replica = connections[REPLICA]
    try:
        with replica.cursor() as cursor:
            cursor.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [lsn])
            row = cursor.fetchone()
    except DatabaseError:
        replica.close()  # the next job connects afresh
        return False
    return bool(row and row[0])


def replica_ready(lsn: str, wait_seconds: float | None = None) -> bool:
    """Whether a job queued at `lsn` may read from the replica: it has replayed that far, now
    or within `wait_seconds` (settings.WFA_DB_REPLICA_JOB_WAIT_SECONDS)."""
    if not lsn or not routing():
        return False
    if wait_seconds is None:
        wait_seconds = settings.WFA_DB_REPLICA_JOB_WAIT_SECONDS
    deadline = time.monotonic() + wait_seconds
    while not replayed(lsn):
        if time.monotonic() >= deadline:
            return False
        time.sleep(POLL_SECONDS)
    return True


@contextmanager
def job_reads(lsn: str, wait_seconds: float | None = None):
    """The job's reads go to the replica when `replica_ready(lsn)`, else to the primary; as in a
    request, once the job writes, its later reads go to the primary. Yields where it reads."""
    ready = replica_ready(lsn, wait_seconds)
    token = route.set(Route(replica=ready))
    try:
        yield REPLICA if ready else DEFAULT_DB_ALIAS
    finally:
        route.reset(token)


@contextmanager
def unrouted():
    """Bookkeeping writes (a job's progress) that say nothing about what the work reads next:
    they do not turn the work's reads to the primary."""
    token = route.set(None)
    try:
        yield
    finally:
        route.reset(token)
