"""Reading a staff workbook into a plan: who an import would create, update, leave alone or refuse.

Only bytes that passed common.xlsx_safety.check_xlsx are opened here, read-only, without macros
and without external links. Cells are normalised (staff_import/columns.py), then every row is
checked by the model's own rules (Employee.clean, which asks opd.nip.parse_nip), so an import and
a form refuse the same things with the same words.
Each problem becomes one message naming the row and the column: "Baris 7, kolom NIP: ...".

Nothing here writes: staff_import.services.staff_import_apply applies a plan that refuses nothing.
"""

import io
import logging
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from common.table_rows import data_rows
from common.xlsx_safety import UnsafeWorkbook, check_xlsx
from opd.models import Employee, PositionType, Unit
from staff_import.columns import (
    COLUMN_ORDER,
    COLUMNS,
    EXAMPLE_NAME,
    LABELS,
    normalise,
)

logger = logging.getLogger(__name__)

# Fields an import may change on an existing employee (restrictions are records of their own,
# eligibility.models, which no import touches).
UPDATED_FIELDS = (
    "name",
    "asn_type",
    "golongan",
    "position_type",
    "position_name",
    "unit_id",
    "is_active",
    "email",
)
HEADER_SEARCH_ROWS = 10
LOOKUP_CHUNK = 900  # SQLite's safe number of parameters per query


@dataclass
class StaffUpdate:
    row: int
    employee: Employee  # holds the new values, not yet saved
    fields: list[str]
    changes: list[str]  # "Golongan: III/a → III/b", for the dry run


@dataclass
class ImportPlan:
    """What applying the workbook would do; `refused` holds one message per problem found."""

    rows: int = 0
    create: list[Employee] = field(default_factory=list)
    update: list[StaffUpdate] = field(default_factory=list)
    unchanged: int = 0
    refused: list[str] = field(default_factory=list)
    refused_rows: int = 0

    @property
    def has_changes(self) -> bool:
        return bool(self.create or self.update)


def plan_from_bytes(data: bytes) -> ImportPlan:
    """Check the file, then read and validate every row; raises ValidationError for the file."""
    check_xlsx(data)
    return plan_rows(read_rows(data))


def read_rows(data: bytes) -> Iterator[tuple[int, dict]]:
    """Yield (Excel row number, {column key: cell value}) for each non-empty row of sheet one."""
    try:
        workbook = load_workbook(
            io.BytesIO(data), read_only=True, data_only=True, keep_links=False, keep_vba=False
        )
    except Exception as exc:  # openpyxl raises many kinds on a malformed part
        logger.info("Unreadable workbook: %r", exc)
        raise _unreadable() from None
    try:
        yield from _sheet_rows(workbook.worksheets[0])
    except ValidationError:
        raise
    except Exception as exc:
        logger.info("Unreadable worksheet: %r", exc)
        raise _unreadable() from None
    finally:
        workbook.close()


def _unreadable() -> UnsafeWorkbook:
    return UnsafeWorkbook(
        "Berkas tidak dapat dibaca sebagai buku kerja Excel (isinya rusak atau tidak lengkap). "
        "Simpan ulang dari Excel sebagai 'Buku Kerja Excel (*.xlsx)' lalu unggah lagi.",
        code="unreadable",
    )


def _sheet_rows(sheet) -> Iterator[tuple[int, dict]]:
    cells = sheet.iter_rows(values_only=True)
    header_row, positions = _find_header(cells)
    yield from data_rows(
        cells, positions, header_row=header_row, limit=settings.WFA_IMPORT_MAX_ROWS
    )


def _find_header(cells) -> tuple[int, dict[str, int]]:
    for number, values in enumerate(cells, start=1):
        texts = [" ".join(str(v).split()).lower() if v is not None else "" for v in values]
        if any(COLUMNS[0].matches(text) for text in texts):  # the NIP column marks the header
            return number, _positions(number, texts)
        if number >= HEADER_SEARCH_ROWS:
            break
    raise ValidationError(
        f"Baris judul tidak ditemukan: {HEADER_SEARCH_ROWS} baris pertama lembar pertama tidak "
        f"memuat kolom NIP. Judul kolom yang diharapkan: {_header_list()}. Unduh templat untuk "
        "contohnya.",
        code="no_header",
    )


