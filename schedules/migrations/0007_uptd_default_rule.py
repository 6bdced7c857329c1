"""UPTDs without an essential-service category had no rule at all: cap them like other offices.

Without a rule the auto-planner has no basis to give anyone a remote day, and nothing guards the
service; at most half remote is the SE 1/2024 cap for administrative units.
"""

from django.db import migrations

NAME = "UPTD: maksimal 50% WFH/WFA"


def seed(apps, schema_editor):
    apps.get_model("schedules", "CoverageRule").objects.get_or_create(
        name=NAME,
        defaults={"unit_kind": "uptd", "kind": "max_remote_share", "value": 50},
    )


def unseed(apps, schema_editor):
    apps.get_model("schedules", "CoverageRule").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [("schedules", "0006_proposal")]
    operations = [migrations.RunPython(seed, unseed)]
