"""Calendar feed tokens are stored as their SHA-256 only.

Each existing token is hashed in place, so every address already added to a phone keeps working;
the token itself leaves the database (it can no longer be shown again: the employee makes a new
address to see one).
"""

import hashlib

from django.db import migrations, models


def hash_tokens(apps, schema_editor):
    CalendarFeed = apps.get_model("opd", "CalendarFeed")
    for feed in CalendarFeed.objects.only("pk", "token"):
        feed.token_hash = hashlib.sha256(feed.token.encode()).hexdigest()
        feed.save(update_fields=["token_hash"])


class Migration(migrations.Migration):
    dependencies = [("opd", "0007_shared_cache_table")]

    operations = [
        migrations.AddField(
            model_name="calendarfeed",
            name="token_hash",
            field=models.CharField(
                editable=False, max_length=64, null=True, verbose_name="sidik token (SHA-256)"
            ),
        ),
        migrations.RunPython(hash_tokens, migrations.RunPython.noop),
        migrations.RemoveField(model_name="calendarfeed", name="token"),
        migrations.AlterField(
            model_name="calendarfeed",
            name="token_hash",
            field=models.CharField(
                editable=False, max_length=64, unique=True, verbose_name="sidik token (SHA-256)"
            ),
        ),
    ]
