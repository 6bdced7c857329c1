"""The head's decision on an absence, with what it does to coverage said first (the one
coverage engine, schedules/absence_effect.py). The other absence pages are absences/views.py."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST, require_safe

from absences import services
from absences.forms import DecisionForm
from absences.models import Absence, AbsenceStatus
from absences.views import said_sent_back
from opd.access import allowed, require_perm
from opd.disclosure import ReadKind, note_read
from schedules.absence_effect import absence_effect


def _absence(request, pk) -> Absence:
    found = Absence.objects.visible_to(request.user).select_related(
        "employee__unit__opd", "decided_by", "requested_by"
    )
    return get_object_or_404(found, pk=pk)


def _may_decide(user, absence) -> bool:
    return (
        absence.status == AbsenceStatus.REQUESTED
        and allowed(user, "absences.decide", absence.employee.unit.opd)
        and user.employee_id != absence.employee_id
    )


def _page(request, absence, form, status=200):
    may_decide = _may_decide(request.user, absence)
    context = {
        "absence": absence,
        "form": form,
        "may_decide": may_decide,
        "effect": absence_effect(absence) if may_decide else None,
        "history": absence.history.select_related("history_user").order_by("-history_date"),
    }
    detail = f"{absence.get_kind_display()} {absence.dates_text}"  # which one, not its reason
    note_read(request, ReadKind.ABSENCES, [absence.employee_id], detail=detail)
    return render(request, "absences/detail.html", context, status=status)


@require_safe
@login_required
def absence_detail(request, pk):
    """One absence, its history, and for the head who decides it: its effect on coverage."""
    return _page(request, _absence(request, pk), DecisionForm())


@require_POST
@require_perm("absences.decide_any")
def absence_decide(request, pk):
    absence = _absence(request, pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return _page(request, absence, form, status=400)
    try:
        absence, sent = services.absence_decide(
            absence=absence, approve=form.approve, note=form.cleaned_data["note"], by=request.user
        )
    except ValidationError as exc:
        form.add_error(None, exc.messages)
        return _page(request, absence, form, status=400)
    verb = "disetujui" if form.approve else "ditolak"
    messages.success(request, f"{absence.label} {absence.employee.name} {verb}.")
    said_sent_back(request, sent)
    return redirect("absences:list")
