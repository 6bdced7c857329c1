"""Checks on an uploaded workbook before anything parses it: the upload is treated as hostile.

An .xlsx is a ZIP archive of XML parts. Before openpyxl opens it we check, from the archive's
central directory alone (nothing is decompressed yet): the size of the upload, that it is a ZIP
(magic bytes, readable structure) holding an Excel workbook (not a renamed Word file), the number
of entries, the total uncompressed size and each entry's compression ratio (zip bombs), that it
carries no macros and no links to other workbooks. Then the XML is checked with defusedxml: the
two parts we read ourselves are parsed whole, and every other XML part has its prolog checked, so
no part declares a DTD or an entity (billion laughs, external entities). Python's zipfile never
inflates an entry beyond its declared size, so the declared sizes checked here bound the work
openpyxl can be made to do.

Every refusal raises UnsafeWorkbook with an Indonesian message that says why; nothing is written.
"""

import io
import zipfile
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser, fromstring
from django.conf import settings
from django.core.exceptions import ValidationError

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, and any password-protected Office file
MAX_ENTRIES = 500  # a workbook from Excel or LibreOffice holds a few dozen
MAX_RATIO = 100  # Apache POI's default for its own zip-bomb guard
RATIO_FROM_BYTES = 1024 * 1024  # tiny entries may compress well and harmlessly
MAX_XML_PART_BYTES = 5 * 1024 * 1024  # [Content_Types].xml and xl/workbook.xml, read whole
PROLOG_CHUNK = 16 * 1024

CONTENT_TYPES = "[Content_Types].xml"
WORKBOOK = "xl/workbook.xml"
WORKBOOK_TYPES = {
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml",
}
CT_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"
MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
HINT = "Simpan ulang dari Excel sebagai 'Buku Kerja Excel (*.xlsx)' lalu unggah lagi."


class UnsafeWorkbook(ValidationError):
    """An upload refused before it was parsed; the message says why, in Indonesian."""


def max_bytes() -> int:
    return settings.WFA_IMPORT_MAX_BYTES


def megabytes(n: int) -> str:
    """A size for a message: "0,2 MB", "10 MB"; below a tenth of a megabyte, in KB."""
    if n < 1024 * 1024 / 10:
        return f"{max(round(n / 1024), 1)} KB"
    text = f"{n / (1024 * 1024):.1f}".replace(".", ",")
    return f"{text.removesuffix(',0')} MB"


