"""Names, titles, places and free text hold no invisible characters (common/text.py).

Rows that already hold some lose them first; then the CHECK is added (on PostgreSQL only: SQLite
has no regular expressions of its own, the forms and models guard it there).
"""

from django.db import migrations

from common.text import VisibleText, strip_stored

FIELDS = {
    "evaluation": ("readiness_notes", "narrative"),
}


def strip_invisible_characters(apps, schema_editor):
    strip_stored(apps, "evaluations", FIELDS)


class Migration(migrations.Migration):
    dependencies = [("evaluations", "0001_evaluation_pack")]

    operations = [
        migrations.RunPython(strip_invisible_characters, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="evaluation",
            constraint=VisibleText(fields=["readiness_notes", "narrative"], name="evaluation_text_visible"),
        ),
    ]
