"""Reading an absence file (the pemda's leave system, an SPT list) into a plan: which absences
an import would record, which it already has, and which rows it refuses (one message per row,
"Baris 7: ..."). Nothing here writes; `absences.services.absences_import` does, all or nothing.

An .xlsx passes common.xlsx_safety.check_xlsx before openpyxl opens it (read-only, formulas as
written: a formula is refused, never computed); a .csv is read as UTF-8 with ',' or ';'.
The import is idempotent on employee + kind + dates: the same row twice records one absence.
"""

import csv
import io
import logging
from dataclasses import dataclass, field
from datetime import date, datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from openpyxl import load_workbook

from absences.models import Absence, AbsenceKind, clash_message
from common.table_rows import data_rows
from common.xlsx_safety import UnsafeWorkbook, check_xlsx
from opd.access import employees_visible_to
from staff_import.columns import RowError, clean_nip, clean_text

logger = logging.getLogger(__name__)
HEADER_SEARCH_ROWS = 10
LOOKUP_CHUNK = 900
MAX_DAYS = 3 * 366  # tugas belajar may last years; longer is a typing error
COLUMNS = {
    "nip": ("nip", "nip / ni pppk", "nip/ni pppk"),
    "kind": ("jenis", "jenis cuti", "jenis ketidakhadiran"),
    "start_date": ("tanggal mulai", "mulai", "dari"),
    "end_date": ("tanggal selesai", "selesai", "sampai"),
    "evidence": ("nomor surat", "nomor surat atau tautan", "no. surat", "nomor spt"),
    "reason": ("keterangan",),
}
REQUIRED = ("nip", "kind", "start_date", "end_date")
KINDS = {k.value.lower(): k.value for k in AbsenceKind} | {
    k.label.lower(): k.value for k in AbsenceKind
}


@dataclass(frozen=True)
class Row:
    """One clean row: what the confirmation carries (signed) back to the server."""

    number: int
    nip: str
    kind: str
    start: str  # ISO dates: the row travels signed as plain data
    end: str
    evidence: str
    reason: str

    @property
    def key(self) -> tuple:
        return (self.nip, self.kind, self.start, self.end)


@dataclass
class AbsencePlan:
    rows: int = 0
    add: list[Row] = field(default_factory=list)
    unchanged: int = 0
    refused: list[str] = field(default_factory=list)
    staff: dict = field(default_factory=dict, repr=False)  # NIP -> Employee, of the rows seen


def _unreadable() -> UnsafeWorkbook:
    return UnsafeWorkbook(
        "Berkas tidak dapat dibaca sebagai buku kerja Excel atau CSV (isinya rusak atau tidak "
        "lengkap). Simpan ulang sebagai .xlsx atau CSV UTF-8 lalu unggah lagi.",
        code="unreadable",
    )


def read_rows(data: bytes, name: str) -> list[tuple[int, dict]]:
    """(row number, {field: cell}) for each non-empty row under the header."""
    if name.lower().endswith(".csv"):
        return _rows(_csv_cells(data))
    check_xlsx(data)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, keep_links=False)
    except Exception as exc:  # openpyxl raises many kinds on a malformed part
        logger.info("Unreadable workbook: %r", exc)
        raise _unreadable() from None
    try:
        return _rows(workbook.worksheets[0].iter_rows(values_only=True))
    except ValidationError:
        raise
    except Exception as exc:
        logger.info("Unreadable worksheet: %r", exc)
        raise _unreadable() from None
    finally:
        workbook.close()


def _csv_cells(data: bytes):
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(
            "Berkas CSV harus bersandi UTF-8 (di Excel: 'CSV UTF-8'). Tidak ada data yang diubah."
        ) from None
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    return csv.reader(io.StringIO(text), delimiter=delimiter)


def _match_header(values) -> dict[str, int]:
    names = [" ".join(str(v).split()).lower() if v is not None else "" for v in values]
    found = {}
    for key, labels in COLUMNS.items():
        for i, name in enumerate(names):
            if name in labels:
                found[key] = i
                break
    return found if "nip" in found else {}


def _rows(cells) -> list[tuple[int, dict]]:
    cells = iter(cells)
    positions, header = {}, 0
    for header, values in enumerate(cells, start=1):
        positions = _match_header(list(values))
        if positions or header >= HEADER_SEARCH_ROWS:
            break
    labels = {k: v[0].capitalize() for k, v in COLUMNS.items()}
    if not positions:
        raise ValidationError(
            f"Baris judul tidak ditemukan: {HEADER_SEARCH_ROWS} baris pertama tidak memuat kolom "
            "NIP. Judul kolom yang diharapkan: " + ", ".join(labels.values()) + ". Tidak ada "
            "data yang diubah."
        )
    missing = [labels[k] for k in REQUIRED if k not in positions]
    if missing:
        raise ValidationError(
            f"Kolom {', '.join(missing)} tidak ditemukan pada baris judul (baris {header}). "
            "Tidak ada data yang diubah."
        )
    return list(data_rows(cells, positions, header_row=header, limit=settings.WFA_IMPORT_MAX_ROWS))


