"""Import staff from an .xlsx workbook or a CSV file (the portal's template or a SIASN export),
with the same checks as BKPSDM's upload page. From the command line nobody is ticked as leaving:
staff missing from a SIASN file are listed, never deactivated; an unmapped unor stops the import.

Exit codes: 0 imported (or a clean dry run), 1 rows refused (nothing written), 2 the file itself
was refused (missing, too large, not a safe .xlsx, no header row).
"""

import sys
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from common.xlsx_safety import read_limited
from opd import guards
from staff_import import plan as staff_plan
from staff_import import services


class Command(BaseCommand):
    help = (
        "Impor pegawai dari berkas .xlsx (kolom: NIP, Nama, Jenis ASN, Golongan, Jenis Jabatan, "
        "Nama Jabatan, Kode Unit, Aktif). Semua atau tidak sama sekali; keluar dengan kode 1 bila "
        "ada baris ditolak, 2 bila berkasnya ditolak."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Berkas .xlsx atau .csv, mis. pegawai.xlsx")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Hanya periksa dan tampilkan ringkasan; tidak ada yang disimpan.",
        )

    def handle(self, *args, file, dry_run=False, verbosity=1, **options):
        path = Path(file)
        try:
            with path.open("rb") as source:
                data = read_limited(source, size=path.stat().st_size)
            plan = staff_plan.plan_from_bytes(data, name=path.name)
        except OSError as exc:
            raise CommandError(
                f"Berkas {file} tidak dapat dibuka: {exc.strerror or exc}.", returncode=2
            ) from None
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages), returncode=2) from None

        for message in plan.refused:
            self.stdout.write(message)
        for unor in plan.waiting:
            self.stdout.write(
                f"Unor SIASN belum dipetakan: {unor.unor_name or unor.unor_id} ({unor.rows} baris, "
                f"mulai baris {unor.first_row}); petakan di /pegawai-impor/unor/."
            )
        if plan.departures:
            self.stderr.write(
                f"{len(plan.departures)} pegawai di portal tidak ada di berkas SIASN; tidak "
                "dinonaktifkan dari baris perintah (centang di halaman impor)."
            )
        if verbosity >= 2:
            for update in plan.update:
                self.stdout.write(f"Diperbarui {update.employee.nip}: {'; '.join(update.changes)}")
        self.stderr.write(
            f"{plan.rows} baris data: {len(plan.create)} akan ditambahkan, {len(plan.update)} "
            f"akan diperbarui, {plan.unchanged} tidak berubah, {plan.refused_rows} ditolak."
        )
        if plan.blocked:
            self.stderr.write(
                "Impor tidak dijalankan: perbaiki baris yang ditolak (atau petakan unor SIASN) "
                "lalu ulangi."
            )
            sys.exit(1)
        at_risk = services.staff_import_preview(plan=plan)
        if at_risk:
            self.stderr.write(
                self.style.WARNING(f"Perhatian: {guards.describe(at_risk, future=True)}")
            )
        if dry_run:
            self.stderr.write("Uji coba (--dry-run): tidak ada yang disimpan.")
            return
        try:
            result = services.staff_import_apply(plan=plan, by=None)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages), returncode=1) from None
        self.stderr.write(self.style.SUCCESS(result.message()))
