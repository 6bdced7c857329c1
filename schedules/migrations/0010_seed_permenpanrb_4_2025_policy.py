"""PermenPANRB No. 4/2025 as reference data, and the windows it governs.

The regulation is in force since 21 April 2025: windows from then on follow it (at most two
location-flexible days per calendar week). Lebaran 2025 (24 March - 8 April 2025) predates it and
keeps no cap. Everything stays editable by BKPSDM in the portal.
"""

from datetime import date

from django.db import migrations

IN_FORCE = date(2025, 4, 21)
POLICY = {
    "name": "PermenPANRB No. 4 Tahun 2025",
    "legal_basis": (
        "Peraturan MenPANRB No. 4 Tahun 2025 tentang Pelaksanaan Tugas Kedinasan Pegawai ASN "
        "secara Fleksibel"
    ),
    "location_flex": True,
    "time_flex": True,
    "weekly_cap": 2,
    "allows_wfh": True,
    "allows_wfa": True,
    "notes": (
        "Fleksibilitas lokasi paling banyak 2 hari kerja per minggu, kecuali tugas khusus atau "
        "kondisi pribadi tertentu; pemantauan dan evaluasi bertahap (pasal 35)."
    ),
}


def seed(apps, schema_editor):
    FlexPolicy = apps.get_model("schedules", "FlexPolicy")
    FlexWindow = apps.get_model("schedules", "FlexWindow")
    spec = dict(POLICY)
    policy, _ = FlexPolicy.objects.get_or_create(name=spec.pop("name"), defaults=spec)
    FlexWindow.objects.filter(policy__isnull=True, days__date__gte=IN_FORCE).update(policy=policy)


def unseed(apps, schema_editor):
    FlexPolicy = apps.get_model("schedules", "FlexPolicy")
    FlexWindow = apps.get_model("schedules", "FlexWindow")
    FlexWindow.objects.filter(policy__name=POLICY["name"]).update(policy=None)
    FlexPolicy.objects.filter(name=POLICY["name"]).delete()


class Migration(migrations.Migration):
    dependencies = [("schedules", "0009_flex_policy_and_cap_exceptions")]
    operations = [migrations.RunPython(seed, unseed)]
