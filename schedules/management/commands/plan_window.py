"""Ask the auto-planner for a proposal from the command line; `--apply` applies it.

Applying writes through the same service as the portal, in one transaction with history. It acts
as the system (history shows "sistem") unless `--as <username>` names a BKPSDM account.
Exit codes: 0 done, 1 applying refused, 2 bad argument.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from opd.models import Role, User
from schedules import planner, services
from schedules.management.commands._args import opd_or_refuse, window_or_refuse


class Command(BaseCommand):
    help = (
        "Usulkan mode kerja setiap pegawai untuk satu periode (auto-planner); --apply menerapkan."
    )

    def add_arguments(self, parser):
        parser.add_argument("--window", required=True, help="Kode periode, mis. lebaran-2025")
        parser.add_argument("--opd", help="Kode OPD, mis. dinkes (bawaan: seluruh kota)")
        parser.add_argument(
            "--apply", action="store_true", help="Terapkan usulan (satu transaksi, dengan riwayat)"
        )
        parser.add_argument(
            "--as",
            dest="username",
            help="Akun BKPSDM yang tercatat di riwayat (bawaan: sistem)",
        )
        parser.add_argument(
            "--time-limit",
            type=float,
            default=planner.UNIT_TIME_LIMIT,
            help="Batas kerja solver per unit, detik deterministik CP-SAT (bawaan: %(default)s)",
        )

    def handle(self, *args, window, opd=None, apply=False, username=None, **options):
        flex_window = window_or_refuse(window)
        scope = opd_or_refuse(opd)
        user = None
        if username:
            user = User.objects.filter(username=username, role=Role.BKPSDM).first()
            if user is None:
                raise CommandError(f"Akun BKPSDM '{username}' tidak ditemukan.", returncode=2)
        proposal = services.proposal_create(
            window=flex_window, opd=scope, by=user, time_limit=options["time_limit"]
        )
        for line in planner.summary_lines(proposal.summary):
            self.stdout.write(line)
        if not apply:
            self.stdout.write(
                f"Usulan #{proposal.pk} disimpan, belum diterapkan: jalankan lagi dengan --apply "
                "atau terapkan di portal."
            )
            return
        try:
            report = services.proposal_apply(proposal=proposal, by=user)
        except (ValidationError, PermissionDenied) as exc:
            message = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
            raise CommandError(message, returncode=1) from None
        self.stdout.write(_applied(proposal.pk, report))


def _applied(pk: int, report: dict) -> str:
    text = f"Usulan #{pk} diterapkan: {report['changed']} sel diubah di {report['opds']} OPD."
    if report["skipped"]:
        text += f" Rencana yang sudah disetujui dibiarkan: {', '.join(report['skipped'])}."
    return text + " Status rencana tidak berubah: lanjutkan dengan pengajuan dan persetujuan."