def _date(value, what: str) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value or "").strip()
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise RowError(
        f"{what} tidak dikenali ({text[:20]!r}); tulis seperti 2025-03-31 atau 31/03/2025."
    )


def _kind(value) -> str:
    text = " ".join(str(value or "").split()).lower()
    if text not in KINDS:
        raise RowError(
            f"Jenis {str(value or '')[:30]!r} tidak dikenal; pakai salah satu kode "
            + ", ".join(AbsenceKind.values)
            + " atau namanya."
        )
    return KINDS[text]


def clean_row(number: int, cells: dict) -> Row:
    """One row's cells, normalised, or RowError with the reason."""
    try:
        nip = clean_nip(cells.get("nip"))
    except RowError as error:
        raise RowError(f"NIP: {error.message}") from None
    if not nip.isdigit() or len(nip) != 18:
        raise RowError(f"NIP harus 18 angka, tertulis {nip[:30]!r}.")
    kind = _kind(cells.get("kind"))
    start = _date(cells.get("start_date"), "Tanggal mulai")
    end = _date(cells.get("end_date"), "Tanggal selesai")
    if end < start:
        raise RowError("Tanggal selesai sebelum tanggal mulai.")
    if (end - start).days + 1 > MAX_DAYS:
        raise RowError(f"Lebih dari {MAX_DAYS} hari; periksa tahunnya.")
    reason = clean_text(cells.get("reason"), "Keterangan", 200, required=False)
    if kind == AbsenceKind.OTHER and not reason:
        raise RowError("Jenis 'Lainnya' wajib diberi keterangan.")
    return Row(
        number=number,
        nip=nip,
        kind=kind,
        start=start.isoformat(),
        end=end.isoformat(),
        evidence=clean_text(cells.get("evidence"), "Nomor surat", 300, required=False),
        reason=reason,
    )


def plan_rows(raw, *, user) -> AbsencePlan:
    """Check every row against the file itself (the same absence twice, two rows of one person
    that overlap) and the database (staff the user may reach, absences already there)."""
    plan, seen, clean = AbsencePlan(rows=len(raw)), {}, []
    for number, cells in raw:
        try:
            row = clean_row(number, cells)
        except RowError as error:
            plan.refused.append(f"Baris {number}: {error.message}")
            continue
        if row.key in seen:
            plan.refused.append(f"Baris {number}: sama dengan baris {seen[row.key]}.")
            continue
        seen[row.key] = number
        clean.append(row)
    return checked(clean, user=user, plan=plan)


def checked(clean: list[Row], *, user, plan: AbsencePlan | None = None) -> AbsencePlan:
    """Clean rows checked against the database as it is now (the dry run, and again at the
    confirmation, under the plans' locks). `plan.staff` maps each NIP added to its employee."""
    plan = plan or AbsencePlan(rows=len(clean))
    staff = _staff(user, {r.nip for r in clean})
    plan.staff = staff
    existing = _holding(staff)
    mine: dict[str, list[Row]] = {}
    for row in clean:
        employee = staff.get(row.nip)
        if employee is None:
            plan.refused.append(
                f"Baris {row.number}: NIP {row.nip} tidak ditemukan di antara pegawai aktif yang "
                "dapat Anda kelola."
            )
            continue
        held = existing.get(employee.pk, [])
        if any(_same(a, row) for a in held):
            plan.unchanged += 1
            continue
        start, end = date.fromisoformat(row.start), date.fromisoformat(row.end)
        other = next((a for a in held if a.start_date <= end and a.end_date >= start), None)
        if other is not None:
            plan.refused.append(f"Baris {row.number}: {clash_message(other)}")
            continue
        twin = next(
            (r for r in mine.get(row.nip, []) if r.start <= row.end and r.end >= row.start), None
        )
        if twin is not None:
            plan.refused.append(
                f"Baris {row.number}: tanggalnya bertabrakan dengan baris {twin.number} "
                "(pegawai yang sama)."
            )
            continue
        mine.setdefault(row.nip, []).append(row)
        plan.add.append(row)
    return plan


def _same(absence: Absence, row: Row) -> bool:
    return (absence.kind, absence.start_date.isoformat(), absence.end_date.isoformat()) == (
        row.kind,
        row.start,
        row.end,
    )


def _staff(user, nips: set[str]) -> dict:
    scope = employees_visible_to(user).active().select_related("unit")
    found, ordered = {}, sorted(nips)
    for start in range(0, len(ordered), LOOKUP_CHUNK):
        found.update(
            {e.nip: e for e in scope.filter(nip__in=ordered[start : start + LOOKUP_CHUNK])}
        )
    return found


def _holding(staff: dict) -> dict[int, list[Absence]]:
    ids, found = sorted(e.pk for e in staff.values()), {}
    for start in range(0, len(ids), LOOKUP_CHUNK):
        for absence in (
            Absence.objects.holding()
            .filter(employee_id__in=ids[start : start + LOOKUP_CHUNK])
            .select_related("employee")
        ):
            found.setdefault(absence.employee_id, []).append(absence)
    return found
