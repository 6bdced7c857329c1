"""Staff import for BKPSDM: upload -> dry run -> confirm, and the template to fill in.

Between the dry run and the confirmation the checked file waits in WFA_IMPORT_DIR under a random
token, which the session of the user who uploaded it holds; the confirmation hands it to a
background job (jobs/staff_import.py) that validates every row again (the database may have
changed) and applies it in one transaction, with a progress page.
"""

import io
import os
import re
import secrets
import time
from pathlib import Path

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.crypto import constant_time_compare
from django.views.decorators.http import require_POST, require_safe
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from opd import background, guards, services, staff_import
from opd.access import require_perm
from opd.models import PNS_GOLONGAN, PPPK_GOLONGAN, PositionType, Unit
from opd.staff_import import EXAMPLE
from opd.xlsx_safety import check_xlsx, megabytes, read_limited

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SESSION_KEY = "staff_import"
TOKEN = re.compile(r"[A-Za-z0-9_-]{32}")
SHOWN = 200  # rows of each list on the dry-run page; the counts are always complete


class StaffUploadForm(forms.Form):
    """The upload; cleaning it reads at most the size limit and refuses any unsafe workbook."""

    file = forms.FileField(
        label="Berkas Excel (.xlsx)",
        widget=forms.ClearableFileInput(attrs={"accept": f".xlsx,{XLSX}"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        data = read_limited(upload, size=upload.size)
        check_xlsx(data)
        return data


@require_safe
@require_perm("opd.manage_city")
def staff_import_start(request):
    return _upload_page(request, StaffUploadForm())


@require_POST
@require_perm("opd.manage_city")
def staff_import_check(request):
    """The dry run: nothing is written; a clean file waits for confirmation."""
    form = StaffUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _upload_page(request, form, status=400)
    data = form.cleaned_data["file"]
    try:
        plan = staff_import.plan_rows(staff_import.read_rows(data))
    except ValidationError as exc:
        form.add_error("file", exc.messages)
        return _upload_page(request, form, status=400)
    token, at_risk = None, []
    if plan.has_changes and not plan.refused:
        token = _keep(request, data)
        at_risk = services.staff_import_preview(plan=plan)
    name = request.FILES["file"].name
    return _result_page(request, plan, token=token, name=name, at_risk=at_risk)


@require_POST
@require_perm("opd.manage_city")
def staff_import_confirm(request):
    """Hand the kept file to a background job, which checks every row again (the database may
    have changed) and applies it all or nothing (jobs/staff_import.py); its page shows how far."""
    try:
        # One confirmation per dry run, whatever happens next: of two at once, one claims it.
        data = _claim(request, request.POST.get("token", ""))
    except ValidationError as exc:
        return _upload_page(request, StaffUploadForm(), status=400, errors=exc.messages)
    job, _ = background.start(
        owner=request.user,
        kind="staff_import",
        parameters={"upload": _hand_over(data)},
        title="Impor data pegawai",
    )
    return redirect("jobs:detail", pk=job.pk)


@require_safe
@require_perm("opd.manage_city")
def staff_import_template(request):
    response = HttpResponse(template_workbook(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="templat-impor-pegawai.xlsx"'
    return response


def _upload_page(request, form, *, status=200, errors=()):
    context = {
        "form": form,
        "errors": errors,
        "columns": staff_import.COLUMNS,
        "max_size": megabytes(settings.WFA_IMPORT_MAX_BYTES),
        "max_rows": settings.WFA_IMPORT_MAX_ROWS,
        "ttl_minutes": settings.WFA_IMPORT_TTL_SECONDS // 60,
        "pns_golongan": f"{PNS_GOLONGAN[0]} sampai {PNS_GOLONGAN[-1]}",
        "pppk_golongan": f"{PPPK_GOLONGAN[0]} sampai {PPPK_GOLONGAN[-1]}",
        "position_types": PositionType.labels,
    }
    return render(request, "opd/import_upload.html", context, status=status)


def _result_page(
    request, plan, *, token=None, name="", status=200, changed_since=False, at_risk=()
):
    context = {
        "at_risk": at_risk,
        "at_risk_text": guards.describe(list(at_risk), future=True),
        "plan": plan,
        "token": token,
        "name": name,
        "shown": SHOWN,
        "create_shown": plan.create[:SHOWN],
        "update_shown": plan.update[:SHOWN],
        "refused_shown": plan.refused[:SHOWN],
        "refused_hidden": max(len(plan.refused) - SHOWN, 0),
        "changed_since": changed_since,
    }
    return render(request, "opd/import_result.html", context, status=status)


# --- the file between the dry run and the confirmation ----------------------------------------


def upload_directory() -> Path:
    directory = Path(settings.WFA_IMPORT_DIR)
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    return directory


def _keep(request, data: bytes) -> str:
    """Store the checked bytes under a new token held by this session; forget any earlier one."""
    _discard(request)
    directory = upload_directory()
    expired = time.time() - settings.WFA_IMPORT_TTL_SECONDS
    for old in [*directory.glob("*.xlsx"), *directory.glob("*.claimed")]:
        try:
            if old.stat().st_mtime < expired:
                old.unlink(missing_ok=True)
        except FileNotFoundError:  # claimed or removed by another request meanwhile
            pass
    token = secrets.token_urlsafe(24)
    fd = os.open(directory / f"{token}.xlsx", os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(data)
    request.session[SESSION_KEY] = {"token": token, "user": request.user.pk, "at": time.time()}
    return token


def _claim(request, token: str) -> bytes:
    """The kept bytes of this session's dry run, taken once: the file is renamed away first, so
    of two confirmations at once exactly one gets it and the other a clear message."""
    pending = request.session.get(SESSION_KEY) or {}
    if not (
        TOKEN.fullmatch(token)
        and constant_time_compare(token, pending.get("token", ""))
        and pending.get("user") == request.user.pk
    ):
        raise ValidationError(
            "Unggahan ini tidak dikenal untuk sesi Anda (mungkin sudah dikonfirmasi, atau diganti "
            "unggahan lain). Unggah berkasnya lagi untuk diperiksa."
        )
    request.session.pop(SESSION_KEY, None)
    path = upload_directory() / f"{token}.xlsx"
    claimed = path.with_name(f"{token}.{secrets.token_hex(8)}.claimed")
    try:
        os.rename(path, claimed)
    except FileNotFoundError:
        raise ValidationError(
            "Impor ini sudah dikonfirmasi (atau sedang dijalankan) dari permintaan lain, atau "
            "unggahannya kedaluwarsa. Periksa daftar pegawai; bila perlu unggah berkasnya lagi."
        ) from None
    try:
        if time.time() - pending["at"] > settings.WFA_IMPORT_TTL_SECONDS:
            raise ValidationError(
                f"Unggahan sudah kedaluwarsa (batas {settings.WFA_IMPORT_TTL_SECONDS // 60} menit "
                "setelah pemeriksaan). Unggah berkasnya lagi untuk diperiksa."
            )
        with claimed.open("rb") as stored:
            return read_limited(stored, size=claimed.stat().st_size)
    finally:
        claimed.unlink(missing_ok=True)


def _hand_over(data: bytes) -> str:
    """Keep the claimed bytes for the import job under a new random name; return the name."""
    name = f"job-{secrets.token_urlsafe(24)}.xlsx"
    fd = os.open(upload_directory() / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(data)
    return name


def _discard(request) -> None:
    pending = request.session.pop(SESSION_KEY, None) or {}
    token = pending.get("token", "")
    if TOKEN.fullmatch(token):
        (upload_directory() / f"{token}.xlsx").unlink(missing_ok=True)


# --- the template ------------------------------------------------------------------------------

HELP = [
    ("NIP", "18 digit NIP (PNS) atau NI PPPK, ditulis sebagai teks; spasi boleh."),
    ("Nama", "Nama lengkap dengan gelar."),
    ("Jenis ASN", "PNS atau PPPK."),
    (
        "Golongan",
        f"PNS: {PNS_GOLONGAN[0]} sampai {PNS_GOLONGAN[-1]}; PPPK: 1 sampai 17 (atau I-XVII).",
    ),
    ("Jenis Jabatan", "JPT, Administrator, Pengawas, Pelaksana atau Fungsional."),
    ("Nama Jabatan", "Mis. Perawat Ahli Pertama, Pengadministrasi Perkantoran."),
    ("Kode Unit", "Kode unit kerja; daftarnya ada di lembar 'Kode Unit'."),
    ("Aktif", "ya atau tidak."),
    ("Email", "Boleh dikosongkan atau kolomnya dihapus: alamat email untuk notifikasi."),
]


def template_workbook() -> bytes:
    """The headers, one valid example row, how to fill each column, and every unit's code."""
    units = list(Unit.objects.select_related("opd").order_by("opd__name", "name"))
    book = Workbook()
    sheet = book.active
    sheet.title = "Pegawai"
    sheet.append([column.header for column in staff_import.COLUMNS])
    example = EXAMPLE | {"unit_code": units[0].code if units else "kode-unit"}
    sheet.append([example[column.key] for column in staff_import.COLUMNS])
    sheet["A2"].number_format = "@"
    sheet.column_dimensions["A"].number_format = "@"  # new NIPs stay text, all 18 digits
    for index, width in enumerate((22, 34, 11, 10, 16, 34, 24, 8, 30), start=1):
        sheet.column_dimensions[chr(64 + index)].width = width
    for cell in sheet[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="198754")
    sheet.freeze_panes = "A2"
    _add_choices(sheet, "C", '"PNS,PPPK"')
    _add_choices(sheet, "E", '"JPT,Administrator,Pengawas,Pelaksana,Fungsional"')
    _add_choices(sheet, "H", '"ya,tidak"')
    if units:
        _add_choices(sheet, "G", f"'Kode Unit'!$A$2:$A${len(units) + 1}")

    guide = book.create_sheet("Petunjuk")
    guide.append(["Kolom", "Isi"])
    for row in HELP:
        guide.append(row)
    guide.append([])
    guide.append(["", "Hapus baris contoh sebelum mengunggah. Data dibaca dari lembar pertama."])
    guide.column_dimensions["A"].width = 16
    guide.column_dimensions["B"].width = 90

    codes = book.create_sheet("Kode Unit")
    codes.append(["Kode Unit", "Nama unit", "OPD"])
    for unit in units:
        codes.append([unit.code, unit.name, unit.opd.name])
    for letter, width in zip("ABC", (28, 48, 48), strict=True):
        codes.column_dimensions[letter].width = width
    for ws in (guide, codes):
        for cell in ws[1]:
            cell.font = Font(bold=True)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _add_choices(sheet, letter: str, formula: str) -> None:
    rule = DataValidation(type="list", formula1=formula, allow_blank=True)
    rule.error = "Pilih salah satu nilai dari daftar."
    rule.errorTitle = "Nilai tidak dikenal"
    sheet.add_data_validation(rule)
    rule.add(f"{letter}2:{letter}20000")
