"""Each row of a staff workbook is read, normalised and checked by the model's own rules."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.html import escape

from eligibility.models import RestrictionKind
from opd.models import Employee, PositionType
from staff_import.plan import plan_from_bytes
from tests.factories import EmployeeFactory, UnitFactory
from tests.staff_import.xlsx_builders import (
    GOOD_PNS,
    GOOD_PPPK,
    HEADERS,
    employee_row,
    row,
    staff_snapshot,
    workbook,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def import_dir(settings, tmp_path):
    settings.WFA_IMPORT_DIR = tmp_path / "imports"


def plan_of(rows, **options):
    return plan_from_bytes(workbook(rows, **options))


# --- each kind of bad row ----------------------------------------------------------------------

# A real NIP typed in other scripts' digits: str.isdigit() accepts them, the import must not.
ARABIC_INDIC = GOOD_PNS.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
FULL_WIDTH_PPPK = GOOD_PPPK.translate(str.maketrans("0123456789", "０１２３４５６７８９"))

BAD_ROWS = {
    "a short NIP": (
        [row(nip="19850312201001200")],
        "Baris 2, kolom NIP: NIP harus 18 digit, tertulis 17 digit.",
    ),
    "letters in the NIP": (
        [row(nip="19850312201001200A")],
        "Baris 2, kolom NIP: NIP hanya boleh berisi angka, tertulis '19850312201001200A'.",
    ),
    "Arabic-Indic digits in the NIP": (
        [row(nip=ARABIC_INDIC)],
        f"Baris 2, kolom NIP: NIP hanya boleh berisi angka 0-9; tertulis {ARABIC_INDIC!r} memuat "
        "angka dari aksara lain (mis. angka Arab atau angka lebar penuh). Ketik ulang dengan "
        "angka biasa.",
    ),
    "full-width digits in an NI PPPK": (
        [row(nip=FULL_WIDTH_PPPK, asn_type="PPPK", golongan="9")],
        f"Baris 2, kolom NIP: NI PPPK hanya boleh berisi angka 0-9; tertulis {FULL_WIDTH_PPPK!r} "
        "memuat angka dari aksara lain (mis. angka Arab atau angka lebar penuh). Ketik ulang "
        "dengan angka biasa.",
    ),
    "a right-to-left override in the name": (
        [row(name="Budi\u202eexe.txt")],
        "Baris 2, kolom Nama: Berisi karakter tak terlihat U+202E (RIGHT-TO-LEFT OVERRIDE), yang "
        "dapat membalik atau menyembunyikan sebagian teks. Ketik ulang isinya (karakter ini "
        "sering terbawa saat menyalin dari aplikasi lain).",
    ),
    "a zero-width space in the position": (
        [row(position_name="Perawat\u200b Ahli Pertama")],
        "Baris 2, kolom Nama Jabatan: Berisi karakter tak terlihat U+200B (ZERO WIDTH SPACE), "
        "yang dapat membalik atau menyembunyikan sebagian teks. Ketik ulang isinya (karakter ini "
        "sering terbawa saat menyalin dari aplikasi lain).",
    ),
    "an impossible birth date": (
        [row(nip="198513122010012001")],
        "Baris 2, kolom NIP: Tanggal lahir pada NIP (digit 1-8: 19851312) bukan tanggal yang sah.",
    ),
    "a wrong sex digit": (
        [row(nip="198503122010013001")],
        "Baris 2, kolom NIP: Digit jenis kelamin pada NIP (digit 15) harus 1 (laki-laki) atau "
        "2 (perempuan), tertulis 3.",
    ),
    "an NIP that Excel stored as a number": (
        [row(nip=1.98503122010012e17)],
        "Baris 2, kolom NIP: NIP tersimpan sebagai angka sehingga digit terakhirnya hilang "
        "(terbaca 198503122010012000): Excel hanya menyimpan 15 digit angka. Format kolom NIP "
        "sebagai Teks lalu ketik ulang NIP-nya.",
    ),
    "a bad year in an NI PPPK": (
        [row(nip="199001013023211005", asn_type="PPPK", golongan="9")],
        "Baris 2, kolom NIP: Tahun pengangkatan (digit 9-12: 3023) pada NI PPPK bukan tahun yang "
        "sah.",
    ),
    "an unknown unit": (
        [row(unit="pkm-entah")],
        "Baris 2, kolom Kode Unit: Unit dengan kode 'pkm-entah' tidak ditemukan. Daftar kode "
        "unit ada di lembar 'Kode Unit' pada templat.",
    ),
    "the same NIP twice in the file": (
        [row(), row(name="Rina Lain")],
        "Baris 3, kolom NIP: NIP 198503122010012001 sudah ada di baris 2 berkas ini; satu "
        "pegawai satu baris.",
    ),
    "a missing name": ([row(name="  ")], "Baris 2, kolom Nama: wajib diisi."),
    "a missing unit": ([row(unit=None)], "Baris 2, kolom Kode Unit: wajib diisi."),
    "a missing NIP": ([row(nip=None)], "Baris 2, kolom NIP: wajib diisi."),
    "an unknown ASN type": (
        [row(asn_type="CPNS")],
        "Baris 2, kolom Jenis ASN: Jenis ASN harus PNS atau PPPK, tertulis 'CPNS'.",
    ),
    "a golongan of the other ASN type": (
        [row(golongan="9")],
        "Baris 2, kolom Golongan: Golongan '9' tidak berlaku untuk PNS; pilihan: I/a sampai IV/e.",
    ),
    "an unknown position type": (
        [row(position_type="Staf")],
        "Baris 2, kolom Jenis Jabatan: Jenis jabatan 'Staf' tidak dikenal; pilihan: JPT, "
        "Administrator, Pengawas, Pelaksana, Fungsional.",
    ),
    "an unclear active flag": (
        [row(active="mungkin")],
        "Baris 2, kolom Aktif: Aktif harus 'ya' atau 'tidak', tertulis 'mungkin'.",
    ),
    "a name longer than the field": (
        [row(name="A" * 250)],
        "Baris 2, kolom Nama: Pastikan nilai ini mengandung paling banyak 200 karakter "
        "(sekarang 250 karakter).",
    ),
}


@pytest.mark.parametrize("kind", list(BAD_ROWS))
def test_each_bad_row_is_refused_naming_row_and_column(login, bkpsdm, unit_a, employee_b, kind):
    rows, message = BAD_ROWS[kind]
    before = staff_snapshot()
    data = workbook(rows)
    response = login(bkpsdm).post(
        "/pegawai-impor/periksa/", {"file": SimpleUploadedFile("pegawai.xlsx", data)}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert escape(message) in page
    assert 'action="/pegawai-impor/konfirmasi/"' not in page
    assert "baris ditolak.</strong>" in page
    assert staff_snapshot() == before
    assert plan_from_bytes(data).refused == [message]


def test_a_look_alike_of_an_existing_nip_is_refused_not_added_as_a_twin(unit_a):
    EmployeeFactory(unit=unit_a, nip=GOOD_PNS, name="Rina Marlina, S.Kep.")
    before = staff_snapshot()
    plan = plan_of([row(nip=ARABIC_INDIC, name="Rina Marlina, S.Kep.")])
    assert plan.refused == [BAD_ROWS["Arabic-Indic digits in the NIP"][1]]
    assert (plan.create, plan.update, plan.refused_rows) == ([], [], 1)
    assert staff_snapshot() == before


def test_every_problem_of_a_row_is_listed_in_column_order(unit_a):
    plan = plan_of([row(nip="123", name="", golongan="IV/f", unit="x", active="?")])
    assert plan.refused == [
        "Baris 2, kolom NIP: NIP harus 18 digit, tertulis 3 digit.",
        "Baris 2, kolom Nama: wajib diisi.",
        "Baris 2, kolom Golongan: Golongan 'IV/f' tidak berlaku untuk PNS; pilihan: I/a sampai "
        "IV/e.",
        "Baris 2, kolom Kode Unit: Unit dengan kode 'x' tidak ditemukan. Daftar kode unit ada di "
        "lembar 'Kode Unit' pada templat.",
        "Baris 2, kolom Aktif: Aktif harus 'ya' atau 'tidak', tertulis '?'.",
    ]
    assert plan.refused_rows == 1
    assert not plan.create


def test_row_numbers_are_excel_row_numbers(unit_a):
    plan = plan_of(
        [row(), [], row(nip=GOOD_PPPK, asn_type="PPPK", golongan="5", unit="nope")],
        above=[["Data pegawai Dinkes"], []],
    )
    assert plan.refused == [
        "Baris 6, kolom Kode Unit: Unit dengan kode 'nope' tidak ditemukan. Daftar kode unit ada "
        "di lembar 'Kode Unit' pada templat."
    ]
    assert plan.rows == 2  # the blank row is skipped


# --- good rows, normalised ---------------------------------------------------------------------


def test_cells_are_normalised_before_the_model_checks_them(unit_a):
    plan = plan_of(
        [
            row(nip="19850312 201001 2 001", asn_type="pns", golongan="iii / b",
                position_type="jabatan fungsional", unit="PKM-Makrayu", active=True),
            row(nip=GOOD_PPPK, asn_type="Pppk", golongan="IX", position_type="Pelaksana",
                active="Tidak"),
            row(nip="197812052003121017", position_type="JPT", golongan="IV/c", active=1),
        ]
    )  # fmt: skip
    assert plan.refused == []
    first, second, third = plan.create
    assert (first.nip, first.asn_type, first.golongan, first.position_type) == (
        GOOD_PNS,
        "PNS",
        "III/b",
        PositionType.FUNGSIONAL,
    )
    assert first.unit == unit_a and first.is_active is True
    assert (second.asn_type, second.golongan, second.is_active) == ("PPPK", "9", False)
    assert (third.position_type, third.is_active) == (PositionType.JPT, True)


def test_headers_are_matched_case_insensitively_and_extra_columns_are_ignored(unit_a):
    headers = ["Catatan", *[h.upper() for h in HEADERS[:4]], "Unit lama", *HEADERS[4:]]
    values = row()
    plan = plan_of(
        [["abaikan", *values[:4], "tidak dibaca", *values[4:]]],
        headers=headers,
        above=[["Daftar pegawai"]],
    )
    assert plan.refused == []
    assert [e.nip for e in plan.create] == [GOOD_PNS]


def test_a_missing_column_is_named(unit_a):
    with pytest.raises(ValidationError) as refusal:
        plan_of([row()[:6]], headers=HEADERS[:6])
    assert refusal.value.messages == [
        "Kolom wajib tidak ada di baris judul (baris 1): Kode Unit, Aktif. Judul kolom yang "
        "diharapkan: NIP, Nama, Jenis ASN, Golongan, Jenis Jabatan, Nama Jabatan, Kode Unit, "
        "Aktif, Email (boleh tidak ada) "
        "(huruf besar/kecil bebas, kolom lain diabaikan). Berkas ekspor SIASN dikenali dari "
        "kolom Unit Organisasi (Unor)."
    ]


def test_a_column_given_twice_is_refused(unit_a):
    with pytest.raises(ValidationError, match=r"Kolom Nama muncul lebih dari sekali .* B dan I"):
        plan_of([[*row(), "x"]], headers=[*HEADERS, "nama"])


def test_a_sheet_without_a_header_row_is_refused(unit_a):
    with pytest.raises(ValidationError, match="Baris judul tidak ditemukan"):
        plan_of([row()], headers=["Nomor", "Nama"])


def test_the_number_of_rows_is_bounded_by_a_setting(settings, unit_a):
    settings.WFA_IMPORT_MAX_ROWS = 3
    rows = [row(nip=f"19850312201001200{n}") for n in range(1, 5)]
    with pytest.raises(ValidationError, match="lebih dari 3 baris data"):
        plan_of(rows)


def test_an_empty_sheet_plans_nothing(unit_a):
    plan = plan_of([])
    assert (plan.rows, plan.create, plan.update, plan.refused) == (0, [], [], [])


# --- against the database ----------------------------------------------------------------------


def test_existing_staff_are_updated_or_left_unchanged(unit_a, unit_b):
    same = EmployeeFactory(unit=unit_a)
    moved = EmployeeFactory(unit=unit_a, golongan="III/a", ineligibility=RestrictionKind.SANCTION)
    plan = plan_of(
        [
            employee_row(same),
            employee_row(moved, golongan="III/b", unit="dishub-lalin", active="tidak"),
            row(),
        ]
    )
    assert plan.refused == []
    assert plan.unchanged == 1
    assert [e.nip for e in plan.create] == [GOOD_PNS]
    [update] = plan.update
    assert update.employee.pk == moved.pk
    assert update.fields == ["golongan", "unit_id", "is_active"]
    assert update.changes == [
        "Golongan: III/a → III/b",
        "Kode Unit: pkm-makrayu → dishub-lalin",
        "Aktif: ya → tidak",
    ]
    assert moved.restrictions.get().kind == RestrictionKind.SANCTION
    assert Employee.objects.get(pk=moved.pk).golongan == "III/a"  # a plan writes nothing


def test_an_existing_employee_is_checked_by_the_same_rules(unit_a):
    employee = EmployeeFactory(unit=unit_a)
    plan = plan_of([employee_row(employee, golongan="V/a")])
    assert plan.refused == [
        "Baris 2, kolom Golongan: Golongan 'V/a' tidak berlaku untuk PNS; pilihan: I/a sampai IV/e."
    ]


def test_the_unit_lookup_and_staff_lookup_do_not_grow_with_the_rows(
    unit_a, django_assert_num_queries
):
    UnitFactory.create_batch(3)
    # SIASN's column headings (to tell the format), units, then existing staff by NIP
    with django_assert_num_queries(3):
        plan_of([row()])
    with django_assert_num_queries(3):
        plan = plan_of([row(nip=f"1985031220100120{n:02d}") for n in range(1, 100)])
    assert len(plan.create) == 99


def test_names_are_stored_in_one_unicode_form(unit_a):
    """An accent typed as a combining mark is the same name as the precomposed letter."""
    plan = plan_of([row(name="Jose\u0301 Rizal", position_name="Perawat Ahli Pertama")])
    assert not plan.refused
    assert plan.create[0].name == "José Rizal"  # NFC
