"""Reading a staff workbook into a plan: who an import would create, update, leave alone or refuse.

Only bytes that passed common.xlsx_safety.check_xlsx are opened here, read-only, without macros
and without external links. Cells are normalised (staff_import/columns.py), then every row is
checked by the model's own rules (Employee.clean, which asks opd.nip.parse_nip), so an import and
a form refuse the same things with the same words.
Each problem becomes one message naming the row and the column: "Baris 7, kolom NIP: ...".

Nothing here writes: staff_import.services.staff_import_apply applies a plan that refuses nothing.
"""

import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from openpyxl.utils import get_column_letter

from common.table_rows import data_rows
from opd.models import Employee, PositionType, Unit
from staff_import import siasn, tables
from staff_import.columns import (
    COLUMN_ORDER,
    COLUMNS,
    EXAMPLE_NAME,
    LABELS,
    normalise,
)
from staff_import.rows import StaffUpdate, check_row, refuse

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
class ImportPlan:
    """What applying the file would do; `refused` holds one message per problem found.

    A SIASN file (staff_import/siasn.py) also fills `departures` (active staff of the file's OPDs
    not in it, offered as "keluar/pindah"; those ticked are in `update`), `unmapped` (unor with
    no portal unit), `held_rows` (good rows waiting for their unor), `skipped_rows` and
    `matched_by_name` (unor matched to a unit of the same name, kept as mappings when applied).
    """

    rows: int = 0
    create: list[Employee] = field(default_factory=list)
    update: list[StaffUpdate] = field(default_factory=list)
    unchanged: int = 0
    refused: list[str] = field(default_factory=list)
    refused_rows: int = 0
    siasn: bool = False
    note: str = ""  # how the file was read (a CSV not in UTF-8)
    departures: list[Employee] = field(default_factory=list)
    unmapped: list = field(default_factory=list)
    held_rows: int = 0
    skipped_rows: int = 0
    matched_by_name: dict = field(default_factory=dict)

    @property
    def has_changes(self) -> bool:
        return bool(self.create or self.update or self.departures)

    @property
    def waiting(self) -> list:
        """Unmapped unor whose rows are neither mapped nor skipped: confirming must wait."""
        return [u for u in self.unmapped if not u.skipped]

    @property
    def blocked(self) -> bool:
        return bool(self.refused or self.waiting)

    @property
    def moves(self) -> list[StaffUpdate]:
        """Updates of unit or position (what the preview groups as "pindah/ganti jabatan")."""
        return [u for u in self.update if u.row and {"unit_id", "position_name"} & set(u.fields)]

    @property
    def other_updates(self) -> list[StaffUpdate]:
        return [u for u in self.update if u.row and u not in self.moves]

    @property
    def leaving(self) -> list[StaffUpdate]:
        return [u for u in self.update if not u.row]


def plan_from_bytes(
    data: bytes, *, name: str = "", skip=frozenset(), leaving=frozenset()
) -> ImportPlan:
    """Read and validate every row of an .xlsx or CSV file, in the portal's template or as a
    SIASN export (told by its header); raises ValidationError for the file itself.

    `skip` and `leaving` only matter for a SIASN file (see staff_import/siasn.py)."""
    with tables.open_table(data, name=name, data_only=False) as table:
        cells = iter(table.cells)
        known = siasn.headings()  # one query: SIASN's headings, kept as data
        header_row, texts = _find_header(cells, known)
        rows_after = {"header_row": header_row, "limit": settings.WFA_IMPORT_MAX_ROWS}
        if siasn.is_siasn(texts, known):
            positions = siasn.positions(header_row, texts, known)
            found = ImportPlan(siasn=True)
            siasn.plan_siasn(
                found, data_rows(cells, positions, **rows_after),
                existing=_existing, skip=skip, leaving=leaving,
            )  # fmt: skip
        else:
            found = plan_rows(data_rows(cells, _positions(header_row, texts), **rows_after))
    found.note = table.note
    return found


def _find_header(cells, known: dict[str, list[str]]) -> tuple[int, list[str]]:
    siasn_nip = set(known[siasn.SiasnField.NIP])
    for number, values in enumerate(cells, start=1):
        texts = [" ".join(str(v).split()).lower() if v is not None else "" for v in values]
        if any(COLUMNS[0].matches(t) or siasn.heading_key(t) in siasn_nip for t in texts):
            return number, texts  # the NIP column marks the header
        if number >= HEADER_SEARCH_ROWS:
            break
    raise ValidationError(
        f"Baris judul tidak ditemukan: {HEADER_SEARCH_ROWS} baris pertama lembar pertama tidak "
        f"memuat kolom NIP. Judul kolom yang diharapkan: {_header_list()}; atau judul kolom "
        "ekspor SIASN (NIP, Nama, Jabatan, Unit Organisasi, Jenis ASN). Unduh templat untuk "
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
            "diabaikan). Berkas ekspor SIASN dikenali dari kolom Unit Organisasi (Unor).",
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
    check_row(employee, errors, failed={"unit" if key == "unit_code" else key for key in errors})
    if errors:
        refuse(plan, number, errors, labels=LABELS, order=COLUMN_ORDER)
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
