"""The replica router (wfa_portal/db_router.py): dashboards, exports and API reads from the
replica; writes, and a user's reads right after their own write, from the primary.

A lagging replica without the stack: on PostgreSQL a second connection to the test database
cannot see the test's uncommitted transaction, so a "replica" alias on its own connection has
none of what the test wrote: a replica lagging behind everything. The stack's real replica,
with its replay paused, is in `test_a_paused_replica_never_hides_a_users_own_write` (marker
`stack`, run with WFA_TEST_REPLICA_URL, docs/scaling.md)."""

import os
import subprocess
import sys
from datetime import timedelta

import psycopg
import pytest
from django.conf import settings as django_settings
from django.db import connection, connections, transaction
from django.test.utils import CaptureQueriesContext

from attendance.models import DailyReport, ReportStatus
from tests.attendance.conftest import make_report
from wfa_portal import db_router

OPD_A = "/pantauan/opd/dinkes/"
ROUTER = "wfa_portal.db_router.PrimaryReplicaRouter"
MIDDLEWARE = "wfa_portal.db_router.ReplicaMiddleware"
postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="a second connection is a lagging replica on PG"
)


def _route_through(settings, replica_settings):
    """Add the "replica" alias, the router and the middleware, as WFA_DB_REPLICA_URL would.

    The alias is a connection made for the test and not listed in the settings' databases, the
    way Django's test case allows a connection it did not set up."""
    connections.settings[db_router.REPLICA] = replica_settings
    replica = connections.create_connection(db_router.REPLICA)
    del connections.settings[db_router.REPLICA]
    setattr(connections._connections, db_router.REPLICA, replica)
    settings.DATABASE_ROUTERS = [ROUTER]
    middleware = list(settings.MIDDLEWARE)
    middleware.insert(middleware.index("readlog.middleware.ReadLogMiddleware") + 1, MIDDLEWARE)
    settings.MIDDLEWARE = middleware


def _remove_replica():
    connections[db_router.REPLICA].close()
    delattr(connections._connections, db_router.REPLICA)


@pytest.fixture
def lagging_replica(db, settings):
    _route_through(settings, dict(connections["default"].settings_dict))
    yield connections[db_router.REPLICA]
    _remove_replica()


@pytest.fixture
def waiting_report(today, employee_a):
    return make_report(employee_a, today)


def _accepted(page) -> str:
    """The monitor's count of accepted reports in Puskesmas Makrayu's row (its last cell)."""
    text = page.content.decode()
    start = text.index("Puskesmas Makrayu")
    row = text[start : text.index("</tr>", start)]
    return row.split("</td>")[-2].split(">")[-1]


@postgres_only
def test_a_dashboard_after_the_users_own_write_reads_the_primary(
    login, head_a, waiting_report, lagging_replica
):
    client = login(head_a)
    response = client.post(f"/laporan/{waiting_report.pk}/terima/")
    assert response.status_code == 302
    assert django_settings.WFA_DB_PIN_COOKIE in response.cookies
    with CaptureQueriesContext(lagging_replica) as on_replica:
        page = client.get(OPD_A)
    assert page.status_code == 200
    assert _accepted(page) == "1"  # the head's own acceptance, despite the lag
    assert len(on_replica) == 0


@postgres_only
def test_without_a_write_the_dashboard_reads_the_replica(
    login, head_a, waiting_report, lagging_replica
):
    """The proof that the replica above was really lagging: an unpinned read of the same page
    goes to it and finds nothing of the test's data (the OPD is not there yet: 404)."""
    with CaptureQueriesContext(lagging_replica) as on_replica:
        page = login(head_a).get(OPD_A)
    assert len(on_replica) > 0
    assert page.status_code == 404


@postgres_only
def test_the_pin_lasts_the_configured_seconds(
    login, head_a, waiting_report, lagging_replica, time_machine
):
    client = login(head_a)
    client.post(f"/laporan/{waiting_report.pk}/terima/")
    time_machine.shift(timedelta(seconds=django_settings.WFA_DB_REPLICA_PIN_SECONDS - 2))
    with CaptureQueriesContext(lagging_replica) as on_replica:
        assert client.get(OPD_A).status_code == 200
    assert len(on_replica) == 0
    time_machine.shift(timedelta(seconds=3))
    with CaptureQueriesContext(lagging_replica) as on_replica:
        client.get(OPD_A)
    assert len(on_replica) > 0


@postgres_only
def test_pages_that_are_not_dashboards_never_read_the_replica(
    login, employee_user, today, lagging_replica
):
    with CaptureQueriesContext(lagging_replica) as on_replica:
        assert login(employee_user).get("/presensi/").status_code == 200
    assert len(on_replica) == 0


@postgres_only
def test_a_post_to_a_dashboard_url_reads_the_primary(login, head_a, today, lagging_replica):
    with CaptureQueriesContext(lagging_replica) as on_replica:
        login(head_a).post(OPD_A)
    assert len(on_replica) == 0


@pytest.fixture
def replica_route():
    """A request allowed to read from the replica, as the middleware sets it for a dashboard."""
    route = db_router._Route(replica=True)
    token = db_router._route.set(route)
    yield route
    db_router._route.reset(token)


def test_within_a_request_every_read_after_a_write_goes_to_the_primary(db, replica_route):
    router = db_router.PrimaryReplicaRouter()
    assert router.db_for_read(DailyReport) == "replica"
    assert router.db_for_write(DailyReport) == "default"
    assert router.db_for_read(DailyReport) == "default"


