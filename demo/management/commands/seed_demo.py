from django.core.management.base import BaseCommand, CommandError

from attendance.models import ReportStatus
from demo.city import DEMO_ACCOUNTS, PASSWORD, seed_demo_city
from demo.life import LifeResult, seed_demo_life
from opd.models import Opd, Role
from schedules.models import PlanStatus


class Command(BaseCommand):
    help = (
        "Membangun kota demo Pemerintah Kota Palembang: OPD, unit kerja, 13.870 ASN, satu akun "
        "demo per peran, lalu tiga periode demo di sekitar hari ini (lalu, berjalan, mendatang) "
        "dengan rencana, presensi, laporan harian dan masukan masyarakat. Aman dijalankan "
        "berulang: hanya menambah yang belum ada; pada hari lain periode demo dibangun ulang."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            type=float,
            default=1.0,
            help="Kelipatan jumlah pegawai (1 = kota sebenarnya; 7,2 = sekitar 100.000 pegawai).",
        )
        parser.add_argument(
            "--city-only",
            action="store_true",
            help="Hanya OPD, unit, pegawai dan akun; tanpa periode demo dan aktivitasnya.",
        )

    def handle(self, *args, scale: float, city_only: bool, verbosity: int, **options):
        if scale <= 0:
            raise CommandError("--scale harus lebih besar dari 0.")
        if verbosity == 0:
            seed_demo_city(scale=scale)
            if not city_only:
                seed_demo_life()
            return
        self.stdout.write(f"Membangun kota demo Palembang (skala {scale:g})...")
        result = seed_demo_city(scale=scale, stdout=self.stdout)
        seconds = result.seconds
        if not city_only:
            life = seed_demo_life()
            self._print_life(life)
            seconds += life.seconds
        self.stdout.write(self.style.SUCCESS(f"Selesai dalam {_decimal(seconds)} detik."))
        self._print_logins()

    def _print_life(self, life: LifeResult):
        if not life.added_anything:
            self.stdout.write("Periode demo sudah mengikuti hari ini: tidak ada yang diubah.")
            return
        verb = "dibangun ulang" if life.rebuilt else "dibuat"
        self.stdout.write(f"Periode demo {verb} (hari ini {life.today:%d-%m-%Y}):")
        for slug, name in life.windows.items():
            counts = ", ".join(
                f"{_lower(PlanStatus(status).label)} {n}"
                for status, n in sorted(life.plans[slug].items())
            )
            self.stdout.write(f"  {name}: rencana OPD {counts}")
        reports = ", ".join(
            f"{_lower(ReportStatus(k).label)} {v}" for k, v in sorted(life.reports.items())
        )
        self.stdout.write(
            f"Presensi {_number(life.check_ins)}; laporan harian {reports}; "
            f"masukan masyarakat {life.feedback}."
        )
        flex = life.flex
        granted = ", ".join(flex.exceptions) or "tidak ada"
        self.stdout.write(
            f"Kebijakan {flex.policy}: jam kerja shift {_number(flex.shifts)} dan jam dinamis "
            f"{_number(flex.dynamic)} hari-pegawai; pengecualian batas mingguan: {granted}."
        )
        away = ", ".join(f"{_lower(k)} {_number(n)}" for k, n in sorted(life.absences.items()))
        self.stdout.write(
            f"Ketidakhadiran tercatat: {away or 'tidak ada'}; cuti perawat demo menunggu "
            "keputusan Kepala Dinkes."
        )
        if life.restrictions:
            self.stdout.write("Pembatasan WFO berjangka: " + "; ".join(life.restrictions) + ".")
        if life.targets:
            self.stdout.write(
                f"Target kinerja (SKP) {life.today.year} disetujui untuk {life.targets} pegawai "
                "unit perawat demo; keluarannya terhubung ke rencana aksi."
            )

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


def _decimal(seconds: float) -> str:
    return f"{seconds:.1f}".replace(".", ",")


def _number(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def _lower(label: str) -> str:
    """'Diajukan ke Kepala OPD' -> 'diajukan ke Kepala OPD' (names keep their capitals)."""
    return label[:1].lower() + label[1:]
