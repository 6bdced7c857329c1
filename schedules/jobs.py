"""The city's auto-planner work as background jobs (jobs app): a whole-city proposal and its apply.

A city proposal runs the solver over every unit (up to the planner's 45-second budget) and its
apply writes tens of thousands of cells in one transaction: both run in the task worker with a
progress bar, and the job's result links to the proposal. One OPD's proposal and its apply are
small and stay immediate (schedules/views/planner.py).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from jobs.files import Refused
from jobs.registry import Output
from jobs.services import job_start
from opd.access import allowed
from schedules import services
from schedules.models import FlexWindow, Proposal

# This app's kinds of job (registered with their runners and labels in SchedulesConfig.ready).
CITY_PROPOSAL = "city_proposal"
PROPOSAL_APPLY = "proposal_apply"


def city_proposal_start(*, user, window: FlexWindow):
    """Queue a whole-city proposal; (job, whether it is new)."""
    return job_start(
        owner=user,
        kind=CITY_PROPOSAL,
        parameters={"window": window.slug},
        title=f"Usulan otomatis seluruh kota · {window.name}",
    )


def proposal_apply_start(*, user, proposal: Proposal):
    """Queue applying a proposal; (job, whether it is new: the same apply never runs twice)."""
    return job_start(
        owner=user,
        kind=PROPOSAL_APPLY,
        parameters={"proposal": proposal.pk},
        title=f"Penerapan usulan {proposal.scope_name} · {proposal.window.name}",
    )


def _may_propose(job) -> None:
    if not allowed(job.owner, "schedules.propose_plan"):
        raise Refused("Akun Anda tidak lagi berwenang menyusun rencana; pekerjaan dibatalkan.")


def _proposal_url(proposal: Proposal) -> str:
    return reverse("schedules:proposal", args=[proposal.window.slug, proposal.pk])


def run_city_proposal(job, progress) -> Output:
    _may_propose(job)
    window = FlexWindow.objects.filter(slug=job.params.get("window")).first()
    if window is None:
        raise Refused("Periode yang diminta tidak ditemukan lagi: mungkin sudah dihapus.")
    proposal = services.proposal_create(window=window, opd=None, by=job.owner, progress=progress)
    return Output(link=_proposal_url(proposal), message=describe_created(proposal))


def run_proposal_apply(job, progress) -> Output:
    _may_propose(job)
    proposal = Proposal.objects.select_related("window", "opd").filter(
        pk=job.params.get("proposal")
    )
    proposal = proposal.first()
    if proposal is None:
        raise Refused("Usulan yang diminta tidak ditemukan lagi: mungkin sudah dihapus.")
    try:
        report = services.proposal_apply(proposal=proposal, by=job.owner, progress=progress)
    except ValidationError as exc:
        raise Refused(" ".join(exc.messages)) from None
    except PermissionDenied as exc:
        raise Refused(str(exc) or "Anda tidak berwenang menerapkan usulan ini.") from None
    return Output(link=_proposal_url(proposal), message=describe_applied(report))


def describe_created(proposal: Proposal) -> str:
    seconds = f"{proposal.seconds:.1f}".replace(".", ",")  # Indonesian decimal comma
    return (
        f"Usulan untuk {proposal.scope_name} selesai dihitung dalam {seconds} detik. "
        "Periksa perbedaannya sebelum menerapkan."
    )


def describe_applied(report: dict) -> str:
    text = f"Usulan diterapkan: {report['changed']} sel diubah di {report['opds']} OPD."
    if report["skipped"]:
        text += f" Rencana yang sudah disetujui dibiarkan: {', '.join(report['skipped'])}."
    if report["returned"]:
        text += (
            " Rencana yang sedang diajukan kembali menjadi draf karena isinya berubah: "
            f"{', '.join(report['returned'])}."
        )
    return text + " Ajukan rencana ke Kepala OPD seperti biasa."


def describe_undone(report: dict) -> str:
    text = f"Penerapan usulan dibatalkan: {report['changed']} sel dikembalikan."
    if report["returned"]:
        text += f" Rencana yang kembali menjadi draf: {', '.join(report['returned'])}."
    return text
