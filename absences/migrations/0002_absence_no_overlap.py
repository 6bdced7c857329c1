"""On PostgreSQL the database refuses two requested or approved absences of one person that
share a day: an exclusion constraint over the closed date range. SQLite has no such constraint,
so there `Absence.clash` (called by every write path) is the guard."""

from django.db import migrations

CONSTRAINT = "absence_no_overlap"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
    schema_editor.execute(
        f"ALTER TABLE absences_absence ADD CONSTRAINT {CONSTRAINT} EXCLUDE USING gist "
        "(employee_id WITH =, daterange(start_date, end_date, '[]') WITH &&) "
        "WHERE (status IN ('requested', 'approved'))"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"ALTER TABLE absences_absence DROP CONSTRAINT IF EXISTS {CONSTRAINT}")


class Migration(migrations.Migration):
    dependencies = [("absences", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
