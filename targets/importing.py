"""Reading a target workbook into a plan: which action plans an import would add, change or leave
alone, and which rows it refuses (one message per row, "Baris 7: ..."). Nothing here writes.

Only bytes that passed common.xlsx_safety.check_xlsx are opened, read-only, formulas as written
(a formula is refused, never computed), through the column mapping of targets/layout.py.
"""

import io
import logging
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from openpyxl import load_workbook

from common.formulas import starts_formula
from common.table_rows import data_rows
from common.xlsx_safety import UnsafeWorkbook, check_xlsx
from opd.access import employees_visible_to
from staff_import.columns import RowError, clean_nip, clean_text
from targets import layout
from targets.models import ActionPlan, TargetStatus, WorkTarget

logger = logging.getLogger(__name__)
HEADER_SEARCH_ROWS = 10
MAX_TEXT = 500
MAX_UNIT = 50
LOOKUP_CHUNK = 900
# The dry run's clean rows travel back signed in the confirmation form: an OPD's SKP (a few
# thousand staff x a handful of action plans) fits well within it.
MAX_ROWS = 10_000


@dataclass(frozen=True)
class Row:
    """One clean row: what the confirmation carries (signed) back to the server."""

    number: int
    nip: str
    year: int
    rhk: str
    text: str
    quantity: str
    unit_of_measure: str


@dataclass
class TargetPlan:
    rows: int = 0
    add: list[Row] = field(default_factory=list)
    change: list[Row] = field(default_factory=list)
    unchanged: int = 0
    approve: set[tuple[str, int]] = field(default_factory=set)  # targets the import approves
    refused: list[str] = field(default_factory=list)
    clean: list[Row] = field(default_factory=list)

    @property
    def has_changes(self) -> bool:
        return bool(self.add or self.change)


def _unreadable() -> UnsafeWorkbook:
    return UnsafeWorkbook(
        "Berkas tidak dapat dibaca sebagai buku kerja Excel (isinya rusak atau tidak lengkap). "
        "Simpan ulang dari Excel sebagai 'Buku Kerja Excel (*.xlsx)' lalu unggah lagi.",
        code="unreadable",
    )


def read_rows(data: bytes) -> list[tuple[int, dict]]:
    """(Excel row number, {field: cell}) for each non-empty row under the header of sheet one."""
    check_xlsx(data)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, keep_links=False)
    except Exception as exc:  # openpyxl raises many kinds on a malformed part
        logger.info("Unreadable workbook: %r", exc)
        raise _unreadable() from None
    try:
        return _sheet_rows(workbook.worksheets[0])
    except ValidationError:
        raise
    except Exception as exc:
        logger.info("Unreadable worksheet: %r", exc)
        raise _unreadable() from None
    finally:
        workbook.close()


def _sheet_rows(sheet) -> list[tuple[int, dict]]:
    cells = sheet.iter_rows(values_only=True)
    positions, header = None, 0
    for header, values in enumerate(cells, start=1):
        positions = layout.match_header(list(values))
        if positions or header >= HEADER_SEARCH_ROWS:
            break
    if not positions:
        raise ValidationError(
            f"Baris judul tidak ditemukan: {HEADER_SEARCH_ROWS} baris pertama lembar pertama tidak "
            "memuat kolom NIP. Judul kolom yang diharapkan: "
            + ", ".join(layout.LABELS.values())
            + ". Tidak ada data yang diubah."
        )
    missing = [layout.LABELS[k] for k in layout.LABELS if k not in positions]
    if missing:
        raise ValidationError(
            f"Kolom {', '.join(missing)} tidak ditemukan pada baris judul (baris {header}). "
            "Tidak ada data yang diubah."
        )
    limit = min(settings.WFA_IMPORT_MAX_ROWS, MAX_ROWS)
    return list(data_rows(cells, positions, header_row=header, limit=limit))


def _year(value) -> int:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    try:
        year = int(str(value).strip())
    except (TypeError, ValueError):
        raise RowError(f"Tahun harus angka empat digit, tertulis {value!r}.") from None
    if not 2000 <= year <= 2100:
        raise RowError(f"Tahun {year} di luar rentang yang masuk akal.")
    return year


def _quantity(value) -> str:
    if isinstance(value, str):
        if starts_formula(value):
            raise RowError(f"Target berisi rumus ({value[:30]!r}); tulis angkanya.")
        value = value.strip().replace(",", ".")
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise RowError(f"Target harus angka, tertulis {value!r}.") from None
    if not number.is_finite() or number < 0 or number >= 10_000_000:
        raise RowError(f"Target harus angka 0 sampai 9.999.999, tertulis {value!r}.")
    if number != number.quantize(Decimal("0.01")):
        raise RowError("Target paling banyak dua angka di belakang koma.")
    return str(number.quantize(Decimal("0.01")))