def read_limited(fileobj, *, size: int | None = None) -> bytes:
    """Read an upload or a file, refusing it by its known size first, then while reading.

    `size` (UploadedFile.size, os.stat) is checked before a single byte is read; the read itself
    stops one byte past the limit, so a stream that lied about its size is never read whole.
    """
    limit = max_bytes()
    if size is not None and size > limit:
        raise _too_big(size, limit)
    chunks, total = [], 0
    while total <= limit:
        chunk = fileobj.read(min(1024 * 1024, limit + 1 - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    if total > limit:
        raise _too_big(None, limit)
    return b"".join(chunks)


def _too_big(size: int | None, limit: int) -> UnsafeWorkbook:
    seen = f" ({megabytes(size)})" if size is not None else ""
    return UnsafeWorkbook(
        f"Berkas terlalu besar{seen}: batasnya {megabytes(limit)}. Bagi data menjadi beberapa "
        "berkas, atau hapus lembar dan kolom yang tidak diperlukan.",
        code="too_big",
    )


def check_xlsx(data: bytes) -> None:
    """Refuse anything but a plain, macro-free, self-contained .xlsx workbook."""
    if len(data) > max_bytes():
        raise _too_big(len(data), max_bytes())
    if not data:
        raise UnsafeWorkbook("Berkas kosong (0 byte).", code="empty")
    if data.startswith(OLE_MAGIC):
        raise UnsafeWorkbook(
            "Berkas ini berformat Excel lama (.xls, Excel 97-2003) atau dilindungi kata sandi; "
            f"keduanya tidak dapat diperiksa. Buka proteksinya bila ada. {HINT}",
            code="ole",
        )
    if not data.startswith(ZIP_MAGIC):
        raise UnsafeWorkbook(
            f"Berkas ini bukan buku kerja .xlsx: isinya bukan arsip ZIP. {HINT}", code="not_zip"
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError):
        raise UnsafeWorkbook(
            f"Berkas .xlsx rusak: struktur ZIP-nya tidak dapat dibaca. {HINT}", code="bad_zip"
        ) from None
    with archive:
        _check_entries(infos)
        names = {info.filename for info in infos}
        _check_is_workbook(names)
        _check_no_macros_or_links(names)
        _check_xml(archive, infos)


def _check_entries(infos: list[zipfile.ZipInfo]) -> None:
    if len(infos) > MAX_ENTRIES:
        raise UnsafeWorkbook(
            f"Berkas berisi {len(infos)} entri ZIP; sebuah buku kerja wajar berisi paling banyak "
            f"{MAX_ENTRIES}. Berkas ditolak demi keamanan.",
            code="too_many_entries",
        )
    if len({info.filename for info in infos}) != len(infos):
        raise UnsafeWorkbook(
            "Berkas .xlsx tidak sah: ada entri ZIP dengan nama ganda. "
            "Berkas ditolak demi keamanan.",
            code="duplicate_entry",
        )
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise UnsafeWorkbook(
                "Berkas berisi bagian terenkripsi. Buka proteksinya lalu simpan ulang sebagai "
                ".xlsx.",
                code="encrypted",
            )
        total += info.file_size
        if info.file_size > RATIO_FROM_BYTES and (
            info.compress_size == 0 or info.file_size / info.compress_size > MAX_RATIO
        ):
            raise UnsafeWorkbook(
                f"Berkas ditolak sebagai 'zip bomb': bagian {info.filename} memuai dari "
                f"{megabytes(info.compress_size)} menjadi {megabytes(info.file_size)} (lebih dari "
                f"{MAX_RATIO} kali). Buku kerja Excel yang wajar tidak seperti itu.",
                code="zip_bomb",
            )
    limit = settings.WFA_IMPORT_MAX_UNCOMPRESSED_BYTES
    if total > limit:
        raise UnsafeWorkbook(
            f"Isi berkas setelah dibuka berukuran {megabytes(total)}, melebihi batas "
            f"{megabytes(limit)}. Bagi data menjadi beberapa berkas.",
            code="too_big_uncompressed",
        )


def _check_is_workbook(names: set[str]) -> None:
    if CONTENT_TYPES in names and WORKBOOK in names:
        return
    if any(name.startswith("word/") for name in names):
        kind = "dokumen Word (.docx) yang diganti namanya"
    elif any(name.startswith("ppt/") for name in names):
        kind = "presentasi PowerPoint (.pptx) yang diganti namanya"
    elif "xl/workbook.bin" in names:
        kind = "buku kerja biner Excel (.xlsb)"
    else:
        kind = "arsip ZIP biasa"
    raise UnsafeWorkbook(
        f"Berkas ini {kind}, bukan buku kerja Excel .xlsx (tidak ada {WORKBOOK}). {HINT}",
        code="not_workbook",
    )


def _check_no_macros_or_links(names: set[str]) -> None:
    lowered = {name.lower() for name in names}
    if any(name.endswith("vbaproject.bin") or name.startswith("xl/activex/") for name in lowered):
        raise UnsafeWorkbook(_macro_message(), code="macro")
    if any(name.startswith("xl/externallinks/") for name in lowered):
        raise UnsafeWorkbook(_link_message(), code="external_link")


def _macro_message() -> str:
    return (
        "Berkas berisi makro (VBA) atau kontrol ActiveX; buku kerja bermakro tidak diterima. "
        "Salin datanya ke buku kerja baru lalu simpan sebagai .xlsx (bukan .xlsm)."
    )


def _link_message() -> str:
    return (
        "Berkas merujuk ke buku kerja lain (tautan eksternal). Putuskan tautannya (Data > Edit "
        "Links > Break Link) atau tempel sebagai nilai, simpan, lalu unggah lagi."
    )


def _check_xml(archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo]) -> None:
    for info in infos:
        if info.filename.lower().endswith((".xml", ".rels", ".vml")):
            _check_prolog(archive, info)
    types = _parse_whole(archive, CONTENT_TYPES)
    for override in types.iter(f"{CT_NS}Override"):
        content_type = (override.get("ContentType") or "").lower()
        if "macroenabled" in content_type or "vbaproject" in content_type:
            raise UnsafeWorkbook(_macro_message(), code="macro")
        if override.get("PartName") == f"/{WORKBOOK}" and content_type not in WORKBOOK_TYPES:
            raise UnsafeWorkbook(
                f"Bagian utama berkas bertipe {content_type!r}, bukan buku kerja .xlsx. {HINT}",
                code="not_workbook",
            )
    workbook = _parse_whole(archive, WORKBOOK)
    if workbook.find(f"{MAIN_NS}externalReferences") is not None:
        raise UnsafeWorkbook(_link_message(), code="external_link")
    if workbook.find(f"{MAIN_NS}sheets/{MAIN_NS}sheet") is None:
        raise UnsafeWorkbook("Buku kerja tidak berisi satu lembar kerja pun.", code="no_sheet")


class _RootSeen(Exception):
    pass


class _PrologTarget:
    """Stops the parse at the root element: a DTD or an entity can only come before it."""

    def start(self, tag, attrs):
        raise _RootSeen

    def end(self, tag):
        pass

    def data(self, text):
        pass

    def close(self):
        pass


def _check_prolog(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    parser = DefusedXMLParser(target=_PrologTarget(), forbid_dtd=True)
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(PROLOG_CHUNK):
                parser.feed(chunk)
            parser.close()
    except _RootSeen:
        return
    except DefusedXmlException:
        raise _xml_bomb(info.filename) from None
    except (ParseError, zipfile.BadZipFile, EOFError, OSError, ValueError):
        raise _bad_part(info.filename) from None


def _parse_whole(archive: zipfile.ZipFile, name: str):
    info = archive.getinfo(name)
    if info.file_size > MAX_XML_PART_BYTES:
        raise UnsafeWorkbook(
            f"Bagian {name} berukuran {megabytes(info.file_size)}, tidak wajar untuk buku kerja. "
            "Berkas ditolak demi keamanan.",
            code="part_too_big",
        )
    try:
        return fromstring(archive.read(info), forbid_dtd=True)
    except DefusedXmlException:
        raise _xml_bomb(name) from None
    except (ParseError, zipfile.BadZipFile, EOFError, OSError, ValueError):
        raise _bad_part(name) from None


def _xml_bomb(name: str) -> UnsafeWorkbook:
    return UnsafeWorkbook(
        f"Bagian {name} memuat deklarasi DTD atau entitas XML (pola serangan seperti "
        "'billion laughs' atau entitas eksternal). Berkas ditolak demi keamanan.",
        code="xml_bomb",
    )


def _bad_part(name: str) -> UnsafeWorkbook:
    return UnsafeWorkbook(
        f"Berkas .xlsx rusak: bagian {name} tidak dapat dibaca. {HINT}", code="bad_part"
    )
