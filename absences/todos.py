"""Absence requests that wait for a decision: for the home page inbox and the daily digest
(inbox.selectors). They wait for the head of the person's OPD, or for its Plh/Plt during the
range (opd.access.head_opd_ids), never for the person who asked."""

from django.urls import reverse

from absences.models import Absence, AbsenceStatus
from inbox.selectors import Todo
from inbox.services import head_accounts
from opd.access import head_opd_ids


def absence_todos(user) -> list[Todo]:
    opd_ids = head_opd_ids(user)
    if not opd_ids:  # no query for anyone who decides nothing today
        return []
    waiting = Absence.objects.filter(
        status=AbsenceStatus.REQUESTED, employee__unit__opd_id__in=opd_ids
    )
    if user.employee_id:
        waiting = waiting.exclude(employee_id=user.employee_id)
    count = waiting.count()
    if not count:
        return []
    url = reverse("absences:list") + f"?status={AbsenceStatus.REQUESTED}"
    text = f"{count} pengajuan cuti, dinas luar atau diklat menunggu keputusan Anda"
    return [Todo(text=text, url=url, count=count, tone="primary")]


def absence_todo_users() -> set[int]:
    """Heads (and Plh/Plt today) of OPDs with a request waiting."""
    waiting = Absence.objects.filter(status=AbsenceStatus.REQUESTED)
    return set(head_accounts(waiting.values("employee__unit__opd_id")).values_list("pk", flat=True))
