"""Names, titles, places and free text hold no invisible characters (common/text.py).

Rows that already hold some lose them first; then the CHECK is added (on PostgreSQL only: SQLite
has no regular expressions of its own, the forms and models guard it there).
"""

from django.db import migrations

from common.text import VisibleText, strip_stored

FIELDS = {
    "assignment": ("wfa_place",),
    "capexception": ("reason",),
    "coveragerule": ("name", "position_keywords"),
    "flexpolicy": ("name", "legal_basis", "notes"),
    "flexwindow": ("name", "legal_basis", "notes"),
    "plan": ("note",),
    "preference": ("wfa_place", "note"),
    "windowday": ("legal_basis", "holiday_override_reason"),
    "workpattern": ("wfa_place",),
}


def strip_invisible_characters(apps, schema_editor):
    strip_stored(apps, "schedules", FIELDS)


class Migration(migrations.Migration):
    dependencies = [("schedules", "0012_bulk_undo_and_patterns")]

    operations = [
        migrations.RunPython(strip_invisible_characters, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="assignment",
            constraint=VisibleText(fields=["wfa_place"], name="assignment_text_visible"),
        ),
        migrations.AddConstraint(
            model_name="capexception",
            constraint=VisibleText(fields=["reason"], name="capexception_text_visible"),
        ),
        migrations.AddConstraint(
            model_name="coveragerule",
            constraint=VisibleText(fields=["name", "position_keywords"], name="coveragerule_text_visible"),
        ),
        migrations.AddConstraint(
            model_name="flexpolicy",
            constraint=VisibleText(fields=["name", "legal_basis", "notes"], name="flexpolicy_text_visible"),
        ),
        migrations.AddConstraint(
            model_name="flexwindow",
            constraint=VisibleText(fields=["name", "legal_basis", "notes"], name="flexwindow_text_visible"),
        ),
        migrations.AddConstraint(
            model_name="plan",
            constraint=VisibleText(fields=["note"], name="plan_text_visible"),
        ),
        migrations.AddConstraint(
            model_name="preference",
            constraint=VisibleText(fields=["wfa_place", "note"], name="preference_text_visible"),
        ),
        migrations.AddConstraint(
            model_name="windowday",
            constraint=VisibleText(fields=["legal_basis", "holiday_override_reason"], name="windowday_text_visible"),
        ),
        migrations.AddConstraint(
            model_name="workpattern",
            constraint=VisibleText(fields=["wfa_place"], name="workpattern_text_visible"),
        ),
    ]
