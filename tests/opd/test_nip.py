"""NIP and NI PPPK checks: every refusal names the wrong digits in Indonesian (DOMAIN.md)."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.html import escape

from opd.models import AsnType, Employee, PositionType
from opd.nip import NipParts, parse_nip
from tests.factories import EmployeeFactory, UserFactory

TODAY = date(2025, 6, 1)

# Born 12 March 1985, CPNS from January 2010, female, sequence 001.
GOOD_PNS = "198503122010012001"
# Born 1 January 1990, appointed 2023, "21", male, sequence 005.
GOOD_PPPK = "199001012023211005"


def refusal(value, asn_type="PNS", today=TODAY) -> str:
    with pytest.raises(ValidationError) as excinfo:
        parse_nip(value, asn_type, today=today)
    [message] = excinfo.value.messages
    return message


def test_it_splits_a_pns_nip_into_its_parts():
    assert parse_nip(GOOD_PNS, "PNS", today=TODAY) == NipParts(
        birth_date=date(1985, 3, 12), service_start=date(2010, 1, 1), sex="P", sequence=1
    )


def test_it_reads_a_male_pns_nip_and_ignores_surrounding_spaces():
    parts = parse_nip(" 197812052003121017 ", today=TODAY)
    assert parts.birth_date == date(1978, 12, 5)
    assert parts.service_start == date(2003, 12, 1)
    assert parts.sex == "L"
    assert parts.sequence == 17


def test_it_splits_a_pppk_number_into_its_parts():
    assert parse_nip(GOOD_PPPK, "PPPK", today=TODAY) == NipParts(
        birth_date=date(1990, 1, 1), service_start=date(2023, 12, 31), sex="L", sequence=5
    )


@pytest.mark.parametrize("value", ["", "   ", None])
def test_it_refuses_an_empty_nip(value):
    assert refusal(value) == "NIP wajib diisi."


def test_it_names_ni_pppk_when_refusing_an_empty_pppk_number():
    assert refusal("", "PPPK") == "NI PPPK wajib diisi."


def test_it_refuses_non_digits_and_quotes_what_was_written():
    message = refusal("19850312201001200A")
    assert message == "NIP hanya boleh berisi angka, tertulis '19850312201001200A'."


# GOOD_PNS in other scripts: str.isdigit() and int() accept them, the database must not.
ARABIC_INDIC = GOOD_PNS.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
FULL_WIDTH = GOOD_PNS.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
MIXED = GOOD_PNS[:17] + "١"


def other_digits(value, label="NIP") -> str:
    return (
        f"{label} hanya boleh berisi angka 0-9; tertulis {value!r} memuat angka dari aksara lain "
        "(mis. angka Arab atau angka lebar penuh). Ketik ulang dengan angka biasa."
    )


@pytest.mark.parametrize("value", [ARABIC_INDIC, FULL_WIDTH, MIXED])
def test_it_refuses_digits_of_other_scripts_that_look_like_a_real_nip(value):
    assert refusal(value) == other_digits(value)
    assert refusal(f" {value} ", "PPPK") == other_digits(value, "NI PPPK")


def test_digits_of_other_scripts_are_named_even_in_a_short_number():
    assert refusal("١٩٨٥") == other_digits("١٩٨٥")


@pytest.mark.parametrize("value", ["1985031220100120", "1985031220100120011"])
def test_it_refuses_the_wrong_length_and_counts_the_digits(value):
    assert refusal(value) == f"NIP harus 18 digit, tertulis {len(value)} digit."


@pytest.mark.parametrize(
    "value, birth_digits",
    [
        ("198513122010012001", "19851312"),  # month 13
        ("198502302010012001", "19850230"),  # 30 February
        ("198503002010012001", "19850300"),  # day 00
    ],
)
def test_it_refuses_an_impossible_birth_date(value, birth_digits):
    message = refusal(value)
    assert message == (
        f"Tanggal lahir pada NIP (digit 1-8: {birth_digits}) bukan tanggal yang sah."
    )


def test_it_refuses_a_birth_date_in_the_future():
    message = refusal("202507012045012001", today=TODAY)
    assert message == "Tanggal lahir pada NIP (digit 1-8) jatuh di masa depan: 1 Juli 2025."


@pytest.mark.parametrize("start_digits", ["201000", "201013"])
def test_it_refuses_an_impossible_cpns_month(start_digits):
    message = refusal(f"19850312{start_digits}2001")
    assert message == (
        f"TMT CPNS (digit 9-14: {start_digits}) pada NIP bukan bulan dan tahun yang sah."
    )


def test_it_refuses_a_service_start_in_the_future():
    message = refusal("198503122025072001", today=TODAY)
    assert message == "TMT CPNS (digit 9-14) pada NIP jatuh di masa depan: Juli 2025."


def test_it_accepts_a_service_start_in_the_current_month():
    assert parse_nip("198503122025062001", today=TODAY).service_start == date(2025, 6, 1)


def test_it_refuses_a_service_start_before_working_age():
    message = refusal("198503122002012001")
    assert message == (
        "TMT CPNS pada NIP (Januari 2002) tidak sesuai usia kerja: pegawai lahir "
        "12 Maret 1985, berarti berusia 16 tahun (harus 18-60 tahun)."
    )


def test_it_refuses_a_service_start_before_birth():
    assert refusal("198503121979012001") == (
        "TMT CPNS pada NIP (Januari 1979) lebih awal dari tanggal lahir 12 Maret 1985."
    )
    assert refusal("199001011989211005", "PPPK") == (
        "Tahun pengangkatan pada NI PPPK (tahun 1989) lebih awal dari tanggal lahir 1 Januari 1990."
    )


def test_it_refuses_a_start_at_an_absurd_age():
    message = refusal("194003122010012001")
    assert "TMT CPNS pada NIP (Januari 2010)" in message
    assert "pegawai lahir 12 Maret 1940, berarti berusia 69 tahun" in message


def test_the_working_age_limits_are_counted_to_the_birthday():
    # Born 12 March 1985: 17 on 1 March 2003, 18 on 1 April 2003.
    assert "berusia 17 tahun" in refusal("198503122003032001")
    assert parse_nip("198503122003042001", today=TODAY).service_start == date(2003, 4, 1)
    # 60 on 1 March 2045 is still accepted; 61 is not.
    assert parse_nip("198503122045032001", today=date(2045, 6, 1)).sequence == 1
    assert "berusia 61 tahun" in refusal("198503122046042001", today=date(2047, 1, 1))


@pytest.mark.parametrize("sex_digit", ["0", "3", "9"])
def test_it_refuses_a_sex_digit_other_than_1_or_2(sex_digit):
    message = refusal(f"19850312201001{sex_digit}001")
    assert message == (
        "Digit jenis kelamin pada NIP (digit 15) harus 1 (laki-laki) atau 2 (perempuan), "
        f"tertulis {sex_digit}."
    )


def test_it_refuses_sequence_000():
    message = refusal("198503122010012000")
    assert message == "Nomor urut pada NIP (digit 16-18) minimal 001, tertulis 000."


@pytest.mark.parametrize("year", ["1899", "2026", "0000"])
def test_it_refuses_a_pppk_number_with_an_impossible_year(year):
    message = refusal(f"19900101{year}211005", "PPPK", today=TODAY)
    assert message == (
        f"Tahun pengangkatan (digit 9-12: {year}) pada NI PPPK bukan tahun yang sah."
    )


def test_it_refuses_a_pppk_appointment_before_working_age():
    message = refusal("199001012005211005", "PPPK")
    assert message == (
        "Tahun pengangkatan pada NI PPPK (tahun 2005) tidak sesuai usia kerja: pegawai lahir "
        "1 Januari 1990, berarti berusia 15 tahun (harus 18-60 tahun)."
    )


def test_it_checks_the_pppk_sex_digit_and_sequence_too():
    assert "NI PPPK (digit 15) harus 1 (laki-laki) atau 2" in refusal("199001012023213005", "PPPK")
    assert "Nomor urut pada NI PPPK (digit 16-18) minimal 001" in refusal(
        "199001012023211000", "PPPK"
    )


def test_a_valid_pppk_number_is_not_a_valid_pns_nip():
    # Digits 13-14 ("21") are read as the CPNS month of a PNS.
    assert "TMT CPNS (digit 9-14: 202321)" in refusal(GOOD_PPPK, "PNS")


def employee(unit, **fields):
    values = {
        "nip": GOOD_PNS,
        "name": "Rina Marlina, S.E.",
        "asn_type": AsnType.PNS,
        "golongan": "III/a",
        "position_type": PositionType.PELAKSANA,
        "position_name": "Pengadministrasi Umum",
        "unit": unit,
    } | fields
    return Employee(**values)


def test_a_valid_employee_passes_full_clean(unit_a):
    employee(unit_a).full_clean()
    employee(unit_a, nip=GOOD_PPPK, asn_type=AsnType.PPPK, golongan="9").full_clean()


def test_full_clean_shows_the_nip_refusal_on_the_nip_field(unit_a):
    with pytest.raises(ValidationError) as excinfo:
        employee(unit_a, nip="198503122010012000").full_clean()
    assert excinfo.value.message_dict == {
        "nip": ["Nomor urut pada NIP (digit 16-18) minimal 001, tertulis 000."]
    }


def test_full_clean_checks_the_nip_by_asn_type(unit_a):
    with pytest.raises(ValidationError) as excinfo:
        employee(unit_a, nip=GOOD_PPPK, asn_type=AsnType.PNS).full_clean()
    assert excinfo.value.message_dict == {
        "nip": ["TMT CPNS (digit 9-14: 202321) pada NIP bukan bulan dan tahun yang sah."]
    }


@pytest.mark.parametrize("value", [ARABIC_INDIC, FULL_WIDTH])
def test_full_clean_refuses_an_nip_in_digits_of_other_scripts(unit_a, value):
    EmployeeFactory(unit=unit_a, nip=GOOD_PNS)
    with pytest.raises(ValidationError) as excinfo:
        employee(unit_a, nip=value).full_clean()
    assert set(excinfo.value.message_dict) == {"nip"}
    assert set(excinfo.value.message_dict["nip"]) == {other_digits(value)}


@pytest.mark.parametrize("value", [ARABIC_INDIC, FULL_WIDTH, "19850312201001200A"])
def test_the_database_refuses_an_nip_that_is_not_18_ascii_digits(unit_a, value):
    with pytest.raises(IntegrityError), transaction.atomic():
        employee(unit_a, nip=value).save()  # save() alone skips the model's checks
    assert not Employee.objects.exists()


def test_full_clean_refuses_a_pppk_golongan_for_a_pns(unit_a):
    with pytest.raises(ValidationError) as excinfo:
        employee(unit_a, golongan="9").full_clean()
    assert excinfo.value.message_dict == {
        "golongan": ["Golongan '9' tidak berlaku untuk PNS; pilihan: I/a sampai IV/e."]
    }


def test_full_clean_refuses_a_pns_golongan_for_a_pppk(unit_a):
    with pytest.raises(ValidationError) as excinfo:
        employee(unit_a, nip=GOOD_PPPK, asn_type=AsnType.PPPK, golongan="III/a").full_clean()
    assert excinfo.value.message_dict == {
        "golongan": ["Golongan 'III/a' tidak berlaku untuk PPPK; pilihan: 1 sampai 17."]
    }


@pytest.fixture
def superuser(db):
    return UserFactory(username="admin", is_staff=True, is_superuser=True, role="bkpsdm")


def admin_add_employee(client, unit, **fields):
    data = {
        "nip": GOOD_PNS,
        "name": "Rina Marlina, S.E.",
        "asn_type": "PNS",
        "golongan": "III/a",
        "position_type": "pelaksana",
        "position_name": "Pengadministrasi Umum",
        "unit": unit.pk,
        "is_active": "on",
    } | fields
    return client.post("/admin/opd/employee/add/", data)


def test_the_admin_refuses_a_bad_nip_in_indonesian(login, superuser, unit_a):
    response = admin_add_employee(login(superuser), unit_a, nip="198502302010012001")
    assert response.status_code == 200
    assert (
        "Tanggal lahir pada NIP (digit 1-8: 19850230) bukan tanggal yang sah."
        in response.content.decode()
    )
    assert not Employee.objects.exists()


def test_the_admin_refuses_a_short_nip_with_the_field_message(login, superuser, unit_a):
    response = admin_add_employee(login(superuser), unit_a, nip="12345")
    assert response.status_code == 200
    assert "NIP harus 18 digit angka, tertulis &#x27;12345&#x27;." in response.content.decode()
    assert not Employee.objects.exists()


def test_the_admin_refuses_a_golongan_that_does_not_fit_the_asn_type(login, superuser, unit_a):
    response = admin_add_employee(login(superuser), unit_a, golongan="9")
    assert response.status_code == 200
    assert "tidak berlaku untuk PNS; pilihan: I/a sampai IV/e." in response.content.decode()
    assert not Employee.objects.exists()


def test_the_admin_refuses_a_look_alike_of_a_real_nip(login, superuser, unit_a):
    EmployeeFactory(unit=unit_a, nip=GOOD_PNS)
    response = admin_add_employee(login(superuser), unit_a, nip=FULL_WIDTH)
    assert response.status_code == 200
    assert escape(other_digits(FULL_WIDTH)) in response.content.decode()
    assert list(Employee.objects.values_list("nip", flat=True)) == [GOOD_PNS]


def test_the_admin_adds_an_employee_with_a_good_nip(login, superuser, unit_a):
    response = admin_add_employee(login(superuser), unit_a)
    assert response.status_code == 302
    assert Employee.objects.get().nip == GOOD_PNS
