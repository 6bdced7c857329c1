"""Plans that wait for someone: for the home page inbox and the daily digest (inbox.selectors)."""

from django.urls import reverse

from inbox.selectors import Todo
from inbox.services import bkpsdm_accounts, head_accounts
from opd.access import head_opd_ids, is_bkpsdm, is_head
from schedules.models import Plan, PlanStatus

LISTED = 10


def _url(plan: Plan) -> str:
    return reverse("schedules:grid", args=[plan.window.slug, plan.opd.code])


def _name(plan: Plan) -> str:
    return f"{plan.opd.short_name or plan.opd.name} ({plan.window.name})"


def plan_todos(user) -> list[Todo]:
    if is_head(user):
        plans = Plan.objects.filter(  # a Plh/Plt: the OPDs they stand in for, today only
            opd_id__in=head_opd_ids(user), status__in=[PlanStatus.SUBMITTED, PlanStatus.REVIEW]
        )
    elif is_bkpsdm(user):
        plans = Plan.objects.filter(status__in=[PlanStatus.RETURNED, PlanStatus.REVIEW])
    else:
        return []
    plans = list(plans.select_related("opd", "window").order_by("acted_at", "pk")[: LISTED + 1])
    todos = []
    for plan in plans[:LISTED]:
        if plan.status == PlanStatus.SUBMITTED:
            text, tone = f"Rencana {_name(plan)} menunggu persetujuan Anda", "primary"
        elif plan.status == PlanStatus.RETURNED:
            text, tone = f"Rencana {_name(plan)} dikembalikan: “{plan.note}”", "warning"
        else:
            text, tone = f"Rencana {_name(plan)} perlu ditinjau", "danger"
        # Keyed as the plan's notifications are (schedules.notices): one item per plan.
        todos.append(Todo(text=text, url=_url(plan), tone=tone, key=f"plan:{plan.pk}"))
    if len(plans) > LISTED:
        todos.append(Todo(text="Rencana lain menunggu", url=reverse("schedules:windows")))
    return todos


def plan_todo_users() -> set[int]:
    """Heads of OPDs with a plan awaiting them, and BKPSDM when a plan waits for it."""
    waiting = Plan.objects.filter(status__in=[PlanStatus.SUBMITTED, PlanStatus.REVIEW])
    users = set(head_accounts(waiting.values("opd_id")).values_list("pk", flat=True))
    if Plan.objects.filter(status__in=[PlanStatus.RETURNED, PlanStatus.REVIEW]).exists():
        users |= set(bkpsdm_accounts().values_list("pk", flat=True))
    return users
