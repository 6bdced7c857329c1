"""Names, titles, places and free text hold no invisible characters (common/text.py).

Rows that already hold some lose them first; then the CHECK is added (on PostgreSQL only: SQLite
has no regular expressions of its own, the forms and models guard it there).
"""

from django.db import migrations

from common.text import VisibleText, strip_stored

FIELDS = {
    "checkin": ("place", "planned_place"),
    "dailyreport": ("review_comment",),
    "outputitem": ("description", "unit_of_measure"),
    "servicefeedback": ("comment", "contact"),
    "servicehours": ("days", "note"),
}


def strip_invisible_characters(apps, schema_editor):
    strip_stored(apps, "attendance", FIELDS)


class Migration(migrations.Migration):
    dependencies = [("attendance", "0004_service_hours_and_feedback_via_qr")]

    operations = [
        migrations.RunPython(strip_invisible_characters, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="checkin",
            constraint=VisibleText(fields=["place", "planned_place"], name="checkin_text_visible"),
        ),
        migrations.AddConstraint(
            model_name="dailyreport",
            constraint=VisibleText(fields=["review_comment"], name="dailyreport_text_visible"),
        ),
        migrations.AddConstraint(
            model_name="outputitem",
            constraint=VisibleText(fields=["description", "unit_of_measure"], name="outputitem_text_visible"),
        ),
        migrations.AddConstraint(
            model_name="servicefeedback",
            constraint=VisibleText(fields=["comment", "contact"], name="servicefeedback_text_visible"),
        ),
        migrations.AddConstraint(
            model_name="servicehours",
            constraint=VisibleText(fields=["days", "note"], name="servicehours_text_visible"),
        ),
    ]
