"""Print every coverage shortfall of a window; exit 1 if there is any (for BKPSDM scripts).

`--approved-only` is the portal's promise as a command: it checks only approved plans (of one
window, or of every window) and exits 1 if any of them is short.
"""

import sys

from django.core.management.base import BaseCommand, CommandError

from schedules import coverage
from schedules.management.commands._args import opd_or_refuse, window_or_refuse
from schedules.models import FlexWindow, Plan, PlanStatus


class Command(BaseCommand):
    help = "Cetak setiap kekurangan aturan layanan esensial; keluar dengan kode 1 bila ada."

    def add_arguments(self, parser):
        parser.add_argument(
            "--window", help="Kode periode, mis. lebaran-2025 (wajib kecuali --approved-only)"
        )
        parser.add_argument("--opd", help="Kode OPD, mis. dinkes (bawaan: seluruh kota)")
        parser.add_argument(
            "--approved-only",
            action="store_true",
            help="Hanya rencana yang sudah disetujui (semua periode bila --window tidak diisi).",
        )

    def handle(self, *args, window=None, opd=None, approved_only=False, **options):
        windows = self._windows(window, approved_only)
        scope = opd_or_refuse(opd)
        total_violations, total_checks = 0, 0
        for flex_window in windows:
            opd_ids = None
            if approved_only:
                plans = Plan.objects.filter(window=flex_window, status=PlanStatus.APPROVED)
                if scope:
                    plans = plans.filter(opd=scope)
                opd_ids = list(plans.values_list("opd_id", flat=True))
                if not opd_ids:
                    continue
            result = coverage.compute(flex_window, opd=scope, opd_ids=opd_ids)
            for check in result.violations:
                self.stdout.write(
                    f"{check.unit.opd.code}\t{check.unit.code}\t{check.day.date.isoformat()}\t"
                    f"{check.rule.name}\tperlu {check.required}\trencana {check.planned}\t"
                    f"kurang {check.shortfall}"
                )
            total_violations += len(result.violations)
            total_checks += len(result.checks)
        where = scope.name if scope else "seluruh kota"
        what = "rencana yang disetujui, " if approved_only else ""
        names = ", ".join(w.name for w in windows) or "tidak ada periode"
        self.stderr.write(
            f"{total_violations} kekurangan dari {total_checks} pemeriksaan "
            f"({what}{names}, {where})."
        )
        if total_violations:
            sys.exit(1)

    def _windows(self, slug, approved_only) -> list[FlexWindow]:
        if slug is None:
            if not approved_only:
                raise CommandError(
                    "Sebutkan --window <kode periode>, atau --approved-only untuk semua periode.",
                    returncode=2,
                )
            return list(FlexWindow.objects.order_by("pk"))
        return [window_or_refuse(slug)]
