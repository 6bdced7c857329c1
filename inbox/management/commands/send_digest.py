"""Send the daily digest now (the worker also sends it every day at WFA_DIGEST_TIME)."""

from django.core.management.base import BaseCommand

from inbox.digest import digest_send


class Command(BaseCommand):
    help = "Kirim ringkasan harian lewat email kepada setiap pengguna yang punya tugas terbuka."

    def handle(self, *args, **options):
        result = digest_send()
        self.stdout.write(
            f"{result.sent} ringkasan terkirim dari {result.users} pengguna ber-email."
        )
