"""The workbook prints on A4: page setup read back with openpyxl, and, where LibreOffice is
installed, printed to PDF as a new user would (`soffice --headless --convert-to pdf`) with the
page counts pinned. CI installs LibreOffice (libreoffice-calc); locally the LibreOffice tests are
skipped with a hint, unless WFA_REQUIRE_E2E=1, where a missing LibreOffice is a failure."""

import html
import os
import re
import shutil
import subprocess
from collections import Counter
from io import BytesIO

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from demo.city import seed_demo_city
from opd.models import Opd
from reports.documents.workbook import write_workbook
from schedules.models import FlexWindow, Mode
from tests.reports.conftest import assign

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
MISSING_LIBREOFFICE = (
    "LibreOffice tidak ditemukan: pasang dengan 'sudo apt-get install libreoffice-calc' "
    "(Debian/Ubuntu) lalu jalankan lagi"
)
_skip_without_libreoffice = pytest.mark.skipif(
    SOFFICE is None and os.environ.get("WFA_REQUIRE_E2E") != "1", reason=MISSING_LIBREOFFICE
)


def needs_libreoffice(test):
    """Marked `libreoffice` (`make test-fast` leaves it out) and skipped without it."""
    return pytest.mark.libreoffice(_skip_without_libreoffice(test))


def workbook_of(window, opd=None):
    out = BytesIO()
    write_workbook(out, window=window, opd=opd)
    out.seek(0)
    return load_workbook(out)


def test_every_sheet_is_set_up_for_a4(window, staff, days):
    assign(staff["perawat"][1], days[0], Mode.WFH)
    wb = workbook_of(window)
    expected = {
        "Ringkasan": ("landscape", "$5:$6"),
        "Rincian per hari": ("portrait", "$5:$5"),
        "Layanan Esensial": ("landscape", "$5:$5"),
        "Kehadiran": ("landscape", "$5:$5"),
        "Dinkes": ("portrait", "$5:$5"),
        "Dishub": ("portrait", "$5:$5"),
    }
    assert wb.sheetnames == list(expected)
    for ws in wb.worksheets:
        orientation, titles = expected[ws.title]
        setup = ws.page_setup
        assert setup.orientation == orientation, ws.title
        assert setup.paperSize == 9, ws.title  # A4
        assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        assert (setup.fitToWidth, setup.fitToHeight) == (1, 0), ws.title  # one page wide
        assert ws.print_title_rows == titles, ws.title  # the header on every page
        assert ws.oddFooter.center.text == "Halaman &P dari &N"
        assert ws.oddFooter.left.text == "Kerja fleksibel Lebaran 2025"
        assert ws.oddFooter.right.text == "&A"  # the sheet's name
        assert ws.print_area, ws.title
        # inches; Ringkasan's narrower sides leave its type 8 pt or more, printed
        assert ws.page_margins.left == (0.25 if ws.title == "Ringkasan" else 0.4)
    assert wb["Dinkes"].column_dimensions["E"].width == 6  # a day column holds a mode code
    assert wb["Ringkasan"].max_column == 3 + 4 * len(days)


def test_an_ampersand_in_the_window_name_prints_as_one(window, staff):
    FlexWindow.objects.filter(pk=window.pk).update(name="Lebaran & cuti bersama 2025")
    window.refresh_from_db()
    ws = workbook_of(window)["Dinkes"]
    assert ws.oddFooter.left.text == "Lebaran && cuti bersama 2025"  # && is a literal &


def printed(tmp_path, *wb_paths) -> list[tuple[Counter, PdfReader]]:
    """Print workbooks to PDF with LibreOffice: per workbook, its pages per sheet and the PDF.

    One LibreOffice run converts them all (its start-up is a few seconds of CPU). LibreOffice
    bookmarks each sheet's first page; a sheet's pages run to the next bookmark. (The pages' text
    is read only where a test looks at it: pypdf takes about a quarter of a second per page of
    table, which for the whole city was most of this test's time.)
    """
    if SOFFICE is None:
        pytest.fail(f"WFA_REQUIRE_E2E=1 but LibreOffice is missing. {MISSING_LIBREOFFICE}")
    profile = tmp_path / "lo-profile"  # its own profile: a running LibreOffice does not matter
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            *map(str, wb_paths),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return [_pages(PdfReader(tmp_path / path.with_suffix(".pdf").name)) for path in wb_paths]


def _pages(pdf: PdfReader) -> tuple[Counter, PdfReader]:
    starts = [(mark["/Title"], pdf.get_destination_page_number(mark)) for mark in pdf.outline]
    ends = [start for _, start in starts[1:]] + [len(pdf.pages)]
    return Counter(
        {sheet: end - start for (sheet, start), end in zip(starts, ends, strict=True)}
    ), pdf


def assert_footers(pdf: PdfReader, pages: Counter, sheets) -> None:
    """Each page of these sheets ends with its own footer: "Halaman i dari n" and the sheet."""
    first = 0
    for sheet, count in pages.items():
        if sheet in sheets:
            for i in range(count):
                text = pdf.pages[first + i].extract_text()
                found = re.search(r"Halaman (\d+) dari (\d+)\s+(.+)", text)
                assert found, f"{sheet}: page {i + 1} has no footer"
                assert found.group(3).strip() == sheet, (sheet, found.group(3))
        first += count


