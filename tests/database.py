"""The PostgreSQL test databases: migrated once into a template, then cloned per xdist worker.

Every pytest-xdist worker used to create its database and run the hundred migrations itself, both
at once on two cores: 20 s of the run's start at load 3, in which the workers ran no test. Now the
first worker migrates a template database (`test_<name>_tpl_<digest>`, under a file lock) and
every worker clones it with CREATE DATABASE ... TEMPLATE (well under a second). The digest covers
every migration file and the project modules they import, so the template is rebuilt whenever the
migrations change; until then later runs clone it at once. `--create-db` rebuilds it once per run.

The test databases also commit without waiting for the disk (synchronous_commit = off): a
commit's fsync cost 4 ms here (0.4 ms without), paid by every migration, every commit of a
transactional test (the races, the servers in subprocesses) and every flush after one. That only
matters if the server crashes, which no test does: what a commit makes visible, and when, is the
same.
"""

import ast
import fcntl
import hashlib
import importlib.util
import re
import sys
import tempfile
import uuid
from pathlib import Path

from django.conf import settings
from django.db.backends.postgresql.creation import DatabaseCreation
from django.db.migrations.loader import MigrationLoader

_PROJECT = Path(settings.BASE_DIR).resolve()
_TUNING = ["synchronous_commit = off"]

# Set by `use_templates` from pytest's options: this run's id (shared by its xdist workers) and
# whether --create-db asked for new databases.
_run = {"id": uuid.uuid4().hex, "create": False}


def use_templates(run_id: str | None, create: bool) -> None:
    """Create PostgreSQL test databases from a migrated template (called in pytest_configure)."""
    _run.update(id=run_id or _run["id"], create=create)
    DatabaseCreation.create_test_db = _create_test_db


_original_create_test_db = DatabaseCreation.create_test_db


def _create_test_db(self, verbosity=1, autoclobber=False, serialize=True, keepdb=False):
    name = self._get_test_db_name()
    if keepdb:  # --reuse-db: the worker's own database, migrated in place as before
        with self._nodb_cursor() as cursor:
            if not self._database_exists(cursor, name):
                cursor.execute(f"CREATE DATABASE {_quote(name)}")
            _tune(cursor, name)
        return _original_create_test_db(self, verbosity, autoclobber, serialize, keepdb=True)

    template = _template_name(name)
    with _locked(template), self._nodb_cursor() as cursor:
        if _needs_building(cursor, template):
            _build(self, cursor, template, verbosity)
        _disconnect(cursor, template)
        _drop(self, cursor, name)
        if verbosity >= 1:
            self.log(f"Cloning test database {name} from {template}...")
        cursor.execute(f"CREATE DATABASE {_quote(name)} TEMPLATE {_quote(template)}")
        _tune(cursor, name)

    self.connection.close()
    settings.DATABASES[self.connection.alias]["NAME"] = name
    self.connection.settings_dict["NAME"] = name
    if serialize:
        self.connection._test_serialized_contents = self.serialize_db_to_string()
    self.connection.ensure_connection()
    return name


def _build(self, cursor, template: str, verbosity: int) -> None:
    """Migrate a new database and rename it to `template` once it is whole (a run killed while
    migrating leaves `<template>_new` behind, never a half-built template)."""
    prefix = re.sub(r"_[0-9a-f]+$", "_", template)
    cursor.execute(
        "SELECT datname FROM pg_database WHERE starts_with(datname, %s) AND datname <> %s",
        [prefix, template],
    )
    for (stale,) in cursor.fetchall():  # earlier migrations' templates
        _drop(self, cursor, stale)
    _drop(self, cursor, template)
    building = f"{template}_new"
    _drop(self, cursor, building)
    cursor.execute(f"CREATE DATABASE {_quote(building)}")
    _tune(cursor, building)

    test_settings = self.connection.settings_dict["TEST"]
    old_name, old_test_name = self.connection.settings_dict["NAME"], test_settings["NAME"]
    test_settings["NAME"] = building
    try:
        _original_create_test_db(self, verbosity, serialize=False, keepdb=True)
    finally:
        self.connection.close()
        test_settings["NAME"] = old_test_name
        self.connection.settings_dict["NAME"] = old_name
        settings.DATABASES[self.connection.alias]["NAME"] = old_name
    _disconnect(cursor, building)
    cursor.execute(f"ALTER DATABASE {_quote(building)} RENAME TO {_quote(template)}")
    cursor.execute(f"COMMENT ON DATABASE {_quote(template)} IS %s", [_run["id"]])


def _needs_building(cursor, template: str) -> bool:
    cursor.execute(
        "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
        [template],
    )
    row = cursor.fetchone()
    if row is None:
        return True
    return _run["create"] and row[0] != _run["id"]  # --create-db: once per run, not per worker


def _tune(cursor, name: str) -> None:
    for setting in _TUNING:
        cursor.execute(f"ALTER DATABASE {_quote(name)} SET {setting}")


def _disconnect(cursor, name: str) -> None:
    """CREATE DATABASE ... TEMPLATE and RENAME need the database without sessions; behind
    PgBouncer its pool keeps server connections to it open after the clients are gone."""
    cursor.execute(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
        " WHERE datname = %s AND pid <> pg_backend_pid()",
        [name],
    )


def _drop(self, cursor, name: str) -> None:
    if self._database_exists(cursor, name):
        _disconnect(cursor, name)
        cursor.execute(f"DROP DATABASE {_quote(name)}")


def _quote(name: str) -> str:
    return '"{}"'.format(name.replace('"', '""'))


def _template_name(test_name: str) -> str:
    base = re.sub(r"_gw\d+$", "", test_name)
    return f"{base[:40]}_tpl_{_migrations_digest()[:12]}"


def _migrations_digest() -> str:
    """Every migration file (ours and the installed apps'), and the project modules they import
    (a data migration may call common.text, say), in a stable order."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    files = {
        Path(sys.modules[migration.__module__].__file__).resolve()
        for migration in loader.disk_migrations.values()
    }
    files |= _project_imports(files)
    digest = hashlib.sha256()
    for path in sorted(files):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _project_imports(files: set[Path]) -> set[Path]:
    """The project's own modules imported by `files`, and by those in turn."""
    found: set[Path] = set()
    todo = list(files)
    while todo:
        tree = ast.parse(todo.pop().read_bytes())
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            else:
                continue
            for name in names:
                path = _project_file(name)
                if path and path not in found and path not in files:
                    found.add(path)
                    todo.append(path)
    return found


def _project_file(module: str) -> Path | None:
    if not (_PROJECT / module.partition(".")[0] / "__init__.py").exists():
        return None  # Django's, the standard library's, an installed package's
    try:
        spec = importlib.util.find_spec(module)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.origin or not spec.origin.endswith(".py"):
        return None
    return Path(spec.origin).resolve()


class _locked:
    """One worker at a time builds the template or clones it (CREATE DATABASE ... TEMPLATE
    refuses a template another session is copying from or connected to)."""

    def __init__(self, template: str):
        self.path = Path(tempfile.gettempdir()) / f"wfa-{template}.lock"

    def __enter__(self):
        self.file = open(self.path, "w")  # noqa: SIM115 - held until __exit__
        fcntl.flock(self.file, fcntl.LOCK_EX)

    def __exit__(self, *exc):
        fcntl.flock(self.file, fcntl.LOCK_UN)
        self.file.close()
