"""The table of the database cache (common/cache.py), where every rate limit is counted.

Made here, the first app every install migrates, so a fresh install shares its limits across
processes without a separate `createcachetable`. It reads settings.CACHES as that command does:
with CACHE_URL pointing at Redis there is no table to make. Switching to the database cache later
needs `python manage.py createcachetable` once.
"""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("opd", "0006_unit_kecamatan")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