def _positions(row: int, texts: list[str]) -> dict[str, int]:
    positions, missing = {}, []
    for column in COLUMNS:
        found = [index for index, text in enumerate(texts) if column.matches(text)]
        if len(found) > 1:
            letters = " dan ".join(get_column_letter(i + 1) for i in found)
            raise ValidationError(
                f"Kolom {column.header} muncul lebih dari sekali di baris judul (baris {row}, "
                f"kolom {letters}); sisakan satu.",
                code="duplicate_column",
            )
        if found:
            positions[column.key] = found[0]
        elif column.required:
            missing.append(column.header)
    if missing:
        raise ValidationError(
            f"Kolom wajib tidak ada di baris judul (baris {row}): {', '.join(missing)}. "
            f"Judul kolom yang diharapkan: {_header_list()} (huruf besar/kecil bebas, kolom lain "
            "diabaikan).",
            code="missing_column",
        )
    return positions


def _header_list() -> str:
    return ", ".join(
        column.header if column.required else f"{column.header} (boleh tidak ada)"
        for column in COLUMNS
    )


# --- the whole file ----------------------------------------------------------------------------


def plan_rows(rows) -> ImportPlan:
    """Validate every row against the model and the database; write nothing."""
    plan = ImportPlan()
    units = {unit.code: unit for unit in Unit.objects.order_by()}
    unit_codes = {unit.pk: code for code, unit in units.items()}
    read = []
    for number, cells in rows:
        values, errors = normalise(cells, units)
        read.append((number, values, errors))
    plan.rows = len(read)
    existing = _existing({values["nip"] for _, values, _ in read if "nip" in values})
    first_row: dict[str, int] = {}
    for number, values, errors in read:
        if _is_example(values):
            plan.refused_rows += 1
            plan.refused.append(
                f"Baris {number}: ini baris contoh dari templat ({EXAMPLE_NAME}); hapus baris ini "
                "sebelum mengunggah."
            )
            continue
        nip = values.get("nip")
        if nip in first_row and "nip" not in errors:
            errors["nip"] = (
                f"NIP {nip} sudah ada di baris {first_row[nip]} berkas ini; "
                "satu pegawai satu baris."
            )
        elif nip:
            first_row.setdefault(nip, number)
        _plan_row(plan, number, values, errors, existing.get(nip), unit_codes)
    return plan


def _is_example(values: dict) -> bool:
    """The template's example row, told by its name (a real employee may hold its NIP)."""
    return values.get("name", "").lower().startswith(EXAMPLE_NAME.lower())


def _existing(nips: set[str]) -> dict[str, Employee]:
    ordered = sorted(nips)
    found = {}
    for start in range(0, len(ordered), LOOKUP_CHUNK):
        chunk = ordered[start : start + LOOKUP_CHUNK]
        found.update((e.nip, e) for e in Employee.objects.filter(nip__in=chunk))
    return found


def _plan_row(plan, number, values, errors, current, unit_codes) -> None:
    employee = Employee(
        email=current.email if current else "",  # kept unless the file has an Email column
    )
    if current:
        employee.pk = current.pk
    for key, value in values.items():
        setattr(employee, key, value)
    failed = {"unit" if key == "unit_code" else key for key in errors}
    try:
        employee.full_clean(
            exclude=[*failed, "unit"],
            validate_unique=False,  # the file and the database are checked in bulk above
            validate_constraints=False,
        )
    except ValidationError as exc:
        for key, messages in exc.message_dict.items():
            # Employee.clean (parse_nip) explains an NIP more precisely than the field's own check.
            errors.setdefault(key, messages[-1])
    if errors:
        plan.refused_rows += 1
        for key in sorted(errors, key=lambda key: COLUMN_ORDER.get(key, len(COLUMNS))):
            where = f", kolom {LABELS[key]}" if key in LABELS else ""
            plan.refused.append(f"Baris {number}{where}: {errors[key]}")
        return
    if current is None:
        plan.create.append(employee)
        return
    fields = [name for name in UPDATED_FIELDS if getattr(current, name) != getattr(employee, name)]
    if not fields:
        plan.unchanged += 1
        return
    changes = [_describe(name, current, employee, unit_codes) for name in fields]
    plan.update.append(StaffUpdate(row=number, employee=employee, fields=fields, changes=changes))


def _describe(name: str, before: Employee, after: Employee, unit_codes: dict[int, str]) -> str:
    old, new = getattr(before, name), getattr(after, name)
    if name == "unit_id":
        return f"Kode Unit: {unit_codes.get(old, old)} → {unit_codes.get(new, new)}"
    if name == "is_active":
        return f"Aktif: {'ya' if old else 'tidak'} → {'ya' if new else 'tidak'}"
    if name == "position_type":
        old, new = PositionType(old).label, PositionType(new).label
    return f"{LABELS[name]}: {old} → {new}"
