"""Checking the 18-digit staff numbers of Indonesian civil servants.

NIP (PNS):   YYYYMMDD birth date + YYYYMM start of CPNS service + sex (1/2) + sequence 001-999.
NI PPPK:     YYYYMMDD birth date + YYYY year appointed + 2 digits + sex (1/2) + sequence 001-999.

Every refusal says, in Indonesian, which digits are wrong and why, so that a row in an import, a
form field or a command line can be corrected without guessing.
"""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError

from common.dates import bulan_tahun, tanggal

ASCII_DIGITS = frozenset("0123456789")
MIN_WORKING_AGE = 18
MAX_START_AGE = 60


@dataclass(frozen=True)
class NipParts:
    birth_date: date
    service_start: date
    sex: str  # "L" or "P"
    sequence: int


def _ascii_digits(text: str) -> bool:
    return bool(text) and set(text) <= ASCII_DIGITS


def _has_other_digits(text: str) -> bool:
    """str.isdigit() also accepts Arabic-Indic or full-width digits: a look-alike of a real NIP."""
    return any(char.isdigit() and char not in ASCII_DIGITS for char in text)


def _other_digits_error(label: str, raw: str) -> ValidationError:
    return ValidationError(
        f"{label} hanya boleh berisi angka 0-9; tertulis {raw!r} memuat angka dari aksara lain "
        "(mis. angka Arab atau angka lebar penuh). Ketik ulang dengan angka biasa.",
        code="nip_other_digits",
    )


def _age_on(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def parse_nip(value: str, asn_type: str = "PNS", today: date | None = None) -> NipParts:
    """Split a NIP (asn_type "PNS") or NI PPPK (asn_type "PPPK") into its parts or refuse it.

    The checks run left to right over the digits, so a refusal names the first wrong part."""
    today = today or date.today()
    label = "NI PPPK" if asn_type == "PPPK" else "NIP"
    raw = _checked_format(value, label)
    born = _birth_date(raw, label, today)
    if asn_type == "PPPK":
        start, start_name, start_text = _pppk_appointment(raw, label, today)
    else:
        start, start_name, start_text = _cpns_start(raw, label, today)
    _check_working_age(born, start, label=label, start_name=start_name, start_text=start_text)
    return NipParts(
        birth_date=born,
        service_start=start,
        sex=_sex(raw, label),
        sequence=_sequence(raw, label),
    )


def _checked_format(value: str, label: str) -> str:
    """The stripped value if it is 18 ASCII digits."""
    raw = (value or "").strip()
    if not raw:
        raise ValidationError(f"{label} wajib diisi.", code="nip_empty")
    if _has_other_digits(raw):
        raise _other_digits_error(label, raw)
    if not _ascii_digits(raw):
        raise ValidationError(
            f"{label} hanya boleh berisi angka, tertulis {raw!r}.", code="nip_not_digits"
        )
    if len(raw) != 18:
        raise ValidationError(
            f"{label} harus 18 digit, tertulis {len(raw)} digit.", code="nip_length"
        )
    return raw


def _birth_date(raw: str, label: str, today: date) -> date:
    """Digits 1-8: a real date, not in the future."""
    try:
        born = date(int(raw[0:4]), int(raw[4:6]), int(raw[6:8]))
    except ValueError:
        raise ValidationError(
            f"Tanggal lahir pada {label} (digit 1-8: {raw[0:8]}) bukan tanggal yang sah.",
            code="nip_birth_date",
        ) from None
    if born > today:
        raise ValidationError(
            f"Tanggal lahir pada {label} (digit 1-8) jatuh di masa depan: {tanggal(born)}.",
            code="nip_birth_future",
        )
    return born


def _pppk_appointment(raw: str, label: str, today: date) -> tuple[date, str, str]:
    """Digits 9-12 of an NI PPPK, the year appointed: (start, its name, its text)."""
    year = int(raw[8:12])
    if not 1900 <= year <= today.year:
        raise ValidationError(
            f"Tahun pengangkatan (digit 9-12: {raw[8:12]}) pada {label} bukan tahun yang sah.",
            code="nip_service_start",
        )
    # only the year is known: judge the age at its end
    return date(year, 12, 31), "Tahun pengangkatan", f"tahun {year}"


def _cpns_start(raw: str, label: str, today: date) -> tuple[date, str, str]:
    """Digits 9-14 of a NIP, the month CPNS service began: (start, its name, its text)."""
    try:
        start = date(int(raw[8:12]), int(raw[12:14]), 1)
    except ValueError:
        raise ValidationError(
            f"TMT CPNS (digit 9-14: {raw[8:14]}) pada {label} bukan bulan dan tahun yang sah.",
            code="nip_service_start",
        ) from None
    if start > today:
        raise ValidationError(
            f"TMT CPNS (digit 9-14) pada {label} jatuh di masa depan: {bulan_tahun(start)}.",
            code="nip_service_future",
        )
    return start, "TMT CPNS", bulan_tahun(start)


def _check_working_age(
    born: date, start: date, *, label: str, start_name: str, start_text: str
) -> None:
    """The start of service falls between the ages of MIN_WORKING_AGE and MAX_START_AGE."""
    if start < born:  # a negative age would read as nonsense to the person fixing the row
        raise ValidationError(
            f"{start_name} pada {label} ({start_text}) lebih awal dari tanggal lahir "
            f"{tanggal(born)}.",
            code="nip_working_age",
        )
    age = _age_on(born, start)
    if age < MIN_WORKING_AGE or age > MAX_START_AGE:
        raise ValidationError(
            f"{start_name} pada {label} ({start_text}) tidak sesuai "
            f"usia kerja: pegawai lahir {tanggal(born)}, berarti berusia {age} tahun "
            f"(harus {MIN_WORKING_AGE}-{MAX_START_AGE} tahun).",
            code="nip_working_age",
        )


def _sex(raw: str, label: str) -> str:
    """Digit 15: 1 (male, "L") or 2 (female, "P")."""
    sex_digit = raw[14]
    if sex_digit not in "12":
        raise ValidationError(
            f"Digit jenis kelamin pada {label} (digit 15) harus 1 (laki-laki) atau "
            f"2 (perempuan), tertulis {sex_digit}.",
            code="nip_sex",
        )
    return "L" if sex_digit == "1" else "P"


def _sequence(raw: str, label: str) -> int:
    """Digits 16-18: 001-999."""
    sequence = int(raw[15:18])
    if sequence < 1:
        raise ValidationError(
            f"Nomor urut pada {label} (digit 16-18) minimal 001, tertulis {raw[15:18]}.",
            code="nip_sequence",
        )
    return sequence


def validate_nip_digits(value: str) -> None:
    """Field-level check (the type-specific parts are checked in Employee.clean)."""
    if _has_other_digits(value or ""):
        raise _other_digits_error("NIP", value)
    if not _ascii_digits(value or "") or len(value) != 18:
        raise ValidationError(
            "NIP harus 18 digit angka, tertulis %(value)r.",
            code="nip_length",
            params={"value": value},
        )