@pytest.mark.slow
@needs_libreoffice
def test_printed_on_a4_the_workbooks_take_few_pages(tmp_path, db):
    """The demo city at full size (13,870 staff, 52 OPDs; Dishub has 399): Dishub's workbook and
    the whole city's, printed in one LibreOffice run (the city is built once for both)."""
    seed_demo_city()
    window = FlexWindow.objects.get(slug="lebaran-2025")
    dishub_path, city_path = tmp_path / "dishub.xlsx", tmp_path / "kota.xlsx"
    write_workbook(dishub_path, window=window, opd=Opd.objects.get(code="dishub"))
    write_workbook(city_path, window=window)
    dishub, city = printed(tmp_path, dishub_path, city_path)

    pages, pdf = dishub
    # 399 staff at 9 pt, one page wide: 5 pages (it was 37, in vertical strips), and the
    # signature block on the last one with the table's end.
    assert pages["Dishub"] <= 5, pages
    assert pages["Ringkasan"] == 1 and sum(pages.values()) == len(pdf.pages), pages
    assert_footers(pdf, pages, sheets=pages)  # every page
    last = pdf.pages[-1].extract_text()
    assert "Mengetahui," in last and re.search(r"\d{18}", last)  # the block and table rows

    pages, pdf = city
    assert len(pages) == 4 + Opd.objects.count(), pages  # the four summaries and every OPD
    assert pages["Ringkasan"] <= 2, pages  # the whole city, 52 OPDs x 5 days
    assert sum(pages.values()) == len(pdf.pages) < 230, pages  # it was 1,604, then 248
    assert_footers(pdf, pages, sheets=["Ringkasan", "Kehadiran", "Dishub"])
    assert_numbered_through(tmp_path / "kota.pdf", len(pdf.pages))
    assert smallest_text(pdf, range(pages["Ringkasan"])) >= 7.95  # 8 pt, printed
    names = list(Opd.objects.values_list("name", flat=True))
    assert_column_a_fits(tmp_path / "kota.pdf", pages["Ringkasan"], names)


def assert_numbered_through(path, total: int) -> None:
    """Page numbers run through the whole document: page i says "Halaman i dari <total>" (they
    restarted on every sheet under the document's total: "Halaman 1 dari 248", 56 times)."""
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True).stdout
    for number, page in enumerate(text.decode().split("\f")[:total], 1):
        assert f"Halaman {number} dari {total}" in page, number


def smallest_text(pdf: PdfReader, page_numbers) -> float:
    """The smallest printed size (points) of any text on these pages: its font size in the
    text matrix and the page's transformation combined (LibreOffice scales a sheet to fit)."""
    sizes = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            a, b = cm[0] * tm[0] + cm[2] * tm[1], cm[1] * tm[0] + cm[3] * tm[1]
            c, d = cm[0] * tm[2] + cm[2] * tm[3], cm[1] * tm[2] + cm[3] * tm[3]
            sizes.append(size * abs(a * d - b * c) ** 0.5)

    for number in page_numbers:
        pdf.pages[number].extract_text(visitor_text=visit)
    return min(sizes)


def assert_column_a_fits(path, page_count: int, names: list[str]) -> None:
    """Every wrapped OPD name of Ringkasan fits its row: read with `pdftotext -bbox` (each word's
    box), the words of column A (left of the "Pegawai" heading) hold every word of every name,
    and no two of them share a line's place. A row too short for its name's lines does not clip
    it: LibreOffice draws the last lines over the next row's name, two words at one height.
    Column A ends where the "ASN aktif" heading starts."""
    found = []
    for number in range(1, page_count + 1):
        xml = subprocess.run(
            ["pdftotext", "-bbox", "-f", str(number), "-l", str(number), str(path), "-"],
            capture_output=True,
            check=True,
        ).stdout.decode()
        words = [
            (float(x0), float(y0), float(x1), float(y1), html.unescape(word))
            for x0, y0, x1, y1, word in WORD.findall(xml)
        ]
        edge = min(x0 for x0, _, _, _, word in words if word == "ASN")
        column = [w for w in words if w[2] <= edge and w[1] > _heading_bottom(words)]
        for i, (x0, y0, x1, y1, word) in enumerate(column):
            for u0, _, u1, v1, other in column[i + 1 :]:
                side_by_side = x0 < u1 and u0 < x1
                assert not (side_by_side and abs(y1 - v1) < (y1 - y0) / 2), (number, word, other)
        found += [w[4] for w in column]
    wanted = Counter(word for name in names for word in name.split())
    assert not wanted - Counter(found), wanted - Counter(found)


WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>'
)


def _heading_bottom(words) -> float:
    """Where the table's body starts: below the row of day columns (its "WFO" labels)."""
    return max(y1 for _, _, _, y1, word in words if word == "WFO")
