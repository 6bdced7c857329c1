"""An uploaded staff file as rows of cells, whichever it is: an .xlsx workbook or a CSV file.

The kind is told by the bytes (and a name ending .xlsx): a ZIP (or an old OLE Office file) is a
workbook and passes common.xlsx_safety.check_xlsx before openpyxl opens it (read-only, formulas as
written, so a formula reaches the row checks as text and is refused there, never computed);
anything else is CSV. A CSV is read as UTF-8 (with or without BOM); one that is not UTF-8 is read
as Windows-1252, which is what Excel's "CSV (Comma delimited)" writes on an Indonesian Windows, and
the dry run says so (`Table.note`). Delimiter: ';' or ',' or tab, whichever the header line has
most of.
"""

import csv
import io
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from openpyxl import load_workbook

from common.xlsx_safety import OLE_MAGIC, ZIP_MAGIC, UnsafeWorkbook, check_xlsx

logger = logging.getLogger(__name__)
CSV_FIELD_LIMIT = 64 * 1024  # one cell; csv's own limit is 128 KB


@dataclass
class Table:
    cells: Iterator  # rows of cell values, from row 1
    is_csv: bool
    note: str = ""  # said on the dry-run page: how the file was read


def is_workbook(data: bytes) -> bool:
    return data.startswith((ZIP_MAGIC, OLE_MAGIC))


def unreadable() -> UnsafeWorkbook:
    return UnsafeWorkbook(
        "Berkas tidak dapat dibaca sebagai buku kerja Excel (isinya rusak atau tidak lengkap). "
        "Simpan ulang dari Excel sebagai 'Buku Kerja Excel (*.xlsx)' lalu unggah lagi.",
        code="unreadable",
    )


@contextmanager
def open_table(data: bytes, *, name: str = "", data_only: bool = True):
    """The file's first sheet (or the CSV) as a Table; a broken file is one clear
    ValidationError, raised while opening or while its rows are read (`Table.cells`). A file
    named .xlsx is always checked as a workbook."""
    if not (is_workbook(data) or name.lower().endswith(".xlsx")):
        yield _csv_table(data)
        return
    check_xlsx(data)
    try:
        workbook = load_workbook(
            io.BytesIO(data), read_only=True, data_only=data_only, keep_links=False, keep_vba=False
        )
    except Exception as exc:  # openpyxl raises many kinds on a malformed part
        logger.info("Unreadable workbook: %r", exc)
        raise unreadable() from None
    try:
        yield Table(cells=_sheet_cells(workbook), is_csv=False)
    finally:
        workbook.close()


def _sheet_cells(workbook) -> Iterator[tuple]:
    try:
        yield from workbook.worksheets[0].iter_rows(values_only=True)
    except Exception as exc:  # a malformed sheet part is found while its rows are read
        logger.info("Unreadable worksheet: %r", exc)
        raise unreadable() from None


def _csv_table(data: bytes) -> Table:
    if b"\x00" in data[:4096]:  # UTF-16 (Excel's "Unicode text") or a binary file
        raise ValidationError(
            "Berkas bukan buku kerja .xlsx maupun CSV yang dapat dibaca (berisi karakter biner "
            "atau bersandi UTF-16). Simpan sebagai 'Buku Kerja Excel (*.xlsx)' atau 'CSV UTF-8' "
            "lalu unggah lagi. Tidak ada data yang diubah.",
            code="not_csv",
        )
    note = ""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Windows-1252 leaves five bytes undefined; Latin-1 reads them as the C1 controls, which
        # the name checks then refuse per row (invisible characters), so nothing garbled is kept.
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            text = data.decode("latin-1")
        note = (
            "Berkas CSV ini tidak bersandi UTF-8; dibaca sebagai Windows-1252 (sandi 'CSV "
            "(Comma delimited)' dari Excel). Periksa ejaan nama di bawah; untuk hasil pasti "
            "simpan sebagai 'CSV UTF-8'."
        )
    first = text.split("\n", 1)[0]
    delimiter = max(";,\t", key=first.count)
    csv.field_size_limit(CSV_FIELD_LIMIT)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    return Table(cells=_guarded(reader), is_csv=True, note=note)


def _guarded(reader) -> Iterator[list]:
    try:
        yield from reader
    except csv.Error as exc:
        raise ValidationError(
            f"Berkas CSV rusak di baris {reader.line_num}: {exc}. Tidak ada data yang diubah.",
            code="bad_csv",
        ) from None
