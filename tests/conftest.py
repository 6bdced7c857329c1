"""Named personas, one per role, shared by every test (STYLE.md rule 8).

OPD A is Dinas Kesehatan with a puskesmas; OPD B is Dinas Perhubungan. The heads see only their own.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps as django_apps
from django.conf import settings as django_settings
from django.core.cache import cache
from django.db import connection, transaction

from opd.models import Role, ServiceCategory, UnitKind
from schedules.models import FlexWindow
from tests.factories import EmployeeFactory, OpdFactory, UnitFactory, UserFactory

PASSWORD = "rahasia-uji-123"

# The suite's "now" (see `_fixed_clock`): a working Wednesday morning in Palembang.
FIXED_NOW = datetime(2026, 11, 25, 10, 0, tzinfo=ZoneInfo("Asia/Jakarta"))


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """Tests marked `slow` (tens of seconds each: the printed city, the living demo, the plan's
    state machine, the longest journeys) run first, so that the long ones start at once rather
    than keeping one worker busy after the other is done.

    This runs after pytest-randomly's shuffle (when it is on) and before pytest-django's own
    ordering (both are tryfirst; a conftest's hook is called before an installed plugin's),
    whose stable sort then groups the database tests before the transactional ones."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)
    config.stash[_SHUFFLED] = {item.nodeid: n for n, item in enumerate(items)}


_SHUFFLED = pytest.StashKey[dict]()


class _AnyOrder:
    """In a random run (pytest-randomly; `-p no:randomly` turns it off), undo pytest-django's
    grouping too, so transactional tests (and their flush) fall anywhere among the others: the
    run proves that every test finds its reference data whatever ran before it. Slow tests
    still start first. The seed is printed in the header (`Using --randomly-seed=N`)."""

    @pytest.hookimpl(trylast=True)
    def pytest_collection_modifyitems(self, config, items):
        if not config.getoption("randomly_reorganize", False):
            return
        order = config.stash.get(_SHUFFLED, {})
        items.sort(key=lambda item: order.get(item.nodeid, len(order)))


def pytest_configure(config):
    if config.pluginmanager.hasplugin("randomly"):
        config.pluginmanager.register(_AnyOrder(), "wfa-any-order")
    if connection.vendor == "postgresql":
        from django.db.backends.postgresql.creation import DatabaseCreation

        from tests.database import use_templates

        worker = getattr(config, "workerinput", {})
        use_templates(worker.get("testrunuid"), config.getoption("create_db", False))
        if django_settings.WFA_DB_POOLER == "pgbouncer":
            DatabaseCreation._destroy_test_db = _drop_through_pgbouncer


