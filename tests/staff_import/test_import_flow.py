"""BKPSDM's import through the pages: upload, dry run, confirm; all or nothing; BKPSDM only."""

import re
import time

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils.html import escape

from eligibility.models import RestrictionKind
from jobs.models import Job, JobStatus
from opd.models import Employee, PositionType, Unit
from staff_import import services
from staff_import.confirmation import STAFF_IMPORT
from staff_import.plan import plan_from_bytes
from tests.factories import EmployeeFactory, UnitFactory, valid_nip
from tests.staff_import.xlsx_builders import (
    GOOD_PNS,
    GOOD_PPPK,
    HEADERS,
    employee_row,
    row,
    sheet_values,
    staff_snapshot,
    workbook,
)

pytestmark = pytest.mark.django_db

CONFIRM = "/pegawai-impor/konfirmasi/"
CONFIRM_FORM = f'action="{CONFIRM}"'
EXAMPLE_REFUSED = (
    "Baris 2: ini baris contoh dari templat (Contoh Pegawai); hapus baris ini sebelum mengunggah."
)


@pytest.fixture(autouse=True)
def import_dir(settings, tmp_path):
    settings.WFA_IMPORT_DIR = tmp_path / "imports"
    return settings.WFA_IMPORT_DIR


def upload(client, data: bytes, name="pegawai.xlsx"):
    return client.post("/pegawai-impor/periksa/", {"file": SimpleUploadedFile(name, data)})


def confirm(client, token):
    return client.post(CONFIRM, {"token": token})


def two_new_rows():
    return [
        row(),
        row(nip=GOOD_PPPK, name="Dedi Kurniawan", asn_type="PPPK", golongan="7",
            position_type="Pelaksana", position_name="Operator Layanan", unit="dishub-lalin"),
    ]  # fmt: skip


# --- the upload page and the template ----------------------------------------------------------


