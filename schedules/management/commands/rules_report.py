"""Print every breach of the weekly cap of WFH/WFA days in a window; exit 1 if there is any.

The sibling of `coverage_report`: coverage asks how many are on site per day, this asks how many
remote days each employee has per calendar week (PermenPANRB No. 4/2025), exceptions included.
"""

import sys

from django.core.management.base import BaseCommand

from schedules.cap import cap_violations
from schedules.management.commands._args import opd_or_refuse, window_or_refuse


class Command(BaseCommand):
    help = "Cetak setiap pelanggaran batas hari WFH/WFA per minggu; keluar dengan kode 1 bila ada."

    def add_arguments(self, parser):
        parser.add_argument("--window", required=True, help="Kode periode, mis. lebaran-2026")
        parser.add_argument("--opd", help="Kode OPD, mis. dinkes (bawaan: seluruh kota)")

    def handle(self, *args, window, opd=None, **options):
        flex_window = window_or_refuse(window)
        scope = opd_or_refuse(opd)
        violations = cap_violations(flex_window, opd=scope)
        for v in violations:
            self.stdout.write(
                f"{v.employee.unit.opd.code}\t{v.employee.nip}\t{v.employee.name}\t"
                f"{v.week.isoformat()}\t{v.days} hari\tbatas {v.cap}"
            )
        where = scope.name if scope else "seluruh kota"
        self.stderr.write(
            f"{len(violations)} pelanggaran batas mingguan ({flex_window.name}, {where})."
        )
        if violations:
            sys.exit(1)