def test_reads_inside_a_transaction_go_to_the_primary(transactional_db, replica_route):
    router = db_router.PrimaryReplicaRouter()
    with transaction.atomic():
        assert router.db_for_read(DailyReport) == "default"
    assert router.db_for_read(DailyReport) == "replica"


def test_outside_a_request_everything_goes_to_the_primary():
    """Background tasks, commands and the shell read from the primary."""
    router = db_router.PrimaryReplicaRouter()
    assert router.db_for_read(DailyReport) == "default"
    assert router.allow_migrate("replica", "attendance") is False
    assert router.allow_migrate("default", "attendance") is True


@pytest.mark.parametrize("value", ["bukan-angka", "9999999999"])
def test_a_pin_cookie_the_portal_did_not_write_pins_to_the_primary(rf, value):
    request = rf.get(OPD_A)
    request.COOKIES[django_settings.WFA_DB_PIN_COOKIE] = value
    assert db_router.pinned(request, now=1_000.0)


def _settings_with(**env):
    script = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        "replica = s.DATABASES.get('replica', {}).get('TEST', {}); "
        "print(json.dumps([sorted(s.DATABASES), replica.get('MIRROR'),"
        " s.DATABASE_ROUTERS, 'wfa_portal.db_router.ReplicaMiddleware' in s.MIDDLEWARE]))"
    )
    environ = {k: v for k, v in os.environ.items() if not k.startswith("WFA_DB_")}
    out = subprocess.run(
        [sys.executable, "-c", script],
        env=environ | {"DJANGO_SETTINGS_MODULE": "wfa_portal.settings"} | env,
        capture_output=True,
        text=True,
        check=True,
    )
    return out.stdout.strip().splitlines()[-1]


def test_without_a_replica_url_there_is_one_database_and_no_router():
    assert _settings_with() == '[["default"], null, [], false]'


def test_a_replica_url_adds_the_alias_the_router_and_the_middleware():
    assert _settings_with(WFA_DB_REPLICA_URL="postgres://postgres@127.0.0.1:5442/x") == (
        '[["default", "replica"], "default", ["wfa_portal.db_router.PrimaryReplicaRouter"], true]'
    )


# ---- the real replica of the stack (deploy/stack.sh), its replay paused ----------------------
REPLICA_URL = os.environ.get("WFA_TEST_REPLICA_URL", "")


@pytest.fixture
def paused_replica(transactional_db, settings):
    """The stack's streaming replica as the "replica" alias, on the test database; its replay
    paused by the test (pg_wal_replay_pause), resumed afterwards whatever happens."""
    if not REPLICA_URL or connection.vendor != "postgresql":
        pytest.skip("needs the stack's replica: WFA_TEST_REPLICA_URL=postgres://...:5442")
    import environ as django_environ

    replica = django_environ.Env.db_url_config(f"{REPLICA_URL.rstrip('/')}/x")
    replica = dict(connections["default"].settings_dict) | {
        "HOST": replica["HOST"],
        "PORT": replica["PORT"],
        "OPTIONS": {},
    }
    _route_through(settings, replica)
    _until_the_replica_has_the_test_database()
    conninfo = f"{REPLICA_URL.rstrip('/')}/{replica['NAME']}"
    control = psycopg.connect(conninfo, autocommit=True)

    def pause(paused: bool):
        control.execute(
            "SELECT pg_wal_replay_pause()" if paused else "SELECT pg_wal_replay_resume()"
        )

    try:
        yield pause
    finally:
        pause(False)
        control.close()
        _remove_replica()


def _until_the_replica_has_the_test_database():
    """The test database is a clone of a template made a moment ago (tests/database.py): wait
    until the replica has replayed its creation, read through the replica's own `postgres`
    database, before anything connects to it there."""
    import time

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_insert_lsn()")
        (target,) = cursor.fetchone()
    with psycopg.connect(f"{REPLICA_URL.rstrip('/')}/postgres", autocommit=True) as control:
        for _ in range(100):
            query = "SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn"
            if control.execute(query, [target]).fetchone()[0]:
                return
            time.sleep(0.1)
    raise AssertionError("the replica did not replay the test database's creation in 10 s")


def _wait_replayed(pause):
    """Until the replica has replayed everything the primary wrote so far."""
    import time

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()")
        (target,) = cursor.fetchone()
    replica = connections[db_router.REPLICA]
    for _ in range(100):
        with replica.cursor() as cursor:
            cursor.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [target])
            if cursor.fetchone()[0]:
                return
        time.sleep(0.1)
    raise AssertionError("the replica did not catch up in 10 s")


@pytest.mark.stack
def test_a_paused_replica_never_hides_a_users_own_write(
    client, head_a, waiting_report, paused_replica, django_user_model
):
    from django.test import Client

    _wait_replayed(paused_replica)
    paused_replica(True)
    client.force_login(head_a)
    assert client.post(f"/laporan/{waiting_report.pk}/terima/").status_code == 302
    assert DailyReport.objects.get().status == ReportStatus.ACCEPTED
    # The head, pinned: the primary, with the acceptance.
    assert _accepted(client.get(OPD_A)) == "1"
    # The same head in another browser, not pinned: the paused replica, without it.
    other = Client()
    other.force_login(head_a)
    assert _accepted(other.get(OPD_A)) == "0"
    paused_replica(False)
    _wait_replayed(paused_replica)
    assert _accepted(other.get(OPD_A)) == "1"
