"""The staff workbook's columns, and how each cell is read: normalised, or refused with a reason.

An NIP may arrive as a number, a golongan as "iii / a", a position type by its label; each cleaner
returns the normalised value or raises RowError with the message shown after "Baris N, kolom X:".
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from common.formulas import starts_formula
from common.text import invisible_characters, refusal
from common.text import normalise as normalise_text
from opd.models import AsnType, PositionType, Unit


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
# The template's example row (staff_import.template.template_workbook); an upload must not keep it.
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


FORMULA = "berisi rumus atau diawali = + - @; rumus tidak dijalankan. Tulis nilainya sebagai teks."


class RowError(Exception):
    def __init__(self, message: str):
        self.message = message


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


def clean_text(value, what: str, limit: int, *, required: bool = True) -> str:
    """A text cell of an import (absences, targets): spaces folded, composed; refused with the
    reason when required and blank, a formula, invisible characters, or over `limit`."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = normalise_text(" ".join(str(value).split())) if value is not None else ""
    if required and not text:
        raise RowError(f"{what} wajib diisi.")
    if starts_formula(text):
        raise RowError(f"{what} berisi rumus ({text[:30]!r}); tulis sebagai teks biasa.")
    if chars := invisible_characters(text):
        raise RowError(f"{what}: {refusal(chars)}")
    if len(text) > limit:
        raise RowError(f"{what} paling panjang {limit} karakter.")
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


def normalise(cells: dict, units: dict[str, Unit]) -> tuple[dict, dict[str, str]]:
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
        cell = cells.get("unit_code" if key == "unit" else key)
        if isinstance(cell, str) and starts_formula(cell):
            errors["unit_code" if key == "unit" else key] = FORMULA
            continue
        try:
            values[key] = step()
        except RowError as exc:
            errors["unit_code" if key == "unit" else key] = exc.message
    return values, errors