def clean_row(number: int, cells: dict) -> Row:
    """One row's cells, normalised, or RowError with the reason."""
    try:
        nip = clean_nip(cells.get("nip"))
    except RowError as error:
        raise RowError(f"NIP: {error.message}") from None
    if not nip.isdigit() or len(nip) not in (18,):
        raise RowError(f"NIP harus 18 angka, tertulis {nip!r}.")
    return Row(
        number=number,
        nip=nip,
        year=_year(cells.get("year")),
        rhk=clean_text(cells.get("rhk"), "RHK", MAX_TEXT),
        text=clean_text(cells.get("text"), "Rencana aksi", MAX_TEXT),
        quantity=_quantity(cells.get("quantity")),
        unit_of_measure=clean_text(cells.get("unit_of_measure"), "Satuan", MAX_UNIT),
    )


def plan_rows(raw: list[tuple[int, dict]], *, user) -> TargetPlan:
    """Check every row against the file itself (duplicates) and the database (staff the user may
    reach, targets awaiting a decision, plans already there)."""
    plan, seen, rows = TargetPlan(rows=len(raw)), {}, []
    for number, cells in raw:
        try:
            row = clean_row(number, cells)
        except RowError as error:
            plan.refused.append(f"Baris {number}: {error.message}")
            continue
        key = (row.nip, row.year, row.rhk.lower(), row.text.lower())
        if key in seen:
            plan.refused.append(
                f"Baris {number}: sama dengan baris {seen[key]} (NIP, tahun, RHK dan rencana "
                "aksi yang sama)."
            )
            continue
        seen[key] = number
        rows.append(row)
    staff = _staff(user, {r.nip for r in rows})
    targets = _targets(staff, {r.year for r in rows})
    existing = _plans(targets)
    for row in rows:
        employee_id = staff.get(row.nip)
        if employee_id is None:
            plan.refused.append(
                f"Baris {row.number}: NIP {row.nip} tidak ditemukan di antara pegawai aktif yang "
                "dapat Anda kelola."
            )
            continue
        target = targets.get((employee_id, row.year))
        if target is not None and target[1] == TargetStatus.SUBMITTED:
            plan.refused.append(
                f"Baris {row.number}: target {row.year} NIP {row.nip} sedang menunggu persetujuan "
                "atasan; setujui atau kembalikan dulu, lalu impor lagi."
            )
            continue
        plan.clean.append(row)
        if target is None or target[1] != TargetStatus.APPROVED:
            plan.approve.add((row.nip, row.year))
        current = existing.get((target[0] if target else None, row.rhk, row.text))
        if current is None:
            plan.add.append(row)
        elif current != (Decimal(row.quantity), row.unit_of_measure):
            plan.change.append(row)
        else:
            plan.unchanged += 1
    return plan


def _staff(user, nips: set[str]) -> dict[str, int]:
    scope = employees_visible_to(user).filter(is_active=True)
    found, ordered = {}, sorted(nips)
    for start in range(0, len(ordered), LOOKUP_CHUNK):
        chunk = ordered[start : start + LOOKUP_CHUNK]
        found.update(scope.filter(nip__in=chunk).values_list("nip", "pk"))
    return found


def _targets(staff: dict[str, int], years: set[int]) -> dict[tuple[int, int], tuple[int, str]]:
    ids, found = sorted(staff.values()), {}
    for start in range(0, len(ids), LOOKUP_CHUNK):
        rows = WorkTarget.objects.filter(
            employee_id__in=ids[start : start + LOOKUP_CHUNK], year__in=years
        ).values_list("employee_id", "year", "pk", "status")
        found.update({(e, y): (pk, status) for e, y, pk, status in rows})
    return found


def _plans(targets: dict) -> dict[tuple[int, str, str], tuple[Decimal, str]]:
    ids, found = sorted(pk for pk, _ in targets.values()), {}
    for start in range(0, len(ids), LOOKUP_CHUNK):
        rows = ActionPlan.objects.filter(target_id__in=ids[start : start + LOOKUP_CHUNK])
        found.update(
            {
                (t, rhk, text): (q, unit)
                for t, rhk, text, q, unit in rows.values_list(
                    "target_id", "rhk", "text", "quantity", "unit_of_measure"
                )
            }
        )
    return found
