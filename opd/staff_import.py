"""Reading a staff workbook into a plan: who an import would create, update, leave alone or refuse.

Only bytes that passed opd/xlsx_safety.check_xlsx are opened here, read-only, without macros and
without external links. Cells are normalised (an NIP may arrive as a number, a golongan as
"iii / a", a position type by its label), then every row is checked by the model's own rules
(Employee.clean, which asks opd.nip.parse_nip), so an import and a form refuse the same things
with the same words.
Each problem becomes one message naming the row and the column: "Baris 7, kolom NIP: ...".

Nothing here writes: opd.services.staff_import_apply applies a plan that refuses nothing.
"""

import io
import logging
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from common.xlsx_safety import UnsafeWorkbook, check_xlsx
from opd.models import AsnType, Employee, PositionType, Unit

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Column:
    key: str  # the Employee field it fills ("unit_code" fills unit)
    header: str  # as written in the template and in every message
    aliases: tuple[str, ...] = ()
    required: bool = True  # an optional column may be left out of the file altogether

    def matches(self, text: str) -> bool:
        return text in (self.header.lower(), *self.aliases)


COLUMNS = (
    Column("nip", "NIP", ("nip / ni pppk", "nip/ni pppk", "ni pppk")),
    Column("name", "Nama", ("nama lengkap",)),
    Column("asn_type", "Jenis ASN"),
    Column("golongan", "Golongan"),
    Column("position_type", "Jenis Jabatan"),
    Column("position_name", "Nama Jabatan"),
    Column("unit_code", "Kode Unit"),
    Column("is_active", "Aktif"),
    Column("email", "Email", ("e-mail", "surel"), required=False),
)
LABELS = {column.key: column.header for column in COLUMNS}
COLUMN_ORDER = {column.key: index for index, column in enumerate(COLUMNS)}
# Fields an import may change on an existing employee; ineligibility stays as BKPSDM set it.
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

ASN_TYPES = frozenset(AsnType.values)
TRUE_WORDS = {"ya", "y", "true", "1", "aktif"}
FALSE_WORDS = {"tidak", "false", "0", "tidak aktif", "nonaktif"}
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII"]
ROMAN += ["XIV", "XV", "XVI", "XVII"]
POSITION_WORDS = {
    **{choice.value: choice.value for choice in PositionType},
    **{choice.label.lower(): choice.value for choice in PositionType},
    **{f"jabatan {choice.label.lower()}": choice.value for choice in PositionType},
}
# The template's example row (import_template.template_workbook); an upload must not keep it.
EXAMPLE = {
    "nip": "198503122010012001",  # born 12 March 1985, CPNS January 2010, female, number 001
    "name": "Contoh Pegawai, S.Kom.",
    "asn_type": "PNS",
    "golongan": "III/a",
    "position_type": PositionType.PELAKSANA.label,
    "position_name": "Pengadministrasi Perkantoran",
    "is_active": "ya",
    "email": "",
}
EXAMPLE_NAME = "Contoh Pegawai"


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


class RowError(Exception):
    def __init__(self, message: str):
        self.message = message


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
    limit = settings.WFA_IMPORT_MAX_ROWS
    count = 0
    for number, values in enumerate(cells, start=header_row + 1):
        if all(_blank(value) for value in values):
            continue
        count += 1
        if count > limit:
            raise ValidationError(
                f"Berkas berisi lebih dari {limit:,} baris data".replace(",", ".")
                + "; bagi menjadi beberapa berkas. Tidak ada data yang diubah.",
                code="too_many_rows",
            )
        yield (
            number,
            {
                key: values[index] if index < len(values) else None
                for key, index in positions.items()
            },
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


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


# --- one cell at a time: each returns the normalised value or raises RowError -------------------


def _text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split()) if value is not None else ""


def _required(value) -> str:
    text = _text(value)
    if not text:
        raise RowError("wajib diisi.")
    return text


