"""Send today's reminders now (the worker also sends them every day at WFA_REMINDER_TIME)."""

from django.core.management.base import BaseCommand

from attendance.reminders import reminders_send


class Command(BaseCommand):
    help = (
        "Ingatkan pegawai yang belum presensi pada hari periode kerja fleksibel, dan Kepala OPD "
        "yang laporannya belum diperiksa lebih dari WFA_REVIEW_REMINDER_DAYS hari kerja."
    )

    def handle(self, *args, **options):
        result = reminders_send()
        self.stdout.write(
            f"Pengingat presensi: {result.check_in} pegawai; pengingat pemeriksaan: "
            f"{result.review} Kepala OPD."
        )
