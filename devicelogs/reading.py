"""Reading a device-log file into rows: ZKTeco's attlog text, CSV, or a workbook (xlsx).

Nothing here looks at the database. Each row is a `Row` (device user id, the moment in the
portal's time zone, the device's verify and state codes) or a refusal ("Baris 7: ..."). A file
that cannot be read at all (not UTF-8/UTF-16 text, not a workbook, no header, too many rows)
raises ValidationError with the reason; nothing is written in either case.

attlog (`*_attlog.dat`, the machine's USB download): one punch a line, tab-separated:
user id (often padded with spaces), "YYYY-MM-DD HH:MM:SS", verify, state, work code, reserved.
"""

import csv
import io
import logging
from dataclasses import dataclass
from datetime import date, datetime, time

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from openpyxl import load_workbook

from common.formulas import starts_formula
from common.table_rows import data_rows
from common.text import invisible_characters
from common.xlsx_safety import UnsafeWorkbook, check_xlsx
from devicelogs import layout

logger = logging.getLogger(__name__)
HEADER_SEARCH_ROWS = 10
MAX_USER_ID = 32
TEXT_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M")
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y")
TIME_FORMATS = ("%H:%M:%S", "%H:%M", "%H.%M.%S", "%H.%M")


@dataclass(frozen=True, slots=True)
class Row:
    number: int
    user_id: str
    at: datetime  # aware, in the portal's time zone
    verify: int | None
    state: int | None


@dataclass
class Read:
    """What a file held: its clean rows and the refused ones (row number, reason)."""

    rows: list[Row]
    refused: list[tuple[int, str]]
    lines: int = 0  # data lines read (blank lines not counted)


class RowError(Exception):
    pass


def max_rows() -> int:
    return settings.WFA_DEVICE_LOG_MAX_ROWS


def read_file(data: bytes, name: str) -> Read:
    """The rows of an uploaded device log, by its name: .xlsx a workbook, .csv a table with a
    header, anything else (.dat, .txt) the attlog text."""
    lowered = name.lower()
    if lowered.endswith(".xlsx"):
        return _clean(_xlsx_cells(data))
    text = _decode(data)
    if lowered.endswith(".csv"):
        return _clean(_csv_cells(text))
    return _attlog(text)


def _decode(data: bytes) -> str:
    """UTF-8 (with or without BOM) or UTF-16 with its BOM (some device tools write it)."""
    try:
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            text = data.decode("utf-16")
        else:
            text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(
            "Berkas bukan teks UTF-8 (mungkin disimpan dengan pengodean lain atau bukan berkas "
            "log mesin). Ekspor ulang dari aplikasi mesin sebagai teks UTF-8, atau simpan CSV "
            "sebagai 'CSV UTF-8'. Tidak ada data yang diubah.",
            code="encoding",
        ) from None
    if "\x00" in text:
        raise ValidationError(
            "Berkas memuat karakter nol (berkas biner, bukan log teks). "
            "Tidak ada data yang diubah.",
            code="binary",
        )
    return text


def _too_many() -> ValidationError:
    return ValidationError(
        f"Berkas berisi lebih dari {max_rows():,} baris data".replace(",", ".")
        + "; bagi menjadi beberapa berkas (mis. per minggu). Tidak ada data yang diubah.",
        code="too_many_rows",
    )


def _attlog(text: str) -> Read:
    """The machine's own text: fast path for the common shape, a row refusal for any other."""
    rows, refused, lines, limit = [], [], 0, max_rows()
    zone = timezone.get_current_timezone()
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        lines += 1
        if lines > limit:
            raise _too_many()
        parts = line.split("\t")
        try:
            if len(parts) < 2:
                raise RowError(
                    "bukan baris attlog (harus: nomor pengguna, TAB, tanggal dan jam, ...)."
                )
            user_id = clean_user_id(parts[0])
            at = parse_moment(parts[1].strip(), zone)
            verify = clean_code(parts[2]) if len(parts) > 2 else None
            state = clean_code(parts[3]) if len(parts) > 3 else None
        except RowError as error:
            refused.append((number, str(error)))
            continue
        rows.append(Row(number, user_id, at, verify, state))
    return Read(rows, refused, lines)


def clean_user_id(value) -> str:
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            value = int(value)
        else:
            raise RowError(
                f"nomor pengguna tersimpan sebagai angka sehingga digit terakhirnya hilang "
                f"(terbaca {value:.0f}): Excel hanya menyimpan 15 digit. Format kolom sebagai Teks."
            )
    text = str(value).strip() if value is not None else ""
    if not text:
        raise RowError("nomor pengguna kosong.")
    if starts_formula(text):
        raise RowError("nomor pengguna berisi rumus; tulis nomornya saja.")
    text = text.removeprefix("'")
    if len(text) > MAX_USER_ID or invisible_characters(text) or not text.isprintable():
        raise RowError(f"nomor pengguna tidak sah: {text[:40]!r}.")
    return text


def clean_code(value) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, (int, float)) and float(value).is_integer():
        number = int(value)
    else:
        text = str(value).strip()
        if starts_formula(text) or not text.lstrip("-").isdigit():
            raise RowError(f"kode verifikasi/status harus angka, tertulis {text[:20]!r}.")
        number = int(text)
    if not -32768 <= number <= 32767:
        raise RowError(f"kode verifikasi/status di luar rentang: {number}.")
    return number


