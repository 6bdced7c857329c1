"""On PostgreSQL the database itself keeps the read log append-only.

UPDATE is always refused; DELETE only inside a transaction that ran
`SET LOCAL wfa.read_log_purge = 'on'` (readlog.services.read_log_purge, the retention purge).
Statement-level triggers: one check per statement, not per row. SQLite has no such setting, so
there the application's refusal (readlog.models) is the guard.
"""

from django.db import migrations

TABLES = ["readlog_readevent", "readlog_readsubject"]

FUNCTION = """
CREATE OR REPLACE FUNCTION readlog_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('wfa.read_log_purge', true) = 'on' THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION 'Log akses hanya dapat ditambah: % pada % ditolak', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END
$$ LANGUAGE plpgsql;
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:  # no parameters: '%' stays itself
        cursor.execute(FUNCTION)
        for table in TABLES:
            cursor.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION readlog_append_only()"
            )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
    schema_editor.execute("DROP FUNCTION IF EXISTS readlog_append_only()")


class Migration(migrations.Migration):
    dependencies = [("readlog", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
