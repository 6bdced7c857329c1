"""Print every coverage shortfall of a window; exit 1 if there is any (for BKPSDM scripts)."""

import sys

from django.core.management.base import BaseCommand, CommandError

from opd.models import Opd
from schedules import coverage
from schedules.models import FlexWindow


class Command(BaseCommand):
    help = "Cetak setiap kekurangan aturan layanan esensial; keluar dengan kode 1 bila ada."

    def add_arguments(self, parser):
        parser.add_argument("--window", required=True, help="Kode periode, mis. lebaran-2025")
        parser.add_argument("--opd", help="Kode OPD, mis. dinkes (bawaan: seluruh kota)")

    def handle(self, *args, window, opd=None, **options):
        try:
            flex_window = FlexWindow.objects.get(slug=window)
        except FlexWindow.DoesNotExist:
            known = ", ".join(FlexWindow.objects.values_list("slug", flat=True))
            raise CommandError(
                f"Periode '{window}' tidak ditemukan. Yang ada: {known}.", returncode=2
            ) from None
        scope = None
        if opd:
            scope = Opd.objects.filter(code=opd).first()
            if scope is None:
                raise CommandError(f"OPD dengan kode '{opd}' tidak ditemukan.", returncode=2)
        result = coverage.compute(flex_window, opd=scope)
        violations = result.violations
        for check in violations:
            self.stdout.write(
                f"{check.unit.opd.code}\t{check.unit.code}\t{check.day.date.isoformat()}\t"
                f"{check.rule.name}\tperlu {check.required}\trencana {check.planned}\t"
                f"kurang {check.shortfall}"
            )
        where = scope.name if scope else "seluruh kota"
        summary = (
            f"{len(violations)} kekurangan dari {len(result.checks)} pemeriksaan "
            f"({flex_window.name}, {where})."
        )
        self.stderr.write(summary)
        if violations:
            sys.exit(1)
