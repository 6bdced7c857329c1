"""Pembatasan WFO: who may work on site only, and until when (eligibility.models).

BKPSDM records a sanction, a new appointment, a transfer or a promotion, and ends one; heads
(and their Plh/Plt) and the mayor's office read their scope. Another OPD's restriction is a 404.
Recording or ending re-checks the person's promised plans under the staff-change guard, so these
pages live in schedules (schedules/services/eligibility.py).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from absences.views import add_errors, said_sent_back
from eligibility.forms import EndForm, RestrictionForm
from eligibility.models import Restriction, RestrictionKind
from opd.access import allowed, require_perm
from opd.disclosure import ReadKind, note_read
from opd.picker import employee_candidates
from schedules.services import eligibility as services

PER_PAGE = 50
SHOWS = {
    "berjalan": "Berjalan hari ini",
    "mendatang": "Berjalan atau akan datang",
    "semua": "Semua",
}


@require_safe
@require_perm("eligibility.view_list")
def restriction_list(request):
    """The restrictions the user may see: by default those running today, newest first."""
    today = timezone.localdate()
    show = request.GET.get("tampil", "berjalan")
    show = show if show in SHOWS else "berjalan"
    kind = request.GET.get("jenis", "")
    listed = Restriction.objects.visible_to(request.user).select_related(
        "employee__unit__opd", "recorded_by"
    )
    if show == "berjalan":
        listed = listed.running_on(today)
    elif show == "mendatang":
        listed = listed.overlapping(today, None)
    if kind in RestrictionKind.values:
        listed = listed.filter(kind=kind)
    page = Paginator(listed.order_by("-start_date", "-pk"), PER_PAGE).get_page(
        request.GET.get("halaman")
    )
    note_read(
        request,
        ReadKind.RESTRICTIONS,
        [r.employee_id for r in page],
        detail="Daftar pembatasan WFO",
    )
    context = {
        "page": page,
        "show": show,
        "shows": SHOWS.items(),
        "kind": kind,
        "kinds": RestrictionKind.choices,
        "today": today,
    }
    return render(request, "eligibility/list.html", context)


@require_http_methods(["GET", "POST"])
@require_perm("eligibility.record")
def restriction_record(request):
    """BKPSDM records a restriction; an appointment without an end date gets the policy's."""
    employees = employee_candidates(request.user)
    initial = {}
    chosen = request.GET.get("employee", "")
    if chosen.isdigit():
        initial["employee"] = chosen
    form = RestrictionForm(
        request.POST or None,
        employees=employees,
        search=request.GET.get("cari_employee", ""),
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            restriction, sent = services.restriction_record(
                by=request.user, **form.fields_for_service()
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(
                request,
                f"Dicatat: {restriction.employee.name} hanya boleh WFO {restriction.dates_text} "
                f"({restriction.get_kind_display().lower()}).",
            )
            said_sent_back(request, sent)
            return redirect("eligibility:detail", pk=restriction.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "eligibility/record.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
@require_perm("eligibility.view_list")
def restriction_detail(request, pk):
    """One restriction with its history; BKPSDM ends it (or moves its last day) here."""
    restriction = get_object_or_404(
        Restriction.objects.visible_to(request.user).select_related(
            "employee__unit__opd", "recorded_by"
        ),
        pk=pk,
    )
    may_end = allowed(request.user, "eligibility.record")
    form = EndForm(
        request.POST or None,
        initial={"end_date": restriction.end_date or timezone.localdate()},
    )
    status = 200
    if request.method == "POST":
        if not may_end:
            raise PermissionDenied("Hanya BKPSDM yang dapat mengakhiri pembatasan.")
        if form.is_valid():
            try:
                restriction, sent = services.restriction_end(
                    restriction=restriction, last_day=form.cleaned_data["end_date"], by=request.user
                )
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(
                    request,
                    f"{restriction.employee.name} hanya boleh WFO {restriction.dates_text}; "
                    "sesudahnya kembali boleh bekerja fleksibel.",
                )
                said_sent_back(request, sent)
                return redirect("eligibility:detail", pk=restriction.pk)
        status = 400
    history = restriction.history.select_related("history_user").order_by("-history_date")[:20]
    detail = f"{restriction.get_kind_display()} {restriction.dates_text}"  # which one, not why
    note_read(request, ReadKind.RESTRICTIONS, [restriction.employee_id], detail=detail)
    context = {
        "restriction": restriction,
        "form": form,
        "may_end": may_end,
        "history": history,
        "running": restriction.runs_on(timezone.localdate()),
    }
    return render(request, "eligibility/detail.html", context, status=status)
