"""Workbooks for the staff import tests: good ones built with openpyxl, hostile ones by hand.

Everything is built in memory, deterministically, so each test shows what it feeds the import.
"""

import functools
import hashlib
import io
import random
import zipfile

from openpyxl import Workbook, load_workbook

from opd.models import Employee

HEADERS = [
    "NIP",
    "Nama",
    "Jenis ASN",
    "Golongan",
    "Jenis Jabatan",
    "Nama Jabatan",
    "Kode Unit",
    "Aktif",
]
# Born 12 March 1985, CPNS from January 2010, female, number 001 (tests/opd/test_nip.py).
GOOD_PNS = "198503122010012001"
# Born 1 January 1990, appointed 2023, "21", male, number 005.
GOOD_PPPK = "199001012023211005"
XLSX_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
MACRO_MAIN = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"


def row(
    nip=GOOD_PNS,
    name="Rina Marlina, S.Kep.",
    asn_type="PNS",
    golongan="III/a",
    position_type="Fungsional",
    position_name="Perawat Ahli Pertama",
    unit="pkm-makrayu",
    active="ya",
) -> list:
    return [nip, name, asn_type, golongan, position_type, position_name, unit, active]


def employee_row(employee: Employee, **changes) -> list:
    """The row that leaves `employee` unchanged, with `changes` (keyword names of row())."""
    values = {
        "nip": employee.nip,
        "name": employee.name,
        "asn_type": employee.asn_type,
        "golongan": employee.golongan,
        "position_type": employee.position_type,
        "position_name": employee.position_name,
        "unit": employee.unit.code,
        "active": "ya" if employee.is_active else "tidak",
    }
    return row(**(values | changes))


def workbook(rows, *, headers=HEADERS, above=()) -> bytes:
    """A staff workbook: optional rows above the header, the header, then `rows`."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Pegawai"
    for line in above:
        sheet.append(line)
    sheet.append(headers)
    for line in rows:
        sheet.append(line)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def rezip(data: bytes, *, add=None, replace=None, drop=()) -> bytes:
    """Copy a zip, replacing or dropping some entries and adding others."""
    add, replace = add or {}, replace or {}
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            if info.filename in drop:
                continue
            target.writestr(info.filename, replace.get(info.filename, source.read(info)))
        for name, content in add.items():
            target.writestr(name, content)
    return out.getvalue()


def read_part(data: bytes, name: str) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read(name).decode()


# --- hostile files -----------------------------------------------------------------------------


def not_a_zip() -> bytes:
    return random.Random(7).randbytes(4096)


def old_xls() -> bytes:
    """The OLE2 signature of .xls files and of password-protected Office files."""
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4088)


def damaged_zip() -> bytes:
    return b"PK\x03\x04" + random.Random(8).randbytes(2048)


def renamed_docx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org'
            '/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="'
            'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
            "</Types>",
        )
        archive.writestr(
            "word/document.xml",
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            "<w:body><w:p><w:r><w:t>Daftar pegawai</w:t></w:r></w:p></w:body></w:document>",
        )
    return out.getvalue()


@functools.cache
def zip_bomb(megabytes: int = 200) -> bytes:
    """A workbook whose extra sheet inflates from about 0.2 MB to `megabytes` MB of zeros.

    Built once per test session, streamed a megabyte at a time (it is never whole in memory).
    """
    out = io.BytesIO(rezip(workbook([row()])))
    zeros = bytes(1024 * 1024)
    with (
        zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as archive,
        archive.open("xl/worksheets/sheet2.xml", "w") as part,
    ):
        for _ in range(megabytes):
            part.write(zeros)
    return out.getvalue()


def macro_workbook(*, vba=True, content_type=True) -> bytes:
    """An .xlsm in disguise: the VBA project, the macro-enabled content type, or both."""
    data = workbook([row()])
    types = read_part(data, "[Content_Types].xml")
    replace = {"[Content_Types].xml": types.replace(XLSX_MAIN, MACRO_MAIN)} if content_type else {}
    add = {"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0" + bytes(512)} if vba else {}
    return rezip(data, add=add, replace=replace)


def oversized(size: int) -> bytes:
    """A real workbook, zero-filled up to `size` bytes."""
    data = workbook([row()])
    return data + bytes(size - len(data))


BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{n} "{("&lol" + str(n - 1) + ";") * 10 if n > 1 else "&lol;" * 10}">'
        for n in range(1, 10)
    )
    + "]>\n<lolz>&lol9;</lolz>"
)


def xml_bomb(part: str = "[Content_Types].xml") -> bytes:
    """A workbook one of whose XML parts is a 'billion laughs' entity bomb."""
    return rezip(workbook([row()]), replace={part: BILLION_LAUGHS})


def external_link_workbook() -> bytes:
    """A workbook that links to another workbook (xl/externalLinks/)."""
    link = (
        '<?xml version="1.0" encoding="UTF-8"?><externalLink xmlns="http://schemas.openxml'
        'formats.org/spreadsheetml/2006/main"><externalBook r:id="rId1" xmlns:r="http://schemas'
        '.openxmlformats.org/officeDocument/2006/relationships"/></externalLink>'
    )
    return rezip(workbook([row()]), add={"xl/externalLinks/externalLink1.xml": link})


def many_entries(count: int) -> bytes:
    return rezip(workbook([row()]), add={f"xl/media/image{n}.png": b"x" for n in range(count)})


# --- the database before and after -------------------------------------------------------------


def staff_snapshot() -> tuple[int, str]:
    """The number of employees and a checksum of every column, to prove nothing changed."""
    rows = list(
        Employee.objects.order_by("nip").values_list(
            "nip",
            "name",
            "asn_type",
            "golongan",
            "position_type",
            "position_name",
            "unit_id",
            "is_active",
        )
    )
    return len(rows), hashlib.sha256(repr(rows).encode()).hexdigest()


def sheet_values(data: bytes, sheet: int = 0) -> list[tuple]:
    book = load_workbook(io.BytesIO(data), read_only=True)
    try:
        return list(book.worksheets[sheet].iter_rows(values_only=True))
    finally:
        book.close()
