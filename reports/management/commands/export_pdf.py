"""Write a PDF document of a window: one OPD's plan (--opd), or the city summary for the mayor."""

from reports.documents.pdf import write_city_pdf, write_plan_pdf
from reports.management.export_command import ExportCommand


class Command(ExportCommand):
    help = "Tulis dokumen PDF satu periode: rencana satu OPD (--opd), atau ringkasan seluruh kota."
    suffix = ".pdf"
    opd_help = "Kode OPD, mis. dinkes (bawaan: ringkasan seluruh kota)"

    def export(self, path, *, window, opd):
        if opd is None:
            write_city_pdf(path, window=window)
        else:
            write_plan_pdf(path, window=window, opd=opd)
        what = f"Rencana {opd.name}" if opd else "Ringkasan seluruh kota"
        return f"{what} {window.name} ditulis ke {path}: {path.stat().st_size / 1024:.0f} KB."
