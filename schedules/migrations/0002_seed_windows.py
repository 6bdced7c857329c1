"""The flexible-work windows known so far (shared/context/DOMAIN.md). Later ones are added as data."""

from datetime import date

from django.db import migrations

WINDOWS = [
    {
        "slug": "lebaran-2025",
        "name": "Kerja fleksibel Lebaran 2025",
        "legal_basis": "SE MenPANRB No. 2 Tahun 2025, diubah dengan SE MenPANRB No. 3 Tahun 2025",
        "signed_on": date(2025, 3, 5),
        "notes": "Empat hari sebelum libur nasional dan cuti bersama Idul Fitri 1446 H, ditambah "
        "8 April 2025 (hari pertama masuk kerja) oleh SE MenPANRB No. 3 Tahun 2025 tanggal "
        "4 April 2025 untuk mengurai arus balik.",
        "days": [
            (date(2025, 3, 24), ""),
            (date(2025, 3, 25), ""),
            (date(2025, 3, 26), ""),
            (date(2025, 3, 27), ""),
            (date(2025, 4, 8), "SE MenPANRB No. 3 Tahun 2025 (4 April 2025)"),
        ],
    },
    {
        "slug": "akhir-tahun-2025",
        "name": "Kerja fleksibel akhir tahun 2025",
        "legal_basis": "Surat MenPANRB No. B/531/M.KT.02/2025",
        "signed_on": None,
        "notes": "",
        "days": [(date(2025, 12, 29), ""), (date(2025, 12, 30), ""), (date(2025, 12, 31), "")],
    },
    {
        "slug": "lebaran-2026",
        "name": "Kerja fleksibel Lebaran 2026",
        "legal_basis": "SE MenPANRB No. 2 Tahun 2026",
        "signed_on": date(2026, 2, 9),
        "notes": "Dua blok terpisah; fleksibilitas lokasi dan/atau waktu.",
        "days": [
            (date(2026, 3, 16), ""),
            (date(2026, 3, 17), ""),
            (date(2026, 3, 25), ""),
            (date(2026, 3, 26), ""),
            (date(2026, 3, 27), ""),
        ],
    },
]


def seed(apps, schema_editor):
    FlexWindow = apps.get_model("schedules", "FlexWindow")
    WindowDay = apps.get_model("schedules", "WindowDay")
    for spec in WINDOWS:
        spec = dict(spec)
        days = spec.pop("days")
        window, _ = FlexWindow.objects.get_or_create(slug=spec.pop("slug"), defaults=spec)
        for day, basis in days:
            WindowDay.objects.get_or_create(window=window, date=day, defaults={"legal_basis": basis})


def unseed(apps, schema_editor):
    apps.get_model("schedules", "FlexWindow").objects.filter(
        slug__in=[w["slug"] for w in WINDOWS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("schedules", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
