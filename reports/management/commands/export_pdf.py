"""Write a PDF document of a window: one OPD's plan (--opd), or the city summary for the mayor."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from jobs.files import Refused
from opd.models import Opd
from reports.pdf import write_city_pdf, write_plan_pdf
from schedules.models import FlexWindow


class Command(BaseCommand):
    help = "Tulis dokumen PDF satu periode: rencana satu OPD (--opd), atau ringkasan seluruh kota."
    requires_system_checks = []  # as export_workbook: a read-only export

    def add_arguments(self, parser):
        parser.add_argument("--window", required=True, help="Kode periode, mis. lebaran-2025")
        parser.add_argument("--opd", help="Kode OPD, mis. dinkes (bawaan: ringkasan seluruh kota)")
        parser.add_argument("--out", required=True, help="Berkas tujuan, mis. ringkasan.pdf")

    def handle(self, *args, window, out, opd=None, **options):
        flex_window = FlexWindow.objects.filter(slug=window).first()
        if flex_window is None:
            known = ", ".join(FlexWindow.objects.order_by("slug").values_list("slug", flat=True))
            raise CommandError(
                f"Periode '{window}' tidak ditemukan. Periode yang ada: {known or '-'}.",
                returncode=2,
            )
        scope = None
        if opd:
            scope = Opd.objects.filter(code=opd).first()
            if scope is None:
                raise CommandError(
                    f"OPD dengan kode '{opd}' tidak ditemukan. Lihat kode OPD di halaman "
                    "'OPD & pegawai'.",
                    returncode=2,
                )
        path = Path(out)
        if path.suffix.lower() != ".pdf":
            raise CommandError(f"Berkas tujuan harus berakhiran .pdf: '{out}'.", returncode=2)
        if not path.parent.is_dir():
            raise CommandError(f"Folder '{path.parent}' tidak ada.", returncode=2)
        try:
            if scope is None:
                write_city_pdf(path, window=flex_window)
            else:
                write_plan_pdf(path, window=flex_window, opd=scope)
        except Refused as refusal:
            raise CommandError(str(refusal), returncode=1) from refusal
        what = f"Rencana {scope.name}" if scope else "Ringkasan seluruh kota"
        self.stdout.write(
            f"{what} {flex_window.name} ditulis ke {path}: {path.stat().st_size / 1024:.0f} KB."
        )
