"""What the export commands share: find the window and the OPD, check the target, write, report."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from common.disk import DiskFault, quiet_collection
from jobs.files import Refused
from opd.models import Opd
from schedules.models import FlexWindow


class ExportCommand(BaseCommand):
    """Subclasses set `suffix` and `opd_help` and write the file in `export()`."""

    suffix = ""
    opd_help = "Kode OPD, mis. dinkes (bawaan: seluruh kota)"
    # A read-only export: the system checks would import every view, the planner's solver
    # included (about 60 MB), for nothing this command uses.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--window", required=True, help="Kode periode, mis. lebaran-2025")
        parser.add_argument("--opd", help=self.opd_help)
        parser.add_argument("--out", required=True, help=f"Berkas tujuan, mis. rekap{self.suffix}")

    def export(self, path: Path, *, window: FlexWindow, opd: Opd | None) -> str:
        """Write the file; return the line to print."""
        raise NotImplementedError

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
        if path.suffix.lower() != self.suffix:
            raise CommandError(
                f"Berkas tujuan harus berakhiran {self.suffix}: '{out}'.", returncode=2
            )
        if not path.parent.is_dir():
            raise CommandError(f"Folder '{path.parent}' tidak ada.", returncode=2)
        self.stdout.write(self._write(path, window=flex_window, opd=scope))

    def _write(self, path: Path, *, window: FlexWindow, opd: Opd | None) -> str:
        """The export, or exit code 1 with the reason when the disk refuses it (nothing is left
        under the target's name; the fault was logged where it happened)."""
        failure = None
        with quiet_collection():  # a half-written workbook complains as it is collected
            try:
                return self.export(path, window=window, opd=opd)
            except (DiskFault, Refused) as refusal:
                failure = str(refusal)
        raise CommandError(failure, returncode=1)