def _drop_through_pgbouncer(self, test_database_name, verbosity):
    """Drop a test database behind PgBouncer (.ci/run's PostgreSQL runs): its pool keeps the
    server connections to the test database open after the run's clients are gone (until
    server_idle_timeout), so a plain DROP DATABASE, here or when --create-db replaces a database
    left behind, fails with "is being accessed by other users". WITH (FORCE) (PostgreSQL 13+)
    ends those idle server connections first; PgBouncer drops them from its pool."""
    self.connection.close_pool()
    with self._nodb_cursor() as cursor:
        name = self.connection.ops.quote_name(test_database_name)
        cursor.execute(f"DROP DATABASE {name} WITH (FORCE)")


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """PBKDF2's deliberate slowness is for attackers, not for a test suite of many personas."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _no_login_lockouts(request, settings):
    """Login lockouts (django-axes) stay off except in tests marked `lockout`, which test them.

    The test client's login() calls authenticate() without a request, which axes refuses.
    """
    settings.AXES_ENABLED = request.node.get_closest_marker("lockout") is not None


@pytest.fixture(autouse=True)
def _second_factor_off(request, settings):
    """BKPSDM must confirm each sign-in with a TOTP code (signin); the personas sign in with
    force_login, so it is off except in tests marked `two_factor` (tests/signin/)."""
    settings.WFA_2FA_REQUIRED = bool(request.node.get_closest_marker("two_factor"))


@pytest.fixture(autouse=True)
def _fixed_clock(request, time_machine):
    """Every test runs at FIXED_NOW (Wednesday 25 November 2026, 10:00 WIB) unless it sets its own.

    On the real clock a test's "today" depended on when it ran: `timezone.localdate()` turns over
    at 17:00 UTC (midnight in WIB), so a test that built today's window day and then asked a page
    about "today" could straddle midnight, and a run on a weekend or a holiday met no working day.
    The clock ticks on from FIXED_NOW (tick=True) so durations, timeouts and "a moment later" still
    behave.

    A test that needs another moment says so itself, and wins over this default:
    `@pytest.mark.time_machine(datetime(...), tick=False)` (this fixture then does nothing),
    `time_machine.move_to(...)` (moves this same traveller), or `with time_machine.travel(...)` /
    `@time_machine.travel(...)` (nest on top of it). Dates a test builds should come from the clock
    (`timezone.localdate()` inside the test or a fixture, never at import) or be written out.
    """
    if request.node.get_closest_marker("time_machine") is None:
        time_machine.move_to(FIXED_NOW, tick=True)


@pytest.fixture
def opd_a(db):
    return OpdFactory(code="dinkes", name="Dinas Kesehatan", short_name="Dinkes")


@pytest.fixture
def opd_b(db):
    return OpdFactory(code="dishub", name="Dinas Perhubungan", short_name="Dishub")


@pytest.fixture
def unit_a(opd_a):
    return UnitFactory(
        opd=opd_a,
        code="pkm-makrayu",
        name="Puskesmas Makrayu",
        kind=UnitKind.PUSKESMAS,
        service_category=ServiceCategory.HEALTH,
        latitude="-3.000032",
        longitude="104.744295",
        radius_m=100,
    )


@pytest.fixture
def unit_b(opd_b):
    return UnitFactory(
        opd=opd_b, code="dishub-lalin", name="Bidang Lalu Lintas", kind=UnitKind.BIDANG
    )


@pytest.fixture
def employee_a(unit_a):
    return EmployeeFactory(unit=unit_a, name="Siti Aminah, S.Kep.", position_name="Perawat")


@pytest.fixture
def employee_b(unit_b):
    return EmployeeFactory(unit=unit_b, name="Ahmad Fauzi, S.T.")


@pytest.fixture
def bkpsdm(db):
    return UserFactory(username="bkpsdm", role=Role.BKPSDM, first_name="Admin BKPSDM")


@pytest.fixture
def head_a(opd_a):
    return UserFactory(username="kepala-a", role=Role.HEAD, opd=opd_a, first_name="Kepala Dinkes")


@pytest.fixture
def head_b(opd_b):
    return UserFactory(username="kepala-b", role=Role.HEAD, opd=opd_b, first_name="Kepala Dishub")


@pytest.fixture
def mayor(db):
    return UserFactory(username="walikota", role=Role.MAYOR, first_name="Kantor Wali Kota")


@pytest.fixture
def employee_user(employee_a):
    return UserFactory(
        username="pegawai",
        role=Role.EMPLOYEE,
        employee=employee_a,
        first_name="Siti",
        last_name="Aminah",
    )


@pytest.fixture(scope="session", autouse=True)
def _flush_puts_back_reference_data(request, django_db_setup, django_db_blocker):
    """After a transactional test's flush the database is again as the migrations left it, so
    every test starts from the same reference data whatever ran before it on its worker
    (pytest-randomly's order, or tests an xdist worker took from the other's queue).

    Django's flush after a transactional test (browser tests, the row-lock races) empties every
    table (on PostgreSQL with DELETE, see `_deletes`), then sends post_migrate, whose handlers
    rebuild content types and permissions app by app (65 ms on SQLite, 0.50 s on PostgreSQL);
    the windows, rules and policy the data migrations seeded would be gone. Instead, every row
    the migrations left (content types, permissions, windows and their days, coverage rules, the
    policy: whatever a new data migration adds too) is read once here and inserted again with
    its ids after each flush, in one transaction (foreign keys are checked at its commit), so
    cached ContentType ids and the seeded windows' ids stay valid.
    """
    from django.core.management.commands import flush

    if not any(_uses_the_database(item) for item in request.session.items):
        # pytest-django made no test database (say, tests/test_clock.py run alone): there is
        # nothing to flush, and the connection would be the development database's.
        yield
        return
    with django_db_blocker.unblock():
        migrated = _migrated_rows()
        guarded = _tables_with_triggers()

    def put_back(verbosity, interactive, db, **kwargs):
        with transaction.atomic(using=db):
            for model, rows in migrated:
                model._base_manager.using(db).bulk_create([model(**row) for row in rows])
        cache.clear()  # the database cache's table is no model's: flush leaves the rate limits

    def sql_flush(style, connection, reset_sequences=True, allow_cascade=False):
        if connection.vendor != "postgresql" or reset_sequences:
            return original_sql_flush(style, connection, reset_sequences, allow_cascade)
        return _deletes(connection, guarded)

    original_sql_flush = flush.sql_flush
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(flush, "emit_post_migrate_signal", put_back)
        patch.setattr(flush, "sql_flush", sql_flush)
        yield


def _uses_the_database(item) -> bool:
    fixtures = getattr(item, "fixturenames", ())
    return item.get_closest_marker("django_db") is not None or bool(
        {"db", "transactional_db", "django_db_reset_sequences", "live_server"} & set(fixtures)
    )


def _migrated_rows() -> list[tuple[type, list[dict]]]:
    """Every row of the freshly migrated test database, per model (six tables today)."""
    found = []
    for model in django_apps.get_models(include_auto_created=True):
        if model._meta.proxy or not model._meta.managed:
            continue
        rows = list(model._base_manager.values())
        if rows:
            found.append((model, rows))
    return found


def _tables_with_triggers() -> set[str]:
    """PostgreSQL tables with a trigger of their own (the append-only read log refuses DELETE)."""
    if connection.vendor != "postgresql":
        return set()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT DISTINCT tgrelid::regclass::text FROM pg_trigger WHERE NOT tgisinternal"
        )
        return {name for (name,) in cursor.fetchall()}


def _deletes(connection, guarded: set[str]) -> list[str]:
    """Empty the tables with DELETE on PostgreSQL: 33 ms for the nearly empty tables of a test,
    where one TRUNCATE of them all takes 330 ms (it makes new files for every table). Foreign keys
    are checked at commit, when every table is empty; tables whose triggers refuse DELETE are
    truncated (a trigger on DELETE does not fire on TRUNCATE)."""
    tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
    quote = connection.ops.quote_name
    sql = ["SET CONSTRAINTS ALL DEFERRED"]
    sql += [f"DELETE FROM {quote(t)}" for t in sorted(tables) if t not in guarded]
    if truncated := sorted(set(tables) & guarded):
        sql.append(f"TRUNCATE {', '.join(map(quote, truncated))}")
    return sql


@pytest.fixture
def reference_data(db):
    """The windows, default coverage rules and policy the data migrations seed: in every test's
    database from the start (a transactional test's flush puts them back, see
    `_flush_puts_back_reference_data`); a test names this fixture to say it reads them."""


@pytest.fixture
def window(reference_data):
    """Lebaran 2025 as seeded by the data migration."""
    return FlexWindow.objects.get(slug="lebaran-2025")


@pytest.fixture
def login(client):
    """Log the test client in as a persona: `login(head_a)`."""

    def _login(user):
        client.force_login(user)
        return client

    return _login


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings):
    """Background tasks run in the test's own thread, so a test sees their effect."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _exports_in_tmp(settings, tmp_path):
    """Files of background jobs go to the test's own folder, never a shared one."""
    settings.WFA_EXPORT_DIR = tmp_path / "exports"


# Every full page (not htmx fragments) counts the user's unread notifications for the menu's
# "Notifikasi" button: query pins of pages add it by name.
BELL = 1

# A page that shows other people's data writes one read-log event with its rows: one statement on
# PostgreSQL (the event's INSERT feeding its rows' INSERT), two elsewhere.
READ_LOG = 1 if "postgresql" in django_settings.DATABASES["default"]["ENGINE"] else 2


def read_log_rows() -> list[tuple]:
    """(viewer username, kind, detail, employee id) of every read-log row, oldest first."""
    from readlog.models import ReadSubject

    rows = ReadSubject.objects.order_by("event_id", "employee_id")
    return list(
        rows.values_list("event__viewer_username", "event__kind", "event__detail", "employee_id")
    )


def with_history(obj, rows: int, field: str):
    """Save `obj` again until it has `rows` history rows, `field` changed each time (detail
    pages pin their queries for 1 and 20 rows)."""
    for n in range(rows - 1):
        setattr(obj, field, f"Catatan {n}")
        obj.save()
    return obj
