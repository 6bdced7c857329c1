"""Delete finished background jobs whose time is up, and their files (run it from cron hourly)."""

from django.core.management.base import BaseCommand

from jobs.running import jobs_purge


class Command(BaseCommand):
    help = "Hapus pekerjaan latar belakang yang sudah kedaluwarsa beserta berkasnya."

    def handle(self, *args, **options):
        purged = jobs_purge()
        self.stdout.write(f"{purged} pekerjaan kedaluwarsa dihapus beserta berkasnya.")