def test_the_upload_page_explains_the_import(login, bkpsdm):
    response = login(bkpsdm).get("/pegawai-impor/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Impor data pegawai dari Excel" in page
    assert 'href="/pegawai-impor/templat.xlsx"' in page
    assert 'enctype="multipart/form-data"' in page
    assert "paling besar 10 MB dan 50.000 baris data" in page
    assert not re.search(r"<script(?![^>]*\bsrc=)", page)  # no inline script (CSP)


@pytest.mark.parametrize("persona", ["mayor", "head_a", "employee_user"])
def test_only_bkpsdm_may_import(request, login, persona, unit_a):
    client = login(request.getfixturevalue(persona))
    before = staff_snapshot()
    assert client.get("/pegawai-impor/").status_code == 403
    assert client.get("/pegawai-impor/templat.xlsx").status_code == 403
    assert upload(client, workbook([row()])).status_code == 403
    assert confirm(client, "x" * 32).status_code == 403
    assert staff_snapshot() == before


def test_anonymous_visitors_are_sent_to_the_login(client):
    for url in ("/pegawai-impor/", "/pegawai-impor/templat.xlsx"):
        assert client.get(url)["Location"] == f"/masuk/?next={url}"
    response = upload(client, workbook([row()]))
    assert response["Location"] == "/masuk/?next=/pegawai-impor/periksa/"


def test_each_page_answers_only_its_method(login, bkpsdm):
    client = login(bkpsdm)
    assert client.post("/pegawai-impor/").status_code == 405
    assert client.post("/pegawai-impor/templat.xlsx").status_code == 405
    assert client.get("/pegawai-impor/periksa/").status_code == 405
    assert client.get("/pegawai-impor/konfirmasi/").status_code == 405


def test_the_template_has_the_headers_a_valid_example_and_the_unit_codes(login, bkpsdm, unit_a):
    UnitFactory(code="dishub-terminal", name="UPTD Terminal")
    response = login(bkpsdm).get("/pegawai-impor/templat.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert 'filename="templat-impor-pegawai.xlsx"' in response["Content-Disposition"]
    data = response.content
    header, example = sheet_values(data)
    assert list(header) == [*HEADERS, "Email"]  # Email is optional: files without it still import
    assert example[0] == "198503122010012001" and isinstance(example[0], str)
    codes = [line[0] for line in sheet_values(data, sheet=2)[1:]]
    assert sorted(codes) == ["dishub-terminal", "pkm-makrayu"]
    plan = plan_from_bytes(data)  # the example is a valid row, refused only for being the example
    assert (plan.refused, plan.create) == ([EXAMPLE_REFUSED], [])


def test_the_template_uploaded_unchanged_is_refused_as_the_example(
    login, bkpsdm, unit_a, import_dir
):
    client = login(bkpsdm)
    template = client.get("/pegawai-impor/templat.xlsx").content
    before = staff_snapshot()
    response = upload(client, template, name="templat-impor-pegawai.xlsx")
    assert response.status_code == 200
    page = response.content.decode()
    assert escape(EXAMPLE_REFUSED) in page
    assert "1 baris ditolak.</strong>" in page
    assert CONFIRM_FORM not in page
    assert response.context["token"] is None
    assert staff_snapshot() == before
    assert not import_dir.exists() or not any(import_dir.iterdir())


def test_the_example_row_left_among_real_rows_refuses_the_file(login, bkpsdm, unit_a, unit_b):
    example = row(nip=GOOD_PPPK, name="contoh pegawai", asn_type="PPPK", golongan="5")
    response = upload(login(bkpsdm), workbook([example, *two_new_rows()[:1]]))
    plan = response.context["plan"]
    assert plan.refused == [EXAMPLE_REFUSED]  # told by the name, whatever NIP it was given
    assert CONFIRM_FORM not in response.content.decode()
    assert Employee.objects.count() == 0


def test_a_missing_file_is_refused(login, bkpsdm):
    response = login(bkpsdm).post("/pegawai-impor/periksa/", {})
    assert response.status_code == 400
    assert "Bidang ini tidak boleh kosong." in response.content.decode()


def test_a_missing_column_is_shown_on_the_upload_page(login, bkpsdm, unit_a):
    response = upload(login(bkpsdm), workbook([row()[:7]], headers=HEADERS[:7]))
    assert response.status_code == 400
    assert "Kolom wajib tidak ada di baris judul (baris 1): Aktif." in response.content.decode()


# --- dry run, then confirm ---------------------------------------------------------------------


def test_the_dry_run_shows_what_would_happen_and_writes_nothing(
    login, bkpsdm, unit_a, unit_b, import_dir
):
    same = EmployeeFactory(unit=unit_a)
    changed = EmployeeFactory(unit=unit_a, position_name="Perawat Terampil")
    data = workbook(
        [*two_new_rows(), employee_row(same), employee_row(changed, position_name="Perawat Mahir")]
    )
    before = staff_snapshot()
    response = upload(login(bkpsdm), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Akan ditambahkan</dt><dd" in page
    plan = response.context["plan"]
    assert (len(plan.create), len(plan.update), plan.unchanged, plan.refused) == (2, 1, 1, [])
    assert "Nama Jabatan: Perawat Terampil → Perawat Mahir" in page
    assert "Dedi Kurniawan" in page and "Bidang Lalu Lintas" in page
    assert CONFIRM_FORM in page and "Konfirmasi impor</button>" in page
    assert staff_snapshot() == before
    [kept] = import_dir.iterdir()
    assert kept.read_bytes() == data
    assert kept.stat().st_mode & 0o777 == 0o600


def test_confirming_applies_the_whole_file(login, bkpsdm, unit_a, unit_b, import_dir):
    sanctioned = EmployeeFactory(
        unit=unit_a, golongan="III/a", ineligibility=RestrictionKind.SANCTION
    )
    client = login(bkpsdm)
    data = workbook([*two_new_rows(), employee_row(sanctioned, golongan="III/b")])
    token = upload(client, data).context["token"]
    response = confirm(client, token)
    job = Job.objects.get()  # the confirmation runs as a background job with a progress page
    assert response.status_code == 302 and response["Location"] == f"/unduhan/{job.pk}/"
    assert (job.kind, job.status, job.owner) == (STAFF_IMPORT, JobStatus.DONE, bkpsdm)
    page = client.get(response["Location"]).content.decode()
    assert "Impor selesai: 2 pegawai ditambahkan, 1 diperbarui, 0 tidak berubah." in page
    assert 'href="/pegawai-impor/"' in page  # "Buka hasilnya"
    nurse = Employee.objects.get(nip=GOOD_PNS)
    assert (nurse.name, nurse.unit, nurse.position_type) == (
        "Rina Marlina, S.Kep.",
        unit_a,
        PositionType.FUNGSIONAL,
    )
    assert Employee.objects.get(nip=GOOD_PPPK).golongan == "7"
    sanctioned.refresh_from_db()
    assert sanctioned.golongan == "III/b"
    assert sanctioned.restrictions.get().kind == RestrictionKind.SANCTION  # no import touches it
    assert not any(import_dir.iterdir())
    assert confirm(client, token).status_code == 400  # once only
    assert Employee.objects.count() == 3


def test_a_file_with_a_refused_row_offers_no_confirmation_and_keeps_nothing(
    login, bkpsdm, unit_a, import_dir
):
    response = upload(login(bkpsdm), workbook([row(), row(nip="1", name="X")]))
    page = response.content.decode()
    assert CONFIRM_FORM not in page
    assert "1 baris ditolak.</strong>" in page
    assert "semua atau tidak sama sekali" in page
    assert response.context["token"] is None
    assert not import_dir.exists() or not any(import_dir.iterdir())


def test_a_file_that_changes_nothing_offers_no_confirmation(login, bkpsdm, employee_a):
    page = upload(login(bkpsdm), workbook([employee_row(employee_a)])).content.decode()
    assert "Tidak ada yang perlu diubah" in page
    assert CONFIRM_FORM not in page


def test_many_refusals_are_capped_with_a_count(login, bkpsdm, unit_a):
    rows = [row(nip=f"1985031220100120{n:02d}", unit="nope") for n in range(1, 100)]
    rows += [row(nip=f"1985031220100121{n:02d}", unit="nope") for n in range(0, 100)]
    rows += [row(nip=f"1985031220100122{n:02d}", unit="nope") for n in range(0, 10)]
    response = upload(login(bkpsdm), workbook(rows))
    page = response.content.decode()
    assert page.count("tidak ditemukan. Daftar kode unit") == 200
    assert "… dan 9 pesan lainnya." in page
    assert "209 baris</dd>" in page


def test_a_token_of_another_session_is_refused(login, bkpsdm, unit_a, unit_b):
    token = upload(login(bkpsdm), workbook(two_new_rows())).context["token"]
    other = Client()
    other.force_login(bkpsdm)  # the same account in another browser: another session
    response = confirm(other, token)
    assert response.status_code == 400
    assert "Unggahan ini tidak dikenal untuk sesi Anda" in response.content.decode()
    assert Employee.objects.count() == 0


def test_a_made_up_token_is_refused(login, bkpsdm, unit_a):
    client = login(bkpsdm)
    upload(client, workbook([row()]))
    for token in ("../../etc/passwd", "", "A" * 32):
        assert confirm(client, token).status_code == 400
    assert Employee.objects.count() == 0


def test_a_newer_upload_replaces_the_older_one(login, bkpsdm, unit_a, unit_b, import_dir):
    client = login(bkpsdm)
    first = upload(client, workbook([row()])).context["token"]
    second = upload(client, workbook(two_new_rows())).context["token"]
    assert [p.name for p in import_dir.iterdir()] == [f"{second}.xlsx"]
    assert confirm(client, first).status_code == 400
    assert confirm(client, second).status_code == 302
    assert Employee.objects.count() == 2


def test_an_expired_upload_is_refused(settings, login, bkpsdm, unit_a, import_dir):
    client = login(bkpsdm)
    token = upload(client, workbook([row()])).context["token"]
    session = client.session
    session["staff_import"]["at"] = time.time() - settings.WFA_IMPORT_TTL_SECONDS - 1
    session.save()
    response = confirm(client, token)
    assert response.status_code == 400
    assert "Unggahan sudah kedaluwarsa (batas 30 menit" in response.content.decode()
    assert Employee.objects.count() == 0
    assert not any(import_dir.iterdir())


def test_confirming_checks_every_row_again(login, bkpsdm, unit_a):
    """The database may change between the dry run and the confirmation."""
    closing = UnitFactory(code="pustu-lama", name="Pustu Lama")
    client = login(bkpsdm)
    token = upload(client, workbook([row(), row(nip=GOOD_PPPK, asn_type="PPPK", golongan="5",
                                                unit="pustu-lama")])).context["token"]  # fmt: skip
    closing.delete()
    before = staff_snapshot()
    page = client.post(CONFIRM, {"token": token}, follow=True).content.decode()
    job = Job.objects.get()
    assert job.status == JobStatus.FAILED
    assert job.error == (
        "Impor tidak dijalankan: 1 baris kini ditolak karena data berubah sejak pemeriksaan. "
        "Unggah berkasnya lagi untuk melihat rinciannya; tidak ada data yang diubah."
    )
    assert job.error in page and "Coba lagi" in page
    assert staff_snapshot() == before


def test_someone_added_since_the_dry_run_is_updated_not_duplicated(login, bkpsdm, unit_a, unit_b):
    client = login(bkpsdm)
    token = upload(client, workbook(two_new_rows())).context["token"]
    EmployeeFactory(nip=GOOD_PNS, unit=unit_b, golongan="II/a")
    assert confirm(client, token).status_code == 302
    assert Employee.objects.count() == 2
    assert Employee.objects.get(nip=GOOD_PNS).unit == unit_a


# --- the service: all or nothing, bounded queries -----------------------------------------------


def test_applying_a_plan_with_a_refused_row_writes_nothing(unit_a, bkpsdm):
    plan = plan_from_bytes(workbook([row(), row(nip="1")]))
    assert len(plan.create) == 1
    with pytest.raises(ValidationError, match="Impor tidak dijalankan: 1 baris ditolak"):
        services.staff_import_apply(plan=plan, by=bkpsdm)
    assert Employee.objects.count() == 0


def test_a_conflict_while_applying_leaves_everything_as_it_was(unit_a, unit_b, employee_a):
    plan = plan_from_bytes(workbook([employee_row(employee_a, golongan="III/d"), *two_new_rows()]))
    EmployeeFactory(nip=GOOD_PPPK, asn_type="PPPK", unit=unit_b)  # created meanwhile
    before = staff_snapshot()
    with pytest.raises(ValidationError, match="Data pegawai berubah selama impor berjalan"):
        services.staff_import_apply(plan=plan, by=None)
    assert staff_snapshot() == before
    assert not Employee.objects.filter(nip=GOOD_PNS).exists()


def test_only_bkpsdm_may_apply_an_import(unit_a, mayor):
    plan = plan_from_bytes(workbook([row()]))
    with pytest.raises(PermissionDenied):
        services.staff_import_apply(plan=plan, by=mayor)
    assert Employee.objects.count() == 0


@pytest.mark.parametrize("size", [1, 200])
def test_applying_takes_the_same_queries_for_1_and_200_rows(
    unit_a, bkpsdm, django_assert_max_num_queries, size
):
    existing = EmployeeFactory.create_batch(size, unit=unit_a, golongan="III/a")
    rows = [employee_row(e, golongan="III/b") for e in existing]
    rows += [row(nip=valid_nip(n=5000 + n), name=f"Baru {n}") for n in range(size)]
    plan = plan_from_bytes(workbook(rows))
    assert (len(plan.create), len(plan.update)) == (size, size)
    # Two savepoints and their releases, one UPDATE, one INSERT (SQLite's limit of 999
    # parameters a statement splits 200 new rows of 11 columns into three).
    with django_assert_max_num_queries(8):
        services.staff_import_apply(plan=plan, by=bkpsdm)
    assert Employee.objects.filter(golongan="III/b").count() == size
    assert Employee.objects.count() == 2 * size


@pytest.mark.parametrize("size", [1, 200])
def test_the_pages_take_the_same_queries_for_1_and_200_rows(
    login, bkpsdm, unit_a, django_assert_num_queries, django_assert_max_num_queries, size
):
    client = login(bkpsdm)
    data = workbook([row(nip=valid_nip(n=7000 + n), name=f"Baru {n}") for n in range(size)])
    # session, user, SIASN's column headings (to tell the format), units, staff by NIP, the
    # session saved (savepoint, UPDATE, release), the unread count of the menu's bell
    with django_assert_num_queries(9):
        token = upload(client, data).context["token"]
    # The request: session, user, the session saved (savepoint, UPDATE, release); the job started
    # in a savepoint: stalled ones of the same request failed, the same request looked up, the
    # INSERT in its own savepoint (3). The tasks run at once in tests, so the job itself is counted
    # too: claimed (3), progress (twice at most: reports are half a second apart), SIASN's column
    # headings, units, staff by NIP, the owner's permissions, two savepoints around the INSERT
    # (SQLite splits 200 rows of 11 columns into three), finished, and the purge after it (stalled
    # jobs, expired jobs).
    with django_assert_max_num_queries(31):
        assert confirm(client, token).status_code == 302
    assert Unit.objects.get(code="pkm-makrayu").employees.count() == size


def test_two_confirmations_of_one_upload_at_once_apply_it_once_and_tell_the_other(
    login, bkpsdm, unit_a, unit_b, import_dir
):
    """Both requests loaded the session before either saved it: the file decides, once."""
    client = login(bkpsdm)
    token = upload(client, workbook(two_new_rows())).context["token"]
    pending = client.session["staff_import"]
    assert confirm(client, token).status_code == 302
    session = client.session  # the second request still sees the token in its session
    session["staff_import"] = pending
    session.save()
    response = confirm(client, token)
    assert response.status_code == 400
    assert "Impor ini sudah dikonfirmasi (atau sedang dijalankan) dari permintaan lain" in (
        response.content.decode()
    )
    assert Employee.objects.count() == 2
    assert not any(import_dir.iterdir())


def test_an_optional_email_column_sets_addresses_and_refuses_a_bad_one(
    login, bkpsdm, unit_a, unit_b, employee_a
):
    client = login(bkpsdm)
    bad = workbook([[*employee_row(employee_a), "bukan-email"]], headers=[*HEADERS, "Email"])
    page = upload(client, bad).content.decode()
    assert "Alamat email &#x27;bukan-email&#x27; tidak sah" in page
    good = workbook(
        [[*employee_row(employee_a), "Siti@Palembang.go.id"]], headers=[*HEADERS, "Email"]
    )
    token = upload(client, good).context["token"]
    confirm(client, token)
    employee_a.refresh_from_db()
    assert employee_a.email == "siti@palembang.go.id"
    # A file without the column leaves the stored address as it is.
    token = upload(client, workbook([employee_row(employee_a, golongan="III/b")])).context["token"]
    confirm(client, token)
    employee_a.refresh_from_db()
    assert (employee_a.golongan, employee_a.email) == ("III/b", "siti@palembang.go.id")
