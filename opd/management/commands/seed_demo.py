from django.core.management.base import BaseCommand, CommandError

from opd.demo import DEMO_ACCOUNTS, PASSWORD, seed_demo_city
from opd.models import Opd, Role


class Command(BaseCommand):
    help = (
        "Membangun kota demo Pemerintah Kota Palembang: OPD, unit kerja, 13.870 ASN dan satu "
        "akun demo per peran. Aman dijalankan berulang: hanya menambah yang belum ada."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            type=float,
            default=1.0,
            help="Kelipatan jumlah pegawai (1 = kota sebenarnya; 7,2 = sekitar 100.000 pegawai).",
        )

    def handle(self, *args, scale: float, verbosity: int, **options):
        if scale <= 0:
            raise CommandError("--scale harus lebih besar dari 0.")
        if verbosity == 0:
            seed_demo_city(scale=scale)
            return
        self.stdout.write(f"Membangun kota demo Palembang (skala {scale:g})...")
        result = seed_demo_city(scale=scale, stdout=self.stdout)
        seconds = f"{result.seconds:.1f}".replace(".", ",")
        self.stdout.write(self.style.SUCCESS(f"Selesai dalam {seconds} detik."))
        self._print_logins()

    def _print_logins(self):
        names = dict(Opd.objects.values_list("code", "short_name"))
        rows = [("Peran", "Username", "Kata sandi", "Yang dapat dilihat")]
        for account in DEMO_ACCOUNTS:
            role = Role(account.role).label
            if account.role == Role.HEAD:
                role = f"{role} ({names.get(account.opd_code, account.opd_code)})"
            rows.append((role, account.username, PASSWORD, account.sees))
        widths = [max(len(row[i]) for row in rows) for i in range(3)]
        self.stdout.write("\nAkun demo (kata sandi sama untuk semua akun):")
        for row in rows:
            cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
            self.stdout.write("  " + "  ".join([*cells, row[3]]))
