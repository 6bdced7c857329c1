"""SIASN's usual column headings as the starting mapping (BKPSDM edits them on "Kolom SIASN")."""

from django.db import migrations

HEADERS = {
    "nip": ["NIP", "NIP Baru", "NIP_BARU", "NIP ASN"],
    "name": ["Nama", "Nama Lengkap", "NAMA"],
    "front_title": ["Gelar Depan", "GELAR_DEPAN"],
    "back_title": ["Gelar Belakang", "GELAR_BELAKANG"],
    "asn_type": ["Jenis ASN", "Jenis Pegawai", "JENIS_PEGAWAI_NAMA", "Status ASN",
                 "Status Kepegawaian"],
    "position_name": ["Jabatan", "Nama Jabatan", "JABATAN_NAMA"],
    "position_type": ["Jenis Jabatan", "JENIS_JABATAN_NAMA"],
    "golongan": ["Golongan", "Gol Akhir", "GOL_AKHIR_NAMA", "Golongan/Ruang"],
    "unor_id": ["Unor ID", "ID Unor", "UNOR_ID"],
    "unor_name": ["Unit Organisasi", "Unor", "Nama Unor", "UNOR_NAMA"],
}  # fmt: skip


def fill(apps, schema_editor):
    column = apps.get_model("staff_import", "SiasnColumn")
    for field, headers in HEADERS.items():
        column.objects.get_or_create(field=field, defaults={"headers": "\n".join(headers)})


class Migration(migrations.Migration):
    dependencies = [("staff_import", "0001_initial")]
    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
