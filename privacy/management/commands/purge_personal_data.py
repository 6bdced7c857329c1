"""Apply the retention periods of personal data now (or, with --dry-run, say what would go)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from common import region
from common.dates import tanggal
from privacy.retention import personal_data_purge
from privacy.tasks import purge_schedule_next


class Command(BaseCommand):
    help = (
        "Menghapus atau mengurangi data pribadi yang masa simpannya habis (UU 27/2022). "
        "--dry-run hanya menghitung; --schedule menjadwalkan penghapusan harian di task worker."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Hitung saja, tidak ada yang diubah."
        )
        parser.add_argument(
            "--schedule",
            action="store_true",
            help="Jadwalkan penghapusan harian (task worker) tanpa menghapus sekarang.",
        )

    def handle(self, *args, dry_run=False, schedule=False, **options):
        if schedule:
            when = purge_schedule_next()
            if when is None:
                self.stdout.write("Backend tugas ini tidak dapat menjadwalkan; tidak dijadwalkan.")
            else:
                when = timezone.localtime(when)
                self.stdout.write(
                    f"Penghapusan harian dijadwalkan: {tanggal(when.date())} {when:%H.%M} "
                    f"{region.zone_label()}."
                )
            return
        lines = personal_data_purge(dry_run=dry_run)
        for line in lines:
            self.stdout.write(line.text(dry_run=dry_run))
        total = sum(line.count for line in lines)
        verdict = "akan dihapus (uji coba, tidak ada yang diubah)" if dry_run else "dihapus"
        self.stderr.write(f"Jumlah: {f'{total:,}'.replace(',', '.')} catatan {verdict}.")
        if any(line.failed for line in lines):  # the rest of the purge was done
            raise CommandError("Sebagian data tidak dapat dihapus; lihat baris 'gagal' di atas.")