def parse_moment(text: str, zone) -> datetime:
    if starts_formula(text):
        raise RowError("waktu berisi rumus; tulis tanggal dan jamnya saja.")
    try:
        moment = datetime.fromisoformat(text) if len(text) >= 16 and text[4] == "-" else None
    except ValueError:
        moment = None
    if moment is None:
        for pattern in TEXT_FORMATS:
            try:
                moment = datetime.strptime(text, pattern)
                break
            except ValueError:
                continue
    if moment is None:
        raise RowError(
            f"waktu {text[:30]!r} tidak terbaca (contoh yang benar: 2026-11-25 07:28:15)."
        )
    return _aware(moment, zone)


def _aware(moment: datetime, zone) -> datetime:
    if moment.tzinfo is None:
        return moment.replace(tzinfo=zone)
    return moment.astimezone(zone)


def _parse_one(text: str, formats, what: str):
    for pattern in formats:
        try:
            return datetime.strptime(text, pattern)
        except ValueError:
            continue
    raise RowError(f"{what} {text[:30]!r} tidak terbaca.")


def _moment_cells(cells: dict, zone) -> datetime:
    """From one timestamp cell, or a date cell and a time cell (text, or the workbook's own)."""
    stamp = cells.get("timestamp")
    if stamp is not None and not (isinstance(stamp, str) and not stamp.strip()):
        if isinstance(stamp, datetime):
            return _aware(stamp, zone)
        if isinstance(stamp, (int, float)):
            raise RowError("waktu tertulis sebagai angka; format kolom sebagai tanggal dan jam.")
        return parse_moment(str(stamp).strip(), zone)
    day, clock = cells.get("date"), cells.get("time")
    if day is None or clock is None:
        raise RowError("tanggal atau jam kosong.")
    if isinstance(day, datetime):
        day = day.date()
    elif not isinstance(day, date):
        text = str(day).strip()
        if starts_formula(text):
            raise RowError("tanggal berisi rumus.")
        day = _parse_one(text, DATE_FORMATS, "tanggal").date()
    if isinstance(clock, datetime):
        clock = clock.time()
    elif not isinstance(clock, time):
        text = str(clock).strip()
        if starts_formula(text):
            raise RowError("jam berisi rumus.")
        clock = _parse_one(text, TIME_FORMATS, "jam").time()
    return _aware(datetime.combine(day, clock), zone)


def _clean(cells) -> Read:
    """Rows of a table with a header (CSV or workbook) through the column mapping."""
    positions, header = None, 0
    for header, values in enumerate(cells, start=1):
        positions = layout.match_header(list(values))
        if positions or header >= HEADER_SEARCH_ROWS:
            break
    if not positions:
        raise ValidationError(
            f"Baris judul tidak ditemukan: {HEADER_SEARCH_ROWS} baris pertama tidak memuat kolom "
            "nomor pengguna dan waktu. Judul kolom yang diharapkan, mis.: No. ID, Waktu (atau "
            "Tanggal dan Jam), Verifikasi, Status. Tidak ada data yang diubah.",
            code="no_header",
        )
    rows, refused, lines = [], [], 0
    zone = timezone.get_current_timezone()
    for number, found in data_rows(cells, positions, header_row=header, limit=max_rows()):
        lines += 1
        try:
            row = Row(
                number,
                clean_user_id(found["user_id"]),
                _moment_cells(found, zone),
                clean_code(found.get("verify")),
                clean_code(found.get("state")),
            )
        except RowError as error:
            refused.append((number, str(error)))
            continue
        rows.append(row)
    return Read(rows, refused, lines)


def _csv_cells(text: str):
    first = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first.count)
    return csv.reader(io.StringIO(text), delimiter=delimiter)


def _xlsx_cells(data: bytes):
    check_xlsx(data)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, keep_links=False)
        sheet = workbook.worksheets[0]
    except Exception as exc:  # openpyxl raises many kinds on a malformed part
        logger.info("Unreadable workbook: %r", exc)
        raise UnsafeWorkbook(
            "Berkas tidak dapat dibaca sebagai buku kerja Excel (isinya rusak atau tidak lengkap). "
            "Simpan ulang dari Excel sebagai 'Buku Kerja Excel (*.xlsx)' lalu unggah lagi.",
            code="unreadable",
        ) from None
    try:
        yield from sheet.iter_rows(values_only=True)
    finally:
        workbook.close()


def too_big(size: int | None) -> ValidationError:
    from common.xlsx_safety import megabytes

    limit = settings.WFA_DEVICE_LOG_MAX_BYTES
    found = f" ({megabytes(size)})" if size else ""
    return ValidationError(
        f"Berkas terlalu besar{found}: paling besar {megabytes(limit)}. Bagi menjadi beberapa "
        "berkas (mis. per minggu). Tidak ada data yang diubah.",
        code="too_big",
    )


def read_bounded(fileobj, *, size: int | None = None) -> bytes:
    """An upload or a kept file, refused by its size first, then while reading."""
    limit = settings.WFA_DEVICE_LOG_MAX_BYTES
    if size is not None and size > limit:
        raise too_big(size)
    data = fileobj.read(limit + 1)
    if len(data) > limit:
        raise too_big(None)
    return data
