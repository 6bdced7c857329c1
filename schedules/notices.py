"""Who is told what when a plan, a proposal or a window changes (called by the services, inside
their transaction). Texts carry only what the recipient may see in the portal anyway."""

from django.urls import reverse

from common.dates import tanggal
from inbox import services as inbox
from inbox.models import Kind
from opd.models import Role, User
from schedules.models import Plan, WindowDay


def _who(user) -> str:
    return user.display_name if user is not None else "sistem"


def _plan_url(plan: Plan) -> str:
    return reverse("schedules:grid", args=[plan.window.slug, plan.opd.code])


def _name(plan: Plan) -> str:
    return f"{plan.opd.short_name or plan.opd.name} ({plan.window.name})"


def _about_plan(plan: Plan, *, recipients, kind: Kind, text: str) -> None:
    """Each recipient keeps one unread notification per plan, rewritten by each event (the
    inbox's one item per plan, not one per submission, return or applied proposal)."""
    inbox.notify_in_place(
        recipients=recipients,
        kind=kind,
        key=f"plan:{plan.pk}",
        text=text,
        url=_plan_url(plan),
        about=plan,
    )


def plan_submitted(plan: Plan, by) -> None:
    _about_plan(
        plan,
        recipients=inbox.head_accounts([plan.opd_id]),
        kind=Kind.PLAN_SUBMITTED,
        text=f"Rencana {_name(plan)} diajukan {_who(by)} dan menunggu persetujuan Anda.",
    )


def plan_returned(plan: Plan, by, note: str) -> None:
    _about_plan(
        plan,
        recipients=inbox.bkpsdm_accounts(),
        kind=Kind.PLAN_RETURNED,
        text=f"Rencana {_name(plan)} dikembalikan {_who(by)}: “{note}”",
    )


def plan_approved(plan: Plan, by) -> None:
    _about_plan(
        plan,
        recipients=inbox.bkpsdm_accounts(),
        kind=Kind.PLAN_APPROVED,
        text=f"Rencana {_name(plan)} disetujui {_who(by)}.",
    )


def plan_reopened(plan: Plan, by, reason: str) -> None:
    _about_plan(
        plan,
        recipients=inbox.head_accounts([plan.opd_id]),
        kind=Kind.PLAN_REOPENED,
        text=f"Rencana {_name(plan)} yang sudah disetujui dibuka kembali oleh {_who(by)}: "
        f"“{reason}”",
    )


def plan_sent_to_review(plan: Plan, by, cause: str) -> None:
    recipients = [*inbox.head_accounts([plan.opd_id]), *inbox.bkpsdm_accounts()]
    _about_plan(
        plan,
        recipients=recipients,
        kind=Kind.PLAN_REVIEW,
        text=f"Rencana {_name(plan)} perlu ditinjau: {cause} (oleh {_who(by)}) membuatnya kurang "
        "pegawai di kantor.",
    )


def proposal_applied(plan: Plan, by, changed: int) -> None:
    _about_plan(
        plan,
        recipients=inbox.head_accounts([plan.opd_id]),
        kind=Kind.PROPOSAL_APPLIED,
        text=f"Usulan otomatis diterapkan {_who(by)} pada rencana {_name(plan)}: {changed} sel "
        "berubah.",
    )


def schedules_changed(plan: Plan, by, employee_ids) -> None:
    """Staff whose schedule changed after their plan had been approved (then reopened)."""
    window = plan.window
    inbox_url = reverse("schedules:my_schedule")
    for user in inbox.employee_accounts(employee_ids):
        inbox.notify_batched(
            recipients=[user],
            kind=Kind.SCHEDULE_CHANGED,
            batch_key=f"schedule:{window.pk}",
            text=lambda n: (
                f"Jadwal Anda dalam {window.name} diubah {_who(by)} setelah rencananya "
                f"disetujui{f' ({n} perubahan)' if n > 1 else ''}. Lihat Jadwal saya."
            ),
            url=inbox_url,
        )


def window_day_changed(day: WindowDay, *, added: bool) -> None:
    """Everyone a window's day concerns: its staff with accounts, the heads and BKPSDM."""
    when = tanggal(day.date, weekday=True)
    verb = "ditambahkan ke" if added else "dihapus dari"
    recipients = User.objects.filter(is_active=True).filter(
        role__in=[Role.BKPSDM, Role.HEAD, Role.EMPLOYEE]
    )
    inbox.notify(
        recipients=recipients,
        kind=Kind.WINDOW_DAY,
        text=f"{when} {verb} {day.window.name}. Lihat jadwal Anda untuk hari itu.",
        url=reverse("schedules:window", args=[day.window.slug]),
    )
