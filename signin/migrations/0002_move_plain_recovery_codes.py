"""Move the recovery codes django-otp kept in plain text (otp_static) into hashed rows, then
delete the plain ones. The codes keep working for their owners; the device is marked `migrated`,
so the security page asks for new (longer) codes. There is no way back: a hash cannot be undone.
"""

import hashlib
import hmac
import secrets

from django.db import migrations


def digest(salt: str, code: str) -> str:
    """signin.models.digest as it was written with this migration."""
    typed = "".join(code.split()).replace("-", "").lower()
    return hmac.new(salt.encode(), typed.encode(), hashlib.sha256).hexdigest()


def move(apps, schema_editor):
    StaticDevice = apps.get_model("otp_static", "StaticDevice")
    StaticToken = apps.get_model("otp_static", "StaticToken")
    RecoveryDevice = apps.get_model("signin", "RecoveryDevice")
    RecoveryCode = apps.get_model("signin", "RecoveryCode")
    for old in StaticDevice.objects.all():
        device, _ = RecoveryDevice.objects.get_or_create(
            user_id=old.user_id,
            defaults={"name": "Kode pemulihan", "confirmed": True, "migrated": True},
        )
        rows = []
        for token in StaticToken.objects.filter(device=old).values_list("token", flat=True):
            salt = secrets.token_hex(16)
            rows.append(RecoveryCode(device=device, salt=salt, digest=digest(salt, token)))
        RecoveryCode.objects.bulk_create(rows)
    StaticToken.objects.all().delete()
    StaticDevice.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("signin", "0001_recovery_codes_hashed"),
        ("otp_static", "0003_add_timestamps"),
    ]

    operations = [migrations.RunPython(move, migrations.RunPython.noop)]
