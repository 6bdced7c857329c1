"""Every upload is treated as hostile: each kind is refused, says why and changes nothing."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.html import escape

from common.xlsx_safety import UnsafeWorkbook, check_xlsx, read_limited
from tests.factories import EmployeeFactory
from tests.staff_import import xlsx_builders as build

pytestmark = pytest.mark.django_db

MB = 1024 * 1024

HOSTILE = {
    "not a zip": (build.not_a_zip, "isinya bukan arsip ZIP"),
    "an old .xls": (build.old_xls, "berformat Excel lama (.xls, Excel 97-2003)"),
    "a damaged zip": (build.damaged_zip, "struktur ZIP-nya tidak dapat dibaca"),
    "a renamed .docx": (
        build.renamed_docx,
        "Berkas ini dokumen Word (.docx) yang diganti namanya, bukan buku kerja Excel .xlsx",
    ),
    "a zip bomb": (
        build.zip_bomb,
        "Berkas ditolak sebagai 'zip bomb': bagian xl/worksheets/sheet2.xml memuai dari 0,2 MB "
        "menjadi 200 MB (lebih dari 100 kali).",
    ),
    "a macro workbook": (build.macro_workbook, "Berkas berisi makro (VBA)"),
    "a VBA project alone": (
        lambda: build.macro_workbook(content_type=False),
        "Berkas berisi makro (VBA)",
    ),
    "a macro content type alone": (
        lambda: build.macro_workbook(vba=False),
        "Berkas berisi makro (VBA)",
    ),
    "a 50 MB file": (
        lambda: build.oversized(50 * MB),
        "Berkas terlalu besar (50 MB): batasnya 10 MB.",
    ),
    "an XML bomb in [Content_Types].xml": (
        build.xml_bomb,
        "Bagian [Content_Types].xml memuat deklarasi DTD atau entitas XML (pola serangan seperti "
        "'billion laughs'",
    ),
    "an XML bomb in a sheet": (
        lambda: build.xml_bomb("xl/worksheets/sheet1.xml"),
        "Bagian xl/worksheets/sheet1.xml memuat deklarasi DTD atau entitas XML",
    ),
    "an external link": (
        build.external_link_workbook,
        "Berkas merujuk ke buku kerja lain (tautan eksternal).",
    ),
    "too many entries": (
        lambda: build.many_entries(600),
        "Berkas berisi 609 entri ZIP; sebuah buku kerja wajar berisi paling banyak 500.",
    ),
}


@pytest.fixture
def staff(unit_a, unit_b):
    """Some staff already in the portal, so that 'unchanged' means something."""
    return [EmployeeFactory(unit=unit_a), EmployeeFactory(unit=unit_b), EmployeeFactory()]


@pytest.fixture(autouse=True)
def import_dir(settings, tmp_path):
    settings.WFA_IMPORT_DIR = tmp_path / "imports"
    return settings.WFA_IMPORT_DIR


def upload(client, data: bytes, name="pegawai.xlsx"):
    return client.post("/pegawai-impor/periksa/", {"file": SimpleUploadedFile(name, data)})


@pytest.mark.parametrize("kind", list(HOSTILE))
def test_each_hostile_upload_is_refused_with_its_reason(login, bkpsdm, staff, import_dir, kind):
    builder, message = HOSTILE[kind]
    data = builder()
    before = build.staff_snapshot()
    response = upload(login(bkpsdm), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert escape(message) in page
    assert 'action="/pegawai-impor/konfirmasi/"' not in page
    assert build.staff_snapshot() == before
    assert not import_dir.exists() or not any(import_dir.iterdir())


@pytest.mark.parametrize("kind", list(HOSTILE))
def test_each_hostile_file_is_refused_by_the_checks_alone(kind):
    builder, message = HOSTILE[kind]
    with pytest.raises(UnsafeWorkbook) as refusal:
        check_xlsx(builder())
    assert message in refusal.value.messages[0]


def test_a_good_workbook_passes_the_checks():
    check_xlsx(build.workbook([build.row()]))


def test_an_upload_too_large_is_refused_by_its_size_before_a_byte_is_read():
    stream = io.BytesIO(bytes(50 * MB))
    with pytest.raises(UnsafeWorkbook, match="Berkas terlalu besar"):
        read_limited(stream, size=50 * MB)
    assert stream.tell() == 0


def test_a_stream_that_hides_its_size_is_read_only_one_byte_past_the_limit(settings):
    settings.WFA_IMPORT_MAX_BYTES = MB
    stream = io.BytesIO(bytes(50 * MB))
    with pytest.raises(UnsafeWorkbook, match="batasnya 1 MB"):
        read_limited(stream)
    assert stream.tell() == MB + 1


def test_the_size_limit_is_a_setting(settings, login, bkpsdm, unit_a):
    settings.WFA_IMPORT_MAX_BYTES = 2000
    response = upload(login(bkpsdm), build.workbook([build.row()]))
    assert response.status_code == 400
    assert "Berkas terlalu besar (5 KB): batasnya 2 KB." in response.content.decode()
    assert "Berkas terlalu besar" in response.content.decode()


def test_the_unzipped_size_is_bounded_by_a_setting(settings):
    settings.WFA_IMPORT_MAX_UNCOMPRESSED_BYTES = 4000
    with pytest.raises(UnsafeWorkbook, match="melebihi batas") as refusal:
        check_xlsx(build.workbook([build.row()] * 50))
    assert refusal.value.code == "too_big_uncompressed"


def test_an_empty_upload_is_refused(login, bkpsdm):
    response = upload(login(bkpsdm), b"")
    assert response.status_code == 400
    assert "kosong" in response.content.decode()


def test_an_external_reference_declared_only_in_the_workbook_is_refused():
    data = build.workbook([build.row()])
    workbook_xml = build.read_part(data, "xl/workbook.xml").replace(
        "</workbook>",
        # The r: prefix declared here: openpyxl (with lxml) declares it only on <sheet>.
        '<externalReferences xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships"><externalReference r:id="rId9"/></externalReferences></workbook>',
    )
    with pytest.raises(UnsafeWorkbook, match="tautan eksternal"):
        check_xlsx(build.rezip(data, replace={"xl/workbook.xml": workbook_xml}))


def test_an_external_entity_is_refused():
    data = build.workbook([build.row()])
    xxe = (
        '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        "<Types>&x;</Types>"
    )
    with pytest.raises(UnsafeWorkbook, match="deklarasi DTD atau entitas XML"):
        check_xlsx(build.rezip(data, replace={"[Content_Types].xml": xxe}))


def test_a_sheet_whose_declared_size_is_a_lie_is_refused_as_damaged(login, bkpsdm, staff):
    """zipfile stops at the declared size, so the real content fails its checksum."""
    data = bytearray(build.workbook([build.row()] * 200))
    name = b"xl/worksheets/sheet1.xml"
    central = data.rindex(b"PK\x01\x02", 0, data.rindex(name))  # its central directory entry
    data[central + 24 : central + 28] = (1000).to_bytes(4, "little")  # uncompressed size
    before = build.staff_snapshot()
    response = upload(login(bkpsdm), bytes(data))
    assert response.status_code == 400
    assert (
        "Berkas .xlsx rusak: bagian xl/worksheets/sheet1.xml tidak dapat dibaca."
        in response.content.decode()
    )
    assert build.staff_snapshot() == before


def test_a_sheet_broken_after_its_first_tag_is_refused_as_unreadable(login, bkpsdm, staff):
    data = build.workbook([build.row()])
    sheet = build.read_part(data, "xl/worksheets/sheet1.xml")
    broken = sheet[: sheet.index("<sheetData>")] + "<sheetData><row r="
    before = build.staff_snapshot()
    response = upload(
        login(bkpsdm), build.rezip(data, replace={"xl/worksheets/sheet1.xml": broken})
    )
    assert response.status_code == 400
    assert "Berkas tidak dapat dibaca sebagai buku kerja Excel" in response.content.decode()
    assert build.staff_snapshot() == before
