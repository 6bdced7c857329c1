"""The PDFs as other programs read them (#24): poppler's pdftotext and pdffonts, qpdf, and pypdf
for the metadata. Every NIP whole, whatever the number of days; names with ’ é ı as typed; long
positions, places, units, statuses and OPD names whole (never "..."); every font embedded; a file
qpdf finds sound; PDF/A-2b metadata; signature blocks that name the official or leave lines.

The data stay small (tens of staff) so the suite stays fast; `make bench` (tests/bench/pdf.py)
writes the largest demo OPD's plan. Marked `pdftools`: skipped where poppler-utils or qpdf are
missing (`make system-packages` installs them), a failure instead where WFA_REQUIRE_E2E=1 (CI).
"""

import os
import shutil
import subprocess
from datetime import date, timedelta
from io import BytesIO

import pytest
from pypdf import PdfReader

from opd.models import PositionType, UnitKind
from reports.documents.pdf import write_city_pdf, write_plan_pdf
from schedules.models import FlexWindow, Mode, Plan, PlanStatus, WindowDay
from tests.factories import EmployeeFactory, OpdFactory, UnitFactory
from tests.reports.conftest import assign

TOOLS = ("pdftotext", "pdffonts", "qpdf")
MISSING = [tool for tool in TOOLS if shutil.which(tool) is None]
MISSING_HINT = (
    f"{', '.join(MISSING)} tidak ditemukan: pasang dengan "
    "'sudo apt-get install poppler-utils qpdf' (Debian/Ubuntu) lalu jalankan lagi"
)
pytestmark = [
    pytest.mark.pdftools,
    pytest.mark.skipif(
        bool(MISSING) and os.environ.get("WFA_REQUIRE_E2E") != "1", reason=MISSING_HINT
    ),
]

ODD_NAME = "Siti Nur’aini, S.Kep. éı"
LONG_POSITION = "Pengelola Layanan Operasional Pelayanan Kesehatan Masyarakat Tingkat Kecamatan"
LONG_PLACE = "Rumah orang tua, Desa Tanjung Raja Utara, Kabupaten Ogan Komering Ilir"
LONG_OPD = "Dinas Pemberdayaan Perempuan, Perlindungan Anak dan Pemberdayaan Masyarakat Kota"
STAFF = 24


def tool(*args: str) -> str:
    if MISSING:
        pytest.fail(f"WFA_REQUIRE_E2E=1 but {MISSING_HINT}")
    done = subprocess.run(args, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr + done.stdout
    return done.stdout


def read(tmp_path, data: bytes, name: str) -> str:
    """The PDF's text as pdftotext reads it, whitespace folded (a wrapped cell reads as one
    run of words), after pdffonts and qpdf had their say."""
    path = tmp_path / name
    path.write_bytes(data)
    fonts = tool("pdffonts", str(path)).splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts), fonts  # emb column
    assert "No syntax or stream encoding errors" in tool("qpdf", "--check", str(path))
    return " ".join(tool("pdftotext", str(path), "-").split())


def window_of(days: int) -> FlexWindow:
    window = FlexWindow.objects.create(
        slug=f"uji-{days}-hari", name=f"Uji {days} hari", legal_basis="SE uji"
    )
    dates, day = [], date(2025, 3, 24)
    while len(dates) < days:
        if day.weekday() < 5:
            dates.append(day)
        day += timedelta(days=1)
    WindowDay.objects.bulk_create(WindowDay(window=window, date=d) for d in dates)
    return window


def pdf_bytes(writer, **kwargs) -> bytes:
    out = BytesIO()
    writer(out, **kwargs)
    return out.getvalue()


@pytest.fixture
def long_opd(db):
    """An OPD with a long name, long unit and position names, and staff working remotely."""
    opd = OpdFactory(code="dp3am", name=LONG_OPD, short_name="DP3AM")
    unit = UnitFactory(
        opd=opd,
        name="Unit Pelaksana Teknis Daerah Perlindungan Perempuan dan Anak",
        kind=UnitKind.BIDANG,
    )
    staff = [EmployeeFactory(unit=unit, name=ODD_NAME, position_name=LONG_POSITION)]
    staff += EmployeeFactory.create_batch(STAFF - 1, unit=unit, position_name=LONG_POSITION)
    return opd, unit, staff


