"""SIASN exports through BKPSDM's import: the columns by their headings (kept as data), the
unor through the mapping table, and a preview of new, moved, left and unmapped before anything
is written (#26 item 4)."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from jobs.models import Job, JobStatus
from opd.models import Employee, PositionType
from staff_import.models import SiasnColumn, UnitMapping
from staff_import.plan import plan_from_bytes
from tests.factories import EmployeeFactory, UnitFactory, valid_nip
from tests.staff_import.siasn_builders import (
    RAW_HEADERS,
    pppk_row,
    siasn_csv,
    siasn_row,
    siasn_xlsx,
)
from tests.staff_import.xlsx_builders import GOOD_PNS, GOOD_PPPK, staff_snapshot

pytestmark = pytest.mark.django_db

CHECK = "/pegawai-impor/periksa/"
CONFIRM = "/pegawai-impor/konfirmasi/"
PREVIEW = "/pegawai-impor/pratinjau/"


@pytest.fixture(autouse=True)
def import_dir(settings, tmp_path):
    settings.WFA_IMPORT_DIR = tmp_path / "imports"


def upload(client, data: bytes, name="siasn.xlsx"):
    return client.post(CHECK, {"file": SimpleUploadedFile(name, data)})


def confirm(client, response, **extra):
    token = response.context["token"]
    unmapped = [u.key for u in response.context["plan"].unmapped]
    return client.post(CONFIRM, {"token": token, "unmapped": unmapped, **extra})


FORMATS = {
    "xlsx": lambda rows, **kw: (siasn_xlsx(rows, **kw), "siasn.xlsx"),
    "csv": lambda rows, **kw: (siasn_csv(rows, **kw), "siasn.csv"),
    "csv-cp1252": lambda rows, **kw: (siasn_csv(rows, encoding="cp1252", delimiter=",", **kw),
                                      "siasn.csv"),
}  # fmt: skip


# --- the file's format and the columns -----------------------------------------------------------


@pytest.mark.parametrize("kind", FORMATS)
def test_a_siasn_file_in_each_format_imports_once(login, bkpsdm, unit_a, unit_b, kind):
    data, name = FORMATS[kind]([siasn_row(), pppk_row()])
    client = login(bkpsdm)
    response = upload(client, data, name)
    assert response.status_code == 200
    plan = response.context["plan"]
    assert plan.siasn and not plan.refused and len(plan.create) == 2
    assert "Berkas SIASN" in response.content.decode()
    assert confirm(client, response).status_code == 302
    assert Job.objects.get().status == JobStatus.DONE
    siti = Employee.objects.get(nip=GOOD_PNS)
    # Titles kept in the display name; matched by NIP; SIASN's wording read.
    assert (siti.name, siti.unit, siti.position_type, siti.golongan) == (
        "dr. Siti Aminah, Sp.A",
        unit_a,
        PositionType.FUNGSIONAL,
        "III/b",
    )
    dedi = Employee.objects.get(nip=GOOD_PPPK)
    assert (dedi.asn_type, dedi.golongan, dedi.position_type) == ("PPPK", "7", "pelaksana")
    # The same file twice changes nothing the second time.
    before = staff_snapshot()
    again = upload(client, data, name)
    plan = again.context["plan"]
    assert (plan.unchanged, plan.create, plan.update, plan.departures) == (2, [], [], [])
    assert again.context["token"] is None
    assert staff_snapshot() == before


def test_the_raw_download_headings_are_read_too(unit_a):
    plan = plan_from_bytes(siasn_xlsx([siasn_row()], headers=RAW_HEADERS))
    assert plan.siasn and [e.name for e in plan.create] == ["dr. Siti Aminah, Sp.A"]


def test_a_name_with_its_titles_already_written_is_not_doubled(unit_a):
    row = siasn_row(front="dr.", name="dr. Siti Aminah, Sp.A", back="Sp.A")
    assert [e.name for e in plan_from_bytes(siasn_xlsx([row])).create] == ["dr. Siti Aminah, Sp.A"]


def test_the_portal_template_keeps_working_as_csv_too(unit_a):
    from tests.staff_import.xlsx_builders import HEADERS, row

    data = siasn_csv([row()], headers=HEADERS)
    plan = plan_from_bytes(data, name="pegawai.csv")
    assert not plan.siasn and len(plan.create) == 1 and not plan.refused


def test_bkpsdm_adds_a_heading_and_a_renamed_column_is_read(login, bkpsdm, unit_a):
    headers = ["NIP", "Gelar Depan", "Nama", "Gelar Belakang", "Jenis ASN", "Jenis Jabatan",
               "Golongan", "Jabatan", "Unor ID", "Satuan Kerja SIASN"]  # fmt: skip
    with pytest.raises(ValidationError):  # no organisation unit column: the template's message
        plan_from_bytes(siasn_xlsx([siasn_row()], headers=headers))
    client = login(bkpsdm)
    page = client.get("/pegawai-impor/kolom-siasn/")
    assert page.status_code == 200
    form = {f: c.headers for f, c in ((c.field, c) for c in SiasnColumn.objects.all())}
    form["unor_name"] += "\nSatuan Kerja SIASN"
    assert client.post("/pegawai-impor/kolom-siasn/", form).status_code == 302
    plan = plan_from_bytes(siasn_xlsx([siasn_row()], headers=headers))
    assert plan.siasn and len(plan.create) == 1


def test_one_heading_for_two_fields_is_refused(login, bkpsdm):
    client = login(bkpsdm)
    form = {c.field: c.headers for c in SiasnColumn.objects.all()}
    form["golongan"] += "\nJabatan"
    before = list(SiasnColumn.objects.values_list("headers", flat=True))
    response = client.post("/pegawai-impor/kolom-siasn/", form)
    assert response.status_code == 400
    assert "Judul &#x27;Jabatan&#x27; sudah dipakai untuk Jabatan." in response.content.decode()
    assert list(SiasnColumn.objects.values_list("headers", flat=True)) == before


# --- hostile files: a clear message per refused row, nothing written ----------------------------


def refused_of(rows, kind="xlsx"):
    data, name = FORMATS[kind](rows)
    return plan_from_bytes(data, name=name).refused


def test_a_formula_is_refused_never_computed(unit_a):
    assert refused_of([siasn_row(name='=HYPERLINK("http://x","Siti")')]) == [
        "Baris 2, kolom Nama: berisi rumus atau diawali = + - @; rumus tidak dijalankan. Tulis "
        "nilainya sebagai teks."
    ]
    assert refused_of([siasn_row(position="@SUM(1)")], "csv")[0].startswith(
        "Baris 2, kolom Jabatan"
    )


def test_an_nip_stored_as_a_number_is_refused_with_the_reason(unit_a):
    (message,) = refused_of([siasn_row(nip=1.98503122010012e17)])
    assert message.startswith("Baris 2, kolom NIP: NIP tersimpan sebagai angka")
    (message,) = refused_of([siasn_row(nip="1,98503E+17")], "csv")
    assert message.startswith("Baris 2, kolom NIP: NIP tertulis sebagai angka ilmiah (1,98503E+17)")


def test_a_windows_1252_csv_is_read_and_said(unit_a):
    data, name = FORMATS["csv-cp1252"]([siasn_row(name="Siti Aminah Séptiani")])
    plan = plan_from_bytes(data, name=name)
    assert [e.name for e in plan.create] == ["dr. Siti Aminah Séptiani, Sp.A"]
    assert "tidak bersandi UTF-8; dibaca sebagai Windows-1252" in plan.note


def test_a_utf16_file_is_refused_as_a_whole(unit_a):
    data = siasn_csv([siasn_row()], encoding="utf-16")
    with pytest.raises(ValidationError, match="bersandi UTF-16"):
        plan_from_bytes(data, name="siasn.csv")


def test_a_duplicate_nip_is_refused_on_its_second_row(unit_a):
    refused = refused_of([siasn_row(), siasn_row(name="Siti Lain")])
    assert refused == [
        f"Baris 3, kolom NIP: NIP {GOOD_PNS} sudah ada di baris 2 berkas ini; satu pegawai satu "
        "baris."
    ]


def test_a_new_employee_without_position_type_or_golongan_is_refused(unit_a):
    refused = refused_of([siasn_row(position_type="", golongan="")])
    assert refused[0].startswith("Baris 2, kolom Jenis jabatan: kosong; pegawai baru memerlukan")
    assert refused[1].startswith("Baris 2, kolom Golongan: kosong; pegawai baru memerlukan")


def test_too_many_rows_is_refused_before_anything(settings, unit_a):
    settings.WFA_IMPORT_MAX_ROWS = 3
    rows = [siasn_row(nip=valid_nip(n=n)) for n in range(4)]
    with pytest.raises(ValidationError, match="lebih dari 3 baris data; bagi menjadi"):
        plan_from_bytes(siasn_csv(rows), name="siasn.csv")


def test_a_broken_workbook_is_refused_with_a_message(login, bkpsdm, unit_a):
    good = siasn_xlsx([siasn_row()])
    with zipfile.ZipFile(io.BytesIO(good)) as source:
        parts = {n: source.read(n) for n in source.namelist()}
    parts["xl/worksheets/sheet1.xml"] = parts["xl/worksheets/sheet1.xml"][:200]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as broken:
        for name, body in parts.items():
            broken.writestr(name, body)
    before = staff_snapshot()
    response = upload(login(bkpsdm), out.getvalue())
    assert response.status_code == 400
    assert "tidak dapat dibaca sebagai buku kerja Excel" in response.content.decode()
    assert staff_snapshot() == before


def test_a_refused_row_keeps_the_whole_file_out(login, bkpsdm, unit_a, unit_b):
    client = login(bkpsdm)
    before = staff_snapshot()
    response = upload(client, siasn_xlsx([pppk_row(), siasn_row(nip="123")]))
    assert response.context["token"] is None
    assert "Baris 3, kolom NIP" in response.content.decode()
    assert staff_snapshot() == before


# --- moved, left, unmapped -----------------------------------------------------------------------


def test_moves_and_position_changes_are_shown_and_dated(login, bkpsdm, unit_a, opd_a):
    other = UnitFactory(opd=opd_a, code="pkm-lain", name="Puskesmas Sukarami")
    siti = EmployeeFactory(nip=GOOD_PNS, name="dr. Siti Aminah, Sp.A", unit=unit_a,
                           position_type="fungsional", golongan="III/b",
                           position_name="Dokter Ahli Pertama")  # fmt: skip
    client = login(bkpsdm)
    response = upload(client, siasn_xlsx([siasn_row(unor="Puskesmas Sukarami", unor_id="")]))
    (move,) = response.context["plan"].moves
    assert move.changes == [
        "Jabatan: Dokter Ahli Pertama → Dokter Ahli Muda",
        "Unit: Puskesmas Makrayu → Puskesmas Sukarami",
    ]
    assert 'data-testid="moves"' in response.content.decode()
    confirm(client, response)
    siti.refresh_from_db()
    assert (siti.unit, siti.previous_unit, siti.moved_on) == (other, unit_a, timezone.localdate())


def test_staff_not_in_the_file_are_offered_never_deactivated_silently(login, bkpsdm, unit_a, opd_a):
    stays = EmployeeFactory(unit=unit_a, name="Budi Tetap")
    leaves = EmployeeFactory(unit=unit_a, name="Rudi Pensiun")
    elsewhere = EmployeeFactory()  # another OPD: not in this file's scope
    client = login(bkpsdm)
    response = upload(client, siasn_xlsx([siasn_row()]))
    plan = response.context["plan"]
    assert {e.name for e in plan.departures} == {"Budi Tetap", "Rudi Pensiun"}
    page = response.content.decode()
    assert f'name="leaving" value="{leaves.nip}"' in page
    assert elsewhere.nip not in page
    # Confirmed with one box ticked: only that one leaves, dated today; nobody is deleted.
    confirm(client, response, leaving=[leaves.nip, "not-a-nip"])
    assert Job.objects.get().status == JobStatus.DONE
    leaves.refresh_from_db()
    stays.refresh_from_db()
    assert (leaves.is_active, leaves.left_on) == (False, timezone.localdate())
    assert stays.is_active and Employee.objects.filter(pk=elsewhere.pk).exists()
    assert "1 pegawai dinonaktifkan (keluar/pindah)" in Job.objects.get().message


def test_an_unmapped_unor_holds_the_import_until_mapped(login, bkpsdm, unit_a, unit_b):
    client = login(bkpsdm)
    rows = [siasn_row(), pppk_row(unor="Bid. Lalin Dishub", unor_id="X-77")]
    response = upload(client, siasn_xlsx(rows))
    plan = response.context["plan"]
    assert [(u.unor_name, u.unor_id, u.rows) for u in plan.unmapped] == [
        ("Bid. Lalin Dishub", "X-77", 1)
    ]
    assert plan.held_rows == 1 and len(plan.create) == 1
    page = response.content.decode()
    assert "/pegawai-impor/unor/tambah/?nama=Bid.%20Lalin%20Dishub&amp;id=X-77" in page
    # Confirming before mapping or skipping: refused, nothing written.
    before = staff_snapshot()
    refused = confirm(client, response)
    assert refused["Location"] == PREVIEW and staff_snapshot() == before
    # BKPSDM maps it (the form comes pre-filled from the preview's link) and comes back.
    add = client.get(
        "/pegawai-impor/unor/tambah/?nama=Bid.%20Lalin%20Dishub&id=X-77&kembali=pratinjau"
    )
    initial = add.context["form"].initial
    assert (initial["siasn_name"], initial["siasn_id"]) == ("Bid. Lalin Dishub", "X-77")
    saved = client.post(
        "/pegawai-impor/unor/tambah/?kembali=pratinjau",
        {"siasn_name": "Bid. Lalin Dishub", "siasn_id": "X-77", "unit": unit_b.pk},
    )
    assert saved["Location"] == PREVIEW
    again = client.get(PREVIEW)
    assert again.status_code == 200
    plan = again.context["plan"]
    assert plan.unmapped == [] and len(plan.create) == 2
    confirm(client, again)
    assert Employee.objects.get(nip=GOOD_PPPK).unit == unit_b


def test_an_unmapped_unor_skipped_explicitly_leaves_its_rows_out(login, bkpsdm, unit_a):
    client = login(bkpsdm)
    response = upload(client, siasn_xlsx([siasn_row(), pppk_row(unor="Unit Provinsi")]))
    (unmapped,) = response.context["plan"].unmapped
    confirm(client, response, skip=[unmapped.key])
    assert Job.objects.get().status == JobStatus.DONE
    assert list(Employee.objects.values_list("nip", flat=True)) == [GOOD_PNS]


def test_exact_names_match_and_become_mappings(login, bkpsdm, unit_a):
    client = login(bkpsdm)
    response = upload(client, siasn_xlsx([siasn_row(unor="PUSKESMAS  makrayu")]))
    assert response.context["plan"].unmapped == []
    confirm(client, response)
    mapping = UnitMapping.objects.get()
    assert (mapping.siasn_name, mapping.unit, mapping.skip) == ("PUSKESMAS makrayu", unit_a, False)
    listing = client.get("/pegawai-impor/unor/")
    assert "PUSKESMAS makrayu" in listing.content.decode()


def test_a_name_two_portal_units_share_is_not_matched_on_its_own(unit_a, opd_b):
    UnitFactory(opd=opd_b, code="pkm-makrayu-2", name="Puskesmas Makrayu")
    (unmapped,) = plan_from_bytes(siasn_xlsx([siasn_row(unor_id="")])).unmapped
    assert unmapped.unor_name == "Puskesmas Makrayu"


def test_a_mapping_is_edited_and_refused_when_incomplete(login, bkpsdm, unit_a, unit_b):
    mapping = UnitMapping.objects.create(siasn_name="Dinkes Lama", unit=unit_a)
    client = login(bkpsdm)
    url = f"/pegawai-impor/unor/{mapping.pk}/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"siasn_name": "Dinkes Lama", "siasn_id": ""})
    assert response.status_code == 400
    assert "Pilih unit portal, atau centang Lewati." in response.content.decode()
    twin = client.post(
        "/pegawai-impor/unor/tambah/", {"siasn_name": "dinkes  lama", "unit": unit_b.pk}
    )
    assert "sudah dipetakan" in twin.content.decode()
    assert client.post(url, {"siasn_name": "Dinkes Lama", "skip": "on"}).status_code == 302
    mapping.refresh_from_db()
    assert (mapping.unit, mapping.skip) == (None, True)


@pytest.mark.parametrize("persona", ["mayor", "head_a", "employee_user"])
def test_only_bkpsdm_maps_units(request, login, persona):
    client = login(request.getfixturevalue(persona))
    urls = ["/pegawai-impor/unor/", "/pegawai-impor/unor/tambah/", "/pegawai-impor/kolom-siasn/"]
    for url in [*urls, PREVIEW]:
        assert client.get(url).status_code == 403


# --- query pins -----------------------------------------------------------------------------


@pytest.mark.parametrize("size", [1, 30])
def test_the_preview_takes_the_same_queries_for_1_and_30_rows(
    login, bkpsdm, unit_a, django_assert_num_queries, size
):
    EmployeeFactory.create_batch(size, unit=unit_a)  # offered as leaving
    rows = [siasn_row(nip=valid_nip(n=9000 + n), name=f"Baru {n}") for n in range(size)]
    rows += [
        pppk_row(nip=valid_nip("PPPK", n=9500 + n), unor=f"Unor {n}", unor_id=f"U{n}")
        for n in range(size)
    ]
    client = login(bkpsdm)
    # session, user, SIASN headings, mappings, units, staff by NIP, the file's OPDs' staff,
    # the session saved (savepoint, UPDATE, release), the bell
    with django_assert_num_queries(11):
        response = upload(client, siasn_xlsx(rows))
    assert len(response.context["plan"].unmapped) == size
    # The preview again from the kept file: the same reads, nothing saved.
    with django_assert_num_queries(8):
        assert client.get(PREVIEW).status_code == 200


@pytest.mark.parametrize("size", [1, 30])
def test_the_mapping_list_takes_the_same_queries_for_1_and_30_rows(
    login, bkpsdm, unit_a, django_assert_num_queries, size
):
    for n in range(size):
        UnitMapping.objects.create(siasn_name=f"Unor {n}", unit=unit_a)
    client = login(bkpsdm)
    with django_assert_num_queries(5):  # session, user, count, page, bell
        response = client.get("/pegawai-impor/unor/")
    assert response.content.decode().count(">Ubah</a>") == size


# --- the command line ---------------------------------------------------------------------


def test_the_command_imports_a_siasn_csv_and_stops_at_an_unmapped_unor(tmp_path, unit_a, capsys):
    from django.core.management import call_command

    path = tmp_path / "siasn.csv"
    path.write_bytes(siasn_csv([siasn_row(), pppk_row(unor="Unit Provinsi")]))
    before = staff_snapshot()
    with pytest.raises(SystemExit) as stopped:
        call_command("import_staff", str(path))
    assert stopped.value.code == 1 and staff_snapshot() == before
    assert "Unor SIASN belum dipetakan: Unit Provinsi (1 baris, mulai baris 3)" in (
        capsys.readouterr().out
    )
    path.write_bytes(siasn_csv([siasn_row()]))
    call_command("import_staff", str(path))
    assert Employee.objects.get().name == "dr. Siti Aminah, Sp.A"


@pytest.mark.parametrize("size", [1, 30])
def test_the_mapping_form_takes_the_same_queries_for_1_and_30_units(
    login, bkpsdm, unit_a, django_assert_num_queries, size
):
    UnitFactory.create_batch(size - 1)
    mapping = UnitMapping.objects.create(siasn_name="Unor", unit=unit_a)
    client = login(bkpsdm)
    with django_assert_num_queries(5):  # session, user, the mapping, the units with OPDs, bell
        response = client.get(f"/pegawai-impor/unor/{mapping.pk}/")
    assert response.content.decode().count("<option") == size + 1
