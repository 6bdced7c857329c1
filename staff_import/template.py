"""The staff import's template workbook: the headers, a valid example row, how to fill each
column, and every unit's code (with drop-down lists where Excel offers them)."""

import io

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from opd.models import PNS_GOLONGAN, Unit
from staff_import.columns import COLUMNS, EXAMPLE

HELP = [
    ("NIP", "18 digit NIP (PNS) atau NI PPPK, ditulis sebagai teks; spasi boleh."),
    ("Nama", "Nama lengkap dengan gelar."),
    ("Jenis ASN", "PNS atau PPPK."),
    (
        "Golongan",
        f"PNS: {PNS_GOLONGAN[0]} sampai {PNS_GOLONGAN[-1]}; PPPK: 1 sampai 17 (atau I-XVII).",
    ),
    ("Jenis Jabatan", "JPT, Administrator, Pengawas, Pelaksana atau Fungsional."),
    ("Nama Jabatan", "Mis. Perawat Ahli Pertama, Pengadministrasi Perkantoran."),
    ("Kode Unit", "Kode unit kerja; daftarnya ada di lembar 'Kode Unit'."),
    ("Aktif", "ya atau tidak."),
    ("Email", "Boleh dikosongkan atau kolomnya dihapus: alamat email untuk notifikasi."),
]


def template_workbook() -> bytes:
    """The headers, one valid example row, how to fill each column, and every unit's code."""
    units = list(Unit.objects.select_related("opd").order_by("opd__name", "name"))
    book = Workbook()
    sheet = book.active
    sheet.title = "Pegawai"
    sheet.append([column.header for column in COLUMNS])
    example = EXAMPLE | {"unit_code": units[0].code if units else "kode-unit"}
    sheet.append([example[column.key] for column in COLUMNS])
    sheet["A2"].number_format = "@"
    sheet.column_dimensions["A"].number_format = "@"  # new NIPs stay text, all 18 digits
    for index, width in enumerate((22, 34, 11, 10, 16, 34, 24, 8, 30), start=1):
        sheet.column_dimensions[chr(64 + index)].width = width
    for cell in sheet[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="198754")
    sheet.freeze_panes = "A2"
    _add_choices(sheet, "C", '"PNS,PPPK"')
    _add_choices(sheet, "E", '"JPT,Administrator,Pengawas,Pelaksana,Fungsional"')
    _add_choices(sheet, "H", '"ya,tidak"')
    if units:
        _add_choices(sheet, "G", f"'Kode Unit'!$A$2:$A${len(units) + 1}")

    guide = book.create_sheet("Petunjuk")
    guide.append(["Kolom", "Isi"])
    for row in HELP:
        guide.append(row)
    guide.append([])
    guide.append(["", "Hapus baris contoh sebelum mengunggah. Data dibaca dari lembar pertama."])
    guide.column_dimensions["A"].width = 16
    guide.column_dimensions["B"].width = 90

    codes = book.create_sheet("Kode Unit")
    codes.append(["Kode Unit", "Nama unit", "OPD"])
    for unit in units:
        codes.append([unit.code, unit.name, unit.opd.name])
    for letter, width in zip("ABC", (28, 48, 48), strict=True):
        codes.column_dimensions[letter].width = width
    for ws in (guide, codes):
        for cell in ws[1]:
            cell.font = Font(bold=True)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _add_choices(sheet, letter: str, formula: str) -> None:
    rule = DataValidation(type="list", formula1=formula, allow_blank=True)
    rule.error = "Pilih salah satu nilai dari daftar."
    rule.errorTitle = "Nilai tidak dikenal"
    sheet.add_data_validation(rule)
    rule.add(f"{letter}2:{letter}20000")