@pytest.mark.parametrize("days", [1, 5, 10, 20])
def test_every_nip_prints_whole_whatever_the_number_of_days(tmp_path, long_opd, days):
    opd, unit, staff = long_opd
    window = window_of(days)
    first, last = window.days.order_by("date").first(), window.days.order_by("date").last()
    assign(staff[0], last, Mode.WFA, LONG_PLACE)
    assign(staff[1], last, Mode.WFH)
    if days > 1:  # a second place, on an earlier day: both listed, in the order of the days
        assign(staff[0], first, Mode.WFA, "Prabumulih")
    text = read(tmp_path, pdf_bytes(write_plan_pdf, window=window, opd=opd), "rencana.pdf")
    for employee in staff:
        assert employee.nip in text, employee.nip  # all 18 digits, never cut
    assert ODD_NAME in text  # ’ é ı as typed, never "?" nor a folded "'"
    for words in (LONG_POSITION, LONG_PLACE, LONG_OPD, unit.name):
        assert all(word in text for word in words.split()), words
    if days > 1:  # pdftotext reads a wrapped cell's lines among its neighbours' (random names)
        assert "Prabumulih;" in text
        assert LONG_PLACE.split()[0] in text[text.index("Prabumulih;") :]
    assert "..." not in text and "…" not in text
    assert text.count("Mode kerja per pegawai") == (2 if days == 20 else 1)  # sections of days
    assert f"Mengetahui, Kepala {LONG_OPD}" in text
    assert "......" not in text and "NIP ......" not in text


def test_the_city_pdf_prints_statuses_and_opd_names_whole(tmp_path, long_opd, window, staff):
    opd, _, _ = long_opd
    Plan.objects.create(opd=opd, window=window, status=PlanStatus.REVIEW)
    text = read(tmp_path, pdf_bytes(write_city_pdf, window=window), "kota.pdf")
    assert "Perlu ditinjau" in text and "ditinj..." not in text
    assert LONG_OPD in text or all(word in text for word in LONG_OPD.split())
    assert "..." not in text


def test_the_city_pdf_of_twenty_days_splits_its_days_into_sections(tmp_path, long_opd):
    window = window_of(20)
    text = read(tmp_path, pdf_bytes(write_city_pdf, window=window), "kota.pdf")
    assert "Per OPD: WFO/WFH/WFA dan layanan esensial per hari (1 dari" in text
    for day in window.days.all():
        assert f"{day.date.day}/{day.date.month} O/H/A" in text


def test_the_signature_names_the_head_of_bkpsdm_from_the_staff_data(tmp_path, window, staff):
    bkpsdm = OpdFactory(code="bkpsdm", name="Badan Kepegawaian dan Pengembangan SDM")
    head = EmployeeFactory(
        unit=UnitFactory(opd=bkpsdm, kind=UnitKind.SEKRETARIAT),
        name="Dr. Iqbal Rahman, S.Kom., M.Si.",
        position_type=PositionType.JPT,
        position_name="Kepala Badan Kepegawaian dan Pengembangan SDM",
    )
    text = read(tmp_path, pdf_bytes(write_city_pdf, window=window), "kota.pdf")
    assert f"Mengetahui, {head.position_name} {head.name} NIP {head.nip}" in text


def test_without_a_known_official_the_block_leaves_lines_to_write_on(tmp_path, window, staff):
    text = read(tmp_path, pdf_bytes(write_city_pdf, window=window), "kota.pdf")
    after = text.split("Mengetahui,")[1]  # the block, then the page's footer
    assert after.startswith(" Kepala BKPSDM Kota Palembang NIP ")
    assert "." not in after and "(" not in after  # no "(......)", no "NIP ......"
    opd = staff["dishub"].unit.opd  # no JPT among its staff
    text = read(tmp_path, pdf_bytes(write_plan_pdf, window=window, opd=opd), "rencana.pdf")
    after = text.split("Mengetahui,")[1]
    assert after.startswith(f" Kepala {opd.name} NIP ")
    assert "." not in after and "(" not in after


def test_the_pdf_is_pdf_a_2b_with_its_title_author_and_subject(window, staff):
    opd = staff["dokter"].unit.opd
    reader = PdfReader(BytesIO(pdf_bytes(write_plan_pdf, window=window, opd=opd)))
    xmp = reader.xmp_metadata
    assert xmp.dc_title == {"x-default": "Rencana Dinas Kesehatan"}
    assert xmp.dc_creator == ["Pemerintah Kota Palembang"]
    assert xmp.dc_description == {
        "x-default": "Kerja fleksibel Lebaran 2025: 24 Maret 2025 – 8 April 2025"
    }
    packet = xmp.stream.get_data().decode()
    assert "<pdfaid:part>2</pdfaid:part>" in packet
    assert "<pdfaid:conformance>B</pdfaid:conformance>" in packet
    (intent,) = reader.trailer["/Root"]["/OutputIntents"]
    assert intent["/S"] == "/GTS_PDFA1" and intent["/OutputConditionIdentifier"] == "sRGB"
    assert intent["/DestOutputProfile"].get_object()["/N"] == 3  # an RGB ICC profile
    assert reader.pdf_header == "%PDF-1.7"
