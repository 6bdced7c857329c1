"""Queue the daily reminders and digest for their next run (idempotent; `make run` calls it)."""

from django.core.management.base import BaseCommand

from attendance.tasks import schedule_daily


class Command(BaseCommand):
    help = "Jadwalkan pengingat harian dan ringkasan harian untuk pekerja latar (task worker)."

    def handle(self, *args, **options):
        queued = schedule_daily()
        self.stdout.write(
            "Dijadwalkan: " + ", ".join(queued)
            if queued
            else "Sudah terjadwal; tidak ada yang baru."
        )
