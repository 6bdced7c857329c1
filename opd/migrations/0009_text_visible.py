"""Names, titles, places and free text hold no invisible characters (common/text.py).

Rows that already hold some lose them first; then the CHECK is added (on PostgreSQL only: SQLite
has no regular expressions of its own, the forms and models guard it there).
"""

from django.db import migrations

from common.text import VisibleText, strip_stored

FIELDS = {
    "employee": ("name", "position_name"),
    "opd": ("name", "short_name"),
    "unit": ("name", "kecamatan"),
    "user": ("first_name", "last_name"),
}


def strip_invisible_characters(apps, schema_editor):
    strip_stored(apps, "opd", FIELDS)


class Migration(migrations.Migration):
    dependencies = [("opd", "0008_calendar_feed_token_hash")]

    operations = [
        migrations.RunPython(strip_invisible_characters, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="employee",
            constraint=VisibleText(fields=["name", "position_name"], name="employee_text_visible"),
        ),
        migrations.AddConstraint(
            model_name="opd",
            constraint=VisibleText(fields=["name", "short_name"], name="opd_text_visible"),
        ),
        migrations.AddConstraint(
            model_name="unit",
            constraint=VisibleText(fields=["name", "kecamatan"], name="unit_text_visible"),
        ),
        migrations.AddConstraint(
            model_name="user",
            constraint=VisibleText(fields=["first_name", "last_name"], name="user_text_visible"),
        ),
    ]
