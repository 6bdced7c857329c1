"""Default coverage rules for essential services (SE MenPANRB 2/2025; shares after SE 1/2024).

They are data: BKPSDM edits, deactivates or adds rules in the portal.
"""

from django.db import migrations

RULES = [
    # (name, target field, target value, kind, value, position keywords)
    ("Puskesmas: minimal 1 dokter di tempat", "unit_kind", "puskesmas", "min_onsite_count", 1, "dokter"),
    ("Puskesmas: minimal 2 perawat atau bidan di tempat", "unit_kind", "puskesmas", "min_onsite_count", 2, "perawat, bidan"),
    ("Layanan kesehatan: minimal 60% di tempat", "service_category", "health", "min_onsite_share", 60, ""),
    ("Instalasi RSUD: minimal 90% di tempat", "unit_kind", "instalasi", "min_onsite_share", 90, ""),
    ("Transportasi: minimal 75% di tempat", "service_category", "transport", "min_onsite_share", 75, ""),
    ("Keamanan dan pemadam kebakaran: minimal 80% di tempat", "service_category", "security_fire", "min_onsite_share", 80, ""),
    ("Sosial dan kependudukan: minimal 60% di tempat", "service_category", "social_registry", "min_onsite_share", 60, ""),
    ("Pelayanan terpadu: minimal 75% di tempat", "service_category", "one_stop", "min_onsite_share", 75, ""),
    ("Layanan garis depan: minimal 2 orang di tempat", "service_category", "front_desk", "min_onsite_count", 2, ""),
    ("Layanan kelompok rentan: minimal 75% di tempat", "service_category", "vulnerable", "min_onsite_share", 75, ""),
    ("Unit administrasi (bidang): maksimal 50% WFH/WFA", "unit_kind", "bidang", "max_remote_share", 50, ""),
    ("Unit administrasi (sekretariat): maksimal 50% WFH/WFA", "unit_kind", "sekretariat", "max_remote_share", 50, ""),
]


def seed(apps, schema_editor):
    CoverageRule = apps.get_model("schedules", "CoverageRule")
    for name, field, target, kind, value, keywords in RULES:
        CoverageRule.objects.get_or_create(
            name=name,
            defaults={field: target, "kind": kind, "value": value, "position_keywords": keywords},
        )


def unseed(apps, schema_editor):
    apps.get_model("schedules", "CoverageRule").objects.filter(
        name__in=[r[0] for r in RULES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("schedules", "0003_historicalassignment_historicalplan_assignment_and_more")]
    operations = [migrations.RunPython(seed, unseed)]
