"""SIASN export files for the tests, in each format the import takes: .xlsx and CSV (UTF-8,
Windows-1252, ';' or ','), with SIASN's own headings (the web export's or the raw download's)."""

import csv
import io

from tests.staff_import.xlsx_builders import GOOD_PNS, GOOD_PPPK, workbook

HEADERS = [
    "NIP",
    "Gelar Depan",
    "Nama",
    "Gelar Belakang",
    "Jenis ASN",
    "Jenis Jabatan",
    "Golongan",
    "Jabatan",
    "Unor ID",
    "Unit Organisasi",
]
RAW_HEADERS = [  # SIASN's raw download, as its columns are named there
    "NIP_BARU",
    "GELAR_DEPAN",
    "NAMA",
    "GELAR_BELAKANG",
    "JENIS_PEGAWAI_NAMA",
    "JENIS_JABATAN_NAMA",
    "GOL_AKHIR_NAMA",
    "JABATAN_NAMA",
    "UNOR_ID",
    "UNOR_NAMA",
]


def siasn_row(
    nip=GOOD_PNS,
    front="dr.",
    name="Siti Aminah",
    back="Sp.A",
    asn="PNS",
    position_type="Jabatan Fungsional Tertentu",
    golongan="III/b",
    position="Dokter Ahli Muda",
    unor_id="A8ACA7397AEB3912E040640A040269BB",
    unor="Puskesmas Makrayu",
) -> list:
    return [nip, front, name, back, asn, position_type, golongan, position, unor_id, unor]


def pppk_row(**changes) -> list:
    values = {
        "nip": GOOD_PPPK, "front": "", "name": "Dedi Kurniawan", "back": "S.T.", "asn": "PPPK",
        "position_type": "Jabatan Pelaksana", "golongan": "VII", "position": "Operator Layanan",
        "unor_id": "B1", "unor": "Bidang Lalu Lintas",
    }  # fmt: skip
    return siasn_row(**(values | changes))


def siasn_xlsx(rows, *, headers=HEADERS, above=()) -> bytes:
    return workbook(rows, headers=headers, above=above)


def siasn_csv(rows, *, headers=HEADERS, encoding="utf-8-sig", delimiter=";") -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(headers)
    for line in rows:
        writer.writerow(["" if v is None else v for v in line])
    return out.getvalue().encode(encoding)
