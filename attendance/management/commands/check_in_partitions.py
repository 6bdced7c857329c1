"""Make this month's check-in partition and the next months' (PostgreSQL; the daily task does it
too). Idempotent: a month that exists is left as it is."""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from attendance.partitions import month_partitions, partitioned, partitions_ensure


class Command(BaseCommand):
    help = (
        "Buat partisi bulanan tabel presensi untuk bulan ini dan beberapa bulan berikutnya "
        "(PostgreSQL)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--months",
            type=int,
            default=settings.WFA_CHECK_IN_PARTITION_MONTHS,
            help="jumlah bulan setelah bulan ini (bawaan: WFA_CHECK_IN_PARTITION_MONTHS)",
        )

    def handle(self, *args, months, **options):
        if not partitioned():
            self.stdout.write(
                "Tabel presensi tidak dipartisi (bukan PostgreSQL); tidak ada yang dibuat."
            )
            return
        made = partitions_ensure(today=timezone.localdate(), months_ahead=max(months, 0))
        for part in made:
            self.stdout.write(f"Dibuat: {part.name} ({part.start} s.d. sebelum {part.end})")
        parts = month_partitions()
        self.stdout.write(
            f"{len(parts)} partisi bulanan, {parts[0].start:%Y-%m} s.d. {parts[-1].start:%Y-%m}."
            if parts
            else "Belum ada partisi bulanan."
        )
