"""Pages of the portal's OPD side, the home page and the login page (STYLE.md rule 9)."""

import pytest

from eligibility.models import RestrictionKind
from opd.models import AsnType, Employee, PositionType
from tests.conftest import BELL, PASSWORD, READ_LOG
from tests.factories import EmployeeFactory, OpdFactory, UnitFactory

# Personas are fetched with request.getfixturevalue(), which pytest-django cannot see: the mark
# says these tests use the database.
pytestmark = pytest.mark.django_db

# --- login and home -------------------------------------------------------------------------


def test_the_login_page_is_in_indonesian(client):
    response = client.get("/masuk/")
    assert response.status_code == 200
    page = response.content.decode()
    assert '<html lang="id">' in page
    assert "Masuk ke Portal WFA" in page
    assert "Nama pengguna" in page
    assert "Kata sandi" in page


def test_signing_in_leads_home(client, head_a):
    response = client.post("/masuk/", {"username": "kepala-a", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert "Kepala OPD" in client.get("/").content.decode()


def test_signing_in_returns_to_the_page_asked_for(client, bkpsdm):
    response = client.post("/masuk/", {"username": "bkpsdm", "password": PASSWORD, "next": "/opd/"})
    assert response["Location"] == "/opd/"


def test_a_wrong_password_is_refused_in_indonesian(client, head_a):
    response = client.post("/masuk/", {"username": "kepala-a", "password": "salah"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Nama pengguna atau kata sandi salah." in page
    assert "nama pengguna nama pengguna" not in page  # Django's own text repeats the label
    assert "_auth_user_id" not in client.session


def test_empty_login_fields_say_what_is_missing(client):
    page = client.post("/masuk/", {"username": "", "password": ""}).content.decode()
    assert "Isi nama pengguna." in page and "Isi kata sandi." in page


def test_signing_out_is_a_post(login, head_a):
    client = login(head_a)
    assert client.get("/keluar/").status_code == 405
    response = client.post("/keluar/")
    assert response["Location"] == "/masuk/"
    assert client.get("/").status_code == 302


def test_home_needs_a_login(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/masuk/?next=/"


def test_home_refuses_post(login, head_a):
    assert login(head_a).post("/").status_code == 405


def test_home_for_bkpsdm_offers_the_whole_city(login, bkpsdm, opd_a, opd_b):
    page = login(bkpsdm).get("/").content.decode()
    assert "Anda masuk sebagai <strong>Admin BKPSDM</strong>" in page
    assert "Kelola seluruh kota" in page
    assert "mengelola data induk 2 OPD" in page
    assert 'Kerja fleksibel Lebaran 2025</a> <span class="small text-muted">(5 hari)' in page


def test_home_for_a_head_names_their_opd(login, head_a):
    page = login(head_a).get("/").content.decode()
    assert "Anda masuk sebagai <strong>Kepala OPD</strong> — Dinas Kesehatan." in page
    assert 'href="/opd/dinkes/"' in page
    assert "Kelola seluruh kota" not in page


def test_home_for_the_mayor_is_read_only(login, mayor, opd_a, opd_b):
    page = login(mayor).get("/").content.decode()
    assert "Anda masuk sebagai <strong>Kantor Wali Kota</strong>" in page
    assert "Anda dapat melihat (tanpa mengubah) data 2 OPD" in page
    assert "Kelola seluruh kota" not in page


def test_home_for_an_employee_shows_their_own_data(login, employee_user, employee_a):
    page = login(employee_user).get("/").content.decode()
    assert "Anda masuk sebagai <strong>Pegawai</strong>" in page
    assert "Siti Aminah, S.Kep." in page
    assert "Perawat · Puskesmas Makrayu · Dinkes" in page
    assert f'href="/pegawai/{employee_a.nip}/"' in page
    assert "OPD &amp; pegawai" not in page  # no staff browsing in the menu


# --- OPD list -------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["bkpsdm", "mayor"])
def test_the_city_wide_roles_see_every_opd(request, login, persona, employee_a, employee_b):
    EmployeeFactory(unit=employee_a.unit, is_active=False)
    response = login(request.getfixturevalue(persona)).get("/opd/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "2 OPD yang dapat Anda lihat" in page
    assert '<a href="/opd/dinkes/">Dinas Kesehatan</a>' in page
    assert '<a href="/opd/dishub/">Dinas Perhubungan</a>' in page
    # Dinkes: one unit, one active employee (the inactive one is not counted).
    assert [opd.employee_count for opd in response.context["opds"]] == [1, 1]


def test_a_head_sees_only_their_own_opd_in_the_list(login, head_a, opd_b):
    page = login(head_a).get("/opd/").content.decode()
    assert "1 OPD yang dapat Anda lihat" in page
    assert "Dinas Kesehatan" in page
    assert "Dinas Perhubungan" not in page


def test_an_employee_may_not_browse_the_opds(login, employee_user):
    assert login(employee_user).get("/opd/").status_code == 403


def test_the_opd_list_needs_a_login(client):
    response = client.get("/opd/")
    assert response.status_code == 302
    assert response["Location"] == "/masuk/?next=/opd/"


def test_the_opd_list_refuses_post(login, bkpsdm):
    assert login(bkpsdm).post("/opd/").status_code == 405


def opds_with_staff(count):
    for n in range(count):
        unit = UnitFactory(opd=OpdFactory(code=f"opd-uji-{n}"))
        EmployeeFactory.create_batch(3, unit=unit)


@pytest.mark.parametrize("count", [1, 50])
def test_the_opd_list_query_count_does_not_grow(login, bkpsdm, django_assert_num_queries, count):
    opds_with_staff(count)
    client = login(bkpsdm)
    # session, user, OPDs with their counts
    with django_assert_num_queries(3 + BELL):
        response = client.get("/opd/")
    assert f"{count} OPD yang dapat Anda lihat" in response.content.decode()


# --- OPD detail -----------------------------------------------------------------------------


def test_an_opd_page_lists_its_units(login, bkpsdm, employee_a, opd_a):
    UnitFactory(opd=opd_a, name="Sekretariat Dinas Kesehatan")
    response = login(bkpsdm).get("/opd/dinkes/")
    assert response.status_code == 200
    page = response.content.decode()
    assert '<h1 class="h3">Dinas Kesehatan</h1>' in page
    assert "2 unit kerja" in page
    assert "Puskesmas Makrayu" in page
    assert "Sekretariat Dinas Kesehatan" in page
    # A decimal comma would make "-3,000032, 104,744295" unreadable: coordinates use points.
    assert "-3.000032, 104.744295 (radius 100 m)" in page
    assert '<span class="badge text-bg-warning">Kesehatan</span>' in page
    assert "Bidang Lalu Lintas" not in page


@pytest.mark.parametrize("persona", ["head_a", "mayor"])
def test_the_head_and_the_mayor_open_opd_a(request, login, persona, unit_a):
    response = login(request.getfixturevalue(persona)).get("/opd/dinkes/")
    assert response.status_code == 200
    assert "Puskesmas Makrayu" in response.content.decode()


def test_the_head_of_another_opd_gets_not_found(login, head_b, opd_a):
    assert login(head_b).get("/opd/dinkes/").status_code == 404


def test_an_unknown_opd_is_not_found(login, bkpsdm):
    assert login(bkpsdm).get("/opd/tidak-ada/").status_code == 404


def test_an_employee_may_not_open_an_opd_page(login, employee_user):
    assert login(employee_user).get("/opd/dinkes/").status_code == 403


def test_the_opd_page_needs_a_login(client, opd_a):
    response = client.get("/opd/dinkes/")
    assert response["Location"] == "/masuk/?next=/opd/dinkes/"


def test_the_opd_page_refuses_post(login, bkpsdm, opd_a):
    assert login(bkpsdm).post("/opd/dinkes/").status_code == 405


# --- staff list -----------------------------------------------------------------------------


@pytest.fixture
def staff(opd_a, unit_a, employee_a):
    """OPD A: the puskesmas nurse, a PPPK in the secretariat and a head of section."""
    secretariat = UnitFactory(opd=opd_a, name="Sekretariat Dinas Kesehatan")
    pppk = EmployeeFactory(
        unit=secretariat,
        name="Dewi Lestari, A.Md.",
        asn_type=AsnType.PPPK,
        position_type=PositionType.FUNGSIONAL,
        position_name="Pranata Komputer Terampil",
    )
    chief = EmployeeFactory(
        unit=secretariat,
        name="Hendra Wijaya, S.K.M.",
        position_type=PositionType.PENGAWAS,
        position_name="Kepala Subbagian Umum",
        ineligibility=RestrictionKind.SANCTION,
    )
    return {"nurse": employee_a, "pppk": pppk, "chief": chief, "secretariat": secretariat}


def names_in(response):
    return [e.name for e in response.context["page"]]


def test_the_staff_list_shows_everyone_of_the_opd(login, head_a, staff, employee_b):
    response = login(head_a).get("/opd/dinkes/pegawai/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "3 pegawai · halaman 1 dari 1" in page
    assert "Siti Aminah, S.Kep." in page
    assert "Dewi Lestari, A.Md." in page
    assert f'<a href="/pegawai/{staff["pppk"].nip}/">' in page
    assert "Hanya WFO hari ini" in page
    assert "Ahmad Fauzi" not in page


def test_the_staff_list_filters_by_name(login, head_a, staff):
    response = login(head_a).get("/opd/dinkes/pegawai/", {"q": "dewi"})
    assert names_in(response) == ["Dewi Lestari, A.Md."]
    assert "1 pegawai" in response.content.decode()


def test_the_staff_list_filters_by_nip_prefix(login, head_a, staff):
    nip = staff["chief"].nip
    response = login(head_a).get("/opd/dinkes/pegawai/", {"q": nip[:14]})
    assert names_in(response) == ["Hendra Wijaya, S.K.M."]


def test_the_staff_list_filters_by_unit(login, head_a, staff):
    response = login(head_a).get("/opd/dinkes/pegawai/", {"unit": staff["secretariat"].pk})
    assert names_in(response) == ["Dewi Lestari, A.Md.", "Hendra Wijaya, S.K.M."]


def test_the_staff_list_filters_by_asn_type(login, head_a, staff):
    response = login(head_a).get("/opd/dinkes/pegawai/", {"asn_type": "PPPK"})
    assert names_in(response) == ["Dewi Lestari, A.Md."]


def test_the_staff_list_filters_by_position_type(login, head_a, staff):
    response = login(head_a).get("/opd/dinkes/pegawai/", {"position_type": "pengawas"})
    assert names_in(response) == ["Hendra Wijaya, S.K.M."]


def test_a_filter_without_match_says_so(login, head_a, staff):
    response = login(head_a).get("/opd/dinkes/pegawai/", {"q": "tidak ada orangnya"})
    assert "Tidak ada pegawai yang cocok dengan saringan." in response.content.decode()


def test_a_unit_of_another_opd_is_not_a_filter_choice(login, head_a, staff, unit_b):
    response = login(head_a).get("/opd/dinkes/pegawai/", {"unit": unit_b.pk})
    assert response.status_code == 200
    assert "Bidang Lalu Lintas" not in response.content.decode()
    assert len(names_in(response)) == 3  # the invalid filter is ignored


def test_the_staff_list_is_paged_by_fifty(login, mayor, unit_a):
    EmployeeFactory.create_batch(51, unit=unit_a)
    client = login(mayor)
    page = client.get("/opd/dinkes/pegawai/").content.decode()
    assert "51 pegawai · halaman 1 dari 2" in page
    assert "halaman=2" in page
    response = client.get("/opd/dinkes/pegawai/", {"halaman": 2})
    assert len(names_in(response)) == 1


def test_the_head_of_another_opd_cannot_list_its_staff(login, head_b, staff):
    assert login(head_b).get("/opd/dinkes/pegawai/").status_code == 404


def test_an_employee_may_not_list_staff(login, employee_user):
    assert login(employee_user).get("/opd/dinkes/pegawai/").status_code == 403


def test_the_staff_list_needs_a_login(client, opd_a):
    response = client.get("/opd/dinkes/pegawai/?q=siti")
    assert response["Location"] == "/masuk/?next=/opd/dinkes/pegawai/%3Fq%3Dsiti"


def test_the_staff_list_refuses_post(login, bkpsdm, opd_a):
    assert login(bkpsdm).post("/opd/dinkes/pegawai/").status_code == 405


@pytest.mark.parametrize("count", [1, 50])
def test_the_staff_list_query_count_does_not_grow(
    login, head_a, unit_a, django_assert_num_queries, count
):
    other_unit = UnitFactory(opd=unit_a.opd)
    EmployeeFactory.create_batch(count, unit=unit_a)
    EmployeeFactory.create_batch(count, unit=other_unit, asn_type=AsnType.PPPK)
    client = login(head_a)
    # session, user, OPD, page count, page rows with units, unit choices, the head's OPD in the
    # menu; then the read log of the staff on the page (one event, one insert of its rows)
    with django_assert_num_queries(7 + READ_LOG + BELL):
        response = client.get("/opd/dinkes/pegawai/")
    assert f"{2 * count} pegawai" in response.content.decode()


# --- employee detail ------------------------------------------------------------------------


def test_an_employee_page_shows_the_record(login, head_a, staff):
    response = login(head_a).get(f"/pegawai/{staff['pppk'].nip}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert '<h1 class="h3">Dewi Lestari, A.Md.</h1>' in page
    assert "NI PPPK" in page
    assert "PPPK · 9" in page
    assert "Pranata Komputer Terampil (Fungsional)" in page
    assert "Sekretariat Dinas Kesehatan · Dinas Kesehatan" in page
    assert "Memenuhi syarat" in page


def test_an_employee_page_shows_why_someone_must_work_on_site(login, bkpsdm, staff):
    page = login(bkpsdm).get(f"/pegawai/{staff['chief'].nip}/").content.decode()
    assert (
        "Hanya WFO mulai 1 Januari 2000, tanpa batas akhir: Hukuman disiplin "
        "(Hukuman disiplin tingkat sedang), SK 800/1/2025" in page
    )


def test_an_inactive_employee_is_marked(login, mayor, unit_a):
    former = EmployeeFactory(unit=unit_a, is_active=False)
    page = login(mayor).get(f"/pegawai/{former.nip}/").content.decode()
    assert "Tidak aktif" in page


def test_an_employee_of_another_opd_is_not_found(login, head_b, employee_a):
    assert login(head_b).get(f"/pegawai/{employee_a.nip}/").status_code == 404


def test_an_unknown_nip_is_not_found(login, bkpsdm):
    assert login(bkpsdm).get("/pegawai/198503122010012001/").status_code == 404


def test_an_employee_sees_only_their_own_page(login, employee_user, employee_a, staff):
    client = login(employee_user)
    assert client.get(f"/pegawai/{employee_a.nip}/").status_code == 200
    assert client.get(f"/pegawai/{staff['pppk'].nip}/").status_code == 404


def test_the_employee_page_needs_a_login(client, employee_a):
    response = client.get(f"/pegawai/{employee_a.nip}/")
    assert response["Location"] == f"/masuk/?next=/pegawai/{employee_a.nip}/"


def test_the_employee_page_refuses_post(login, bkpsdm, employee_a):
    assert login(bkpsdm).post(f"/pegawai/{employee_a.nip}/").status_code == 405
    assert Employee.objects.filter(pk=employee_a.pk, is_active=True).exists()