def clean_nip(value) -> str:
    """An NIP typed as a number loses its last digits in Excel (15 significant digits)."""
    if isinstance(value, float) and abs(value) >= 1e15:
        raise RowError(
            f"NIP tersimpan sebagai angka sehingga digit terakhirnya hilang (terbaca {value:.0f}): "
            "Excel hanya menyimpan 15 digit angka. Format kolom NIP sebagai Teks lalu ketik ulang "
            "NIP-nya."
        )
    text = _required(value).replace(" ", "").removeprefix("'")
    return text


def clean_asn_type(value) -> str:
    text = _required(value).upper()
    if text not in ASN_TYPES:
        raise RowError(f"Jenis ASN harus PNS atau PPPK, tertulis {_text(value)!r}.")
    return text


def clean_golongan(value, asn_type: str | None) -> str:
    text = _required(value).replace(" ", "")
    if "/" in text:
        roman, _, step = text.partition("/")
        return f"{roman.upper()}/{step.lower()}"
    if asn_type == AsnType.PPPK and text.upper() in ROMAN:  # PPPK golongan I-XVII -> 1-17
        return str(ROMAN.index(text.upper()) + 1)
    return text


def clean_position_type(value) -> str:
    text = _required(value)
    try:
        return POSITION_WORDS[text.lower()]
    except KeyError:
        choices = ", ".join(["JPT", *(c.label for c in PositionType if c != PositionType.JPT)])
        raise RowError(f"Jenis jabatan {text!r} tidak dikenal; pilihan: {choices}.") from None


def clean_unit(value, units: dict[str, Unit]) -> Unit:
    code = _required(value).lower()
    try:
        return units[code]
    except KeyError:
        raise RowError(
            f"Unit dengan kode {code!r} tidak ditemukan. Daftar kode unit ada di lembar "
            "'Kode Unit' pada templat."
        ) from None


def clean_active(value) -> bool:
    if isinstance(value, bool):
        return value
    text = _required(value).lower()
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    raise RowError(f"Aktif harus 'ya' atau 'tidak', tertulis {_text(value)!r}.")


def clean_email(value) -> str:
    text = _text(value).lower()
    if text:
        try:
            validate_email(text)
        except ValidationError:
            raise RowError(f"Alamat email {text!r} tidak sah, mis. nama@palembang.go.id.") from None
    return text


def _normalise(cells: dict, units: dict[str, Unit]) -> tuple[dict, dict[str, str]]:
    values, errors = {}, {}
    steps = [
        ("nip", lambda: clean_nip(cells["nip"])),
        ("name", lambda: _required(cells["name"])),
        ("asn_type", lambda: clean_asn_type(cells["asn_type"])),
        ("golongan", lambda: clean_golongan(cells["golongan"], values.get("asn_type"))),
        ("position_type", lambda: clean_position_type(cells["position_type"])),
        ("position_name", lambda: _required(cells["position_name"])),
        ("unit", lambda: clean_unit(cells["unit_code"], units)),
        ("is_active", lambda: clean_active(cells["is_active"])),
    ]
    if "email" in cells:  # optional column: absent, the stored address is kept
        steps.append(("email", lambda: clean_email(cells["email"])))
    for key, step in steps:
        try:
            values[key] = step()
        except RowError as exc:
            errors["unit_code" if key == "unit" else key] = exc.message
    return values, errors


# --- the whole file ----------------------------------------------------------------------------


def plan_rows(rows) -> ImportPlan:
    """Validate every row against the model and the database; write nothing."""
    plan = ImportPlan()
    units = {unit.code: unit for unit in Unit.objects.order_by()}
    unit_codes = {unit.pk: code for code, unit in units.items()}
    read = []
    for number, cells in rows:
        values, errors = _normalise(cells, units)
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
        ineligibility=current.ineligibility if current else "",
        email=current.email if current else "",  # kept unless the file has an Email column
    )
    if current:
        employee.pk = current.pk
    for key, value in values.items():
        setattr(employee, key, value)
    failed = {"unit" if key == "unit_code" else key for key in errors}
    try:
        employee.full_clean(
            exclude=[*failed, "unit", "ineligibility"],
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
