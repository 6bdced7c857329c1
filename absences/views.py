"""The absence pages that need no coverage: an employee's own requests, the lists, BKPSDM's
record form and cancelling. The head's decision page says what the absence does to coverage, so
it lives in schedules (schedules/views/absences.py), right of the coverage engine."""

from dataclasses import astuple

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from absences import importing, services
from absences.forms import AbsenceRecordForm, AbsenceRequestForm, AbsenceUploadForm
from absences.models import Absence, AbsenceStatus
from opd import guards
from opd.access import require_perm
from opd.disclosure import ReadKind, note_read
from opd.picker import employee_candidates

PER_PAGE = 50
SHOWN = 200  # rows listed on the import's result page


def add_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def said_sent_back(request, sent: list) -> None:
    if sent:
        messages.warning(request, guards.describe(sent, future=False))


@require_http_methods(["GET", "POST"])
@require_perm("absences.request_own")
def mine(request):
    """The phone page: my absences, newest first, and the form to ask for one."""
    employee = request.user.employee
    form = AbsenceRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            absence = services.absence_request(
                employee=employee, by=request.user, **form.fields_for_service()
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(
                request, f"{absence.label} {absence.dates_text} diajukan ke kepala OPD."
            )
            return redirect("absences:mine")
    listed = Absence.objects.filter(employee=employee).select_related("decided_by")[:PER_PAGE]
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "absences": listed}
    return render(request, "absences/mine.html", context, status=status)


@require_safe
@require_perm("absences.view_list")
def absence_list(request):
    """Absences the user may see (own OPD for a head), the requests waiting first."""
    status = request.GET.get("status", "")
    listed = Absence.objects.visible_to(request.user).select_related(
        "employee__unit__opd", "decided_by"
    )
    if status in AbsenceStatus.values:
        listed = listed.filter(status=status)
    page = Paginator(listed.order_by("-start_date", "pk"), PER_PAGE).get_page(
        request.GET.get("halaman")
    )
    waiting = Absence.objects.visible_to(request.user).filter(status=AbsenceStatus.REQUESTED)
    note_read(
        request, ReadKind.ABSENCES, [a.employee_id for a in page], detail="Daftar ketidakhadiran"
    )
    context = {
        "page": page,
        "status": status,
        "statuses": AbsenceStatus.choices,
        "waiting": waiting.count(),
    }
    return render(request, "absences/list.html", context)


@require_http_methods(["GET", "POST"])
@require_perm("absences.record")
def record(request):
    """BKPSDM records an absence decided elsewhere (an SPT, the pemda's leave system)."""
    form = AbsenceRecordForm(
        request.POST or None,
        employees=employee_candidates(request.user),
        search=request.GET.get("cari_employee", ""),
    )
    if request.method == "POST" and form.is_valid():
        try:
            absence, sent = services.absence_record(
                employee=form.cleaned_data["employee"],
                by=request.user,
                **form.fields_for_service(),
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, f"Dicatat: {absence}.")
            said_sent_back(request, sent)
            return redirect("absences:list")
    status = 400 if request.method == "POST" else 200
    return render(request, "absences/record.html", {"form": form}, status=status)


@require_POST
@login_required
def cancel(request, pk):
    """Withdraw an absence: the employee their own, the head for their OPD, BKPSDM any."""
    absence = get_object_or_404(Absence.objects.visible_to(request.user), pk=pk)
    try:
        absence, sent = services.absence_cancel(absence=absence, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"Dibatalkan: {absence}.")
        said_sent_back(request, sent)
    if request.user.employee_id == absence.employee_id:
        return redirect("absences:mine")
    return redirect("absences:detail", pk=absence.pk)


# --- import: upload -> dry run -> confirmation ---------------------------------------------


def _salt(user) -> str:
    return f"absences.import:{user.pk}"


@require_safe
@require_perm("absences.record")
def import_start(request):
    return _upload_page(request, AbsenceUploadForm())


def _upload_page(request, form, status=200, errors=()):
    context = {"form": form, "errors": errors, "columns": importing.COLUMNS}
    return render(request, "absences/import.html", context, status=status)


@require_POST
@require_perm("absences.record")
def import_check(request):
    """The dry run: every row checked, nothing written; a clean file may then be confirmed."""
    form = AbsenceUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _upload_page(request, form, status=400)
    try:
        raw = importing.read_rows(form.cleaned_data["file"], request.FILES["file"].name)
        found = importing.plan_rows(raw, user=request.user)
    except ValidationError as exc:
        form.add_error("file", exc.messages)
        return _upload_page(request, form, status=400)
    token = ""
    if found.add and not found.refused:
        rows = [astuple(r) for r in found.add]
        token = signing.dumps(rows, salt=_salt(request.user), compress=True)
    return _result_page(request, found, token=token, name=request.FILES["file"].name)


def _result_page(request, found, *, token="", name="", done=False, status=200):
    context = {
        "plan": found,
        "token": token,
        "name": name,
        "done": done,
        "shown": SHOWN,
        "add": found.add[:SHOWN],
        "refused": found.refused[:SHOWN],
    }
    return render(request, "absences/import_result.html", context, status=status)


@require_POST
@require_perm("absences.record")
def import_confirm(request):
    """Record the dry run's rows (signed by the server for this user, so nothing in them can be
    forged), checked again against the database as it is now, all or nothing."""
    try:
        rows = signing.loads(
            request.POST.get("token", ""),
            salt=_salt(request.user),
            max_age=settings.WFA_IMPORT_TTL_SECONDS,
        )
        rows = [importing.Row(*row) for row in rows]
    except (signing.BadSignature, TypeError, ValueError):
        errors = [
            "Hasil pemeriksaan ini tidak dikenal atau sudah kedaluwarsa. Unggah berkasnya lagi "
            "untuk diperiksa; tidak ada data yang diubah."
        ]
        return _upload_page(request, AbsenceUploadForm(), status=400, errors=errors)
    try:
        found, sent = services.absences_import(rows=rows, by=request.user)
    except ValidationError as exc:
        return _upload_page(request, AbsenceUploadForm(), status=400, errors=exc.messages)
    if found.refused:
        return _result_page(request, found, status=400)
    messages.success(
        request,
        f"Impor selesai: {len(found.add)} ketidakhadiran dicatat, {found.unchanged} sudah ada.",
    )
    said_sent_back(request, sent)
    return _result_page(request, found, done=True)
