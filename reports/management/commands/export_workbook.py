"""Write the coordination workbook of a window to a file, for BKPSDM scripts and meetings."""

from reports.documents.workbook import write_workbook
from reports.management.export_command import ExportCommand


class Command(ExportCommand):
    help = "Tulis rekap koordinasi (.xlsx) satu periode: seluruh kota, atau satu OPD."
    suffix = ".xlsx"

    def export(self, path, *, window, opd):
        sheets = write_workbook(path, window=window, opd=opd)
        where = opd.name if opd else "seluruh kota"
        return (
            f"Rekap {window.name} ({where}) ditulis ke {path}: {len(sheets)} lembar, "
            f"{path.stat().st_size / 1024:.0f} KB."
        )
