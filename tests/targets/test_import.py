"""Targets from a workbook: dry run, refused rows with their reasons, all or nothing, once only."""

import re
from dataclasses import astuple

import pytest
from django.core import signing

from jobs.models import Job, JobStatus, parameters_key
from targets.confirmation import TARGETS_IMPORT
from targets.importing import MAX_ROWS, Row
from targets.models import ActionPlan, TargetStatus, WorkTarget
from tests.targets.conftest import HEADERS, upload, workbook

CHECK, CONFIRM = "/target/impor/periksa/", "/target/impor/konfirmasi/"
YEAR = 2026


@pytest.fixture
def rows(employee_a):
    return [
        [employee_a.nip, YEAR, "Terlaksananya imunisasi", "Melayani imunisasi anak", 500, "anak"],
        [employee_a.nip, YEAR, "Terlaksananya imunisasi", "Kunjungan posyandu", "2,5", "kali"],
    ]


def check(client, data: bytes):
    return client.post(CHECK, {"file": upload(data)})


def token(response) -> str:
    found = re.search(r'name="token" value="([^"]+)"', response.content.decode())
    return found.group(1) if found else ""


def test_a_dry_run_writes_nothing_then_the_confirmation_imports_approved(
    login, head_a, employee_a, rows
):
    client = login(head_a)
    response = check(client, workbook(rows))
    page = response.content.decode()
    assert response.status_code == 200 and "Rencana aksi baru: <strong>2</strong>" in page
    assert not WorkTarget.objects.exists() and not ActionPlan.objects.exists()
    response = client.post(CONFIRM, {"token": token(response)})
    assert "Impor target kerja selesai" in response.content.decode()
    target = WorkTarget.objects.get(employee=employee_a, year=YEAR)
    assert (target.status, target.decided_by) == (TargetStatus.APPROVED, head_a)
    assert sorted(target.plans.values_list("text", "quantity", "unit_of_measure")) == [
        ("Kunjungan posyandu", 2.5, "kali"),
        ("Melayani imunisasi anak", 500, "anak"),
    ]


def test_the_same_file_twice_imports_once(login, head_a, rows):
    client = login(head_a)
    first = check(client, workbook(rows))
    client.post(CONFIRM, {"token": token(first)})
    again = check(client, workbook(rows))
    assert token(again) == ""
    assert "semua baris sudah ada" in again.content.decode()
    # The first dry run's confirmation replayed: checked again, nothing new.
    client.post(CONFIRM, {"token": token(first)})
    assert ActionPlan.objects.count() == 2
    assert ActionPlan.history.filter(history_type="+").count() == 2


def test_a_changed_target_quantity_is_an_update(login, head_a, rows):
    client = login(head_a)
    client.post(CONFIRM, {"token": token(check(client, workbook(rows)))})
    rows[0][4] = 600
    response = check(client, workbook(rows))
    assert "Rencana aksi berubah (target/satuan): <strong>1</strong>" in response.content.decode()
    client.post(CONFIRM, {"token": token(response)})
    assert ActionPlan.objects.get(text="Melayani imunisasi anak").quantity == 600


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (['=HYPERLINK("http://x")', "Imunisasi"], "rumus"),
        ([None, "Imunisasi"], "RHK wajib diisi"),
        (["RHK", "=1+1"], "Rencana aksi berisi rumus"),
    ],
)
def test_formulas_and_blanks_are_refused_per_row(login, head_a, employee_a, rows, bad, message):
    rhk, text = bad
    rows.append([employee_a.nip, YEAR, rhk, text, 1, "kali"])
    response = check(login(head_a), workbook(rows))
    page = response.content.decode()
    assert "Baris 4:" in page and message in page
    assert token(response) == "" and "tidak ada data yang diubah" in page


def test_an_nip_typed_as_a_number_is_refused_with_the_reason(login, head_a, employee_a, rows):
    rows.append([float(employee_a.nip), YEAR, "RHK", "Aksi", 1, "kali"])
    page = check(login(head_a), workbook(rows)).content.decode()
    assert "Baris 4: NIP: NIP tersimpan sebagai angka" in page


def test_duplicate_rows_unknown_staff_and_other_opds_are_refused(
    login, head_a, employee_a, employee_b, rows
):
    rows += [
        list(rows[0]),
        [employee_b.nip, YEAR, "RHK", "Aksi", 1, "kali"],  # OPD B: not the head's
        ["199001012020011001", YEAR, "RHK", "Aksi", 1, "kali"],
        [employee_a.nip, "dua ribu", "RHK", "Aksi", 1, "kali"],
        [employee_a.nip, YEAR, "RHK", "Aksi", -3, "kali"],
    ]
    page = check(login(head_a), workbook(rows)).content.decode()
    assert "Baris 4: sama dengan baris 2" in page
    assert f"Baris 5: NIP {employee_b.nip} tidak ditemukan" in page
    assert "Baris 6: NIP 199001012020011001 tidak ditemukan" in page
    assert "Baris 7: Tahun harus angka" in page
    assert "Baris 8: Target harus angka 0 sampai" in page
    assert "Baris ditolak: <strong>5</strong>" in page


def test_a_row_refused_at_confirmation_leaves_nothing_half_written(login, head_a, employee_a, rows):
    """Between the dry run and the confirmation the employee submitted the target: the whole
    file is refused, the rows that were still fine are not written either."""
    client = login(head_a)
    response = check(client, workbook(rows))
    WorkTarget.objects.create(employee=employee_a, year=YEAR, status=TargetStatus.SUBMITTED)
    response = client.post(CONFIRM, {"token": token(response)})
    assert response.status_code == 400
    assert "menunggu persetujuan" in response.content.decode()
    assert not ActionPlan.objects.exists()
    assert WorkTarget.objects.get().status == TargetStatus.SUBMITTED


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("NIP;Tahun;RHK\n1985;2026;Pelayanan \xe9\n".encode("cp1252"), "Excel"),  # a CSV
        (b"PK\x03\x04 broken", "rusak"),
        (workbook([], headers=["Nama", "Jabatan"]), "Baris judul tidak ditemukan"),
        (workbook([], headers=["NIP", "Tahun", "RHK"]), "Kolom Rencana Aksi, Target, Satuan"),
    ],
)
def test_files_that_are_not_target_workbooks_are_refused(login, head_a, data, message):
    response = check(login(head_a), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not WorkTarget.objects.exists()


def test_a_title_above_the_header_and_other_headers_of_the_mapping(login, head_a, employee_a):
    data = workbook(
        [[employee_a.nip, YEAR, "RHK 1", "Aksi 1", 3, "kali"]],
        headers=[
            "NIP Pegawai",
            "Periode",
            "Rencana Hasil Kerja",
            "Rencana Aksi (RA)",
            "Kuantitas",
            "Satuan Target",
        ],
        title_rows=[["SKP Dinas Kesehatan 2026"], []],
    )
    response = check(login(head_a), data)
    assert "Rencana aksi baru: <strong>1</strong>" in response.content.decode()


def test_the_mapping_is_data(login, head_a, employee_a, settings, tmp_path):
    mapping = tmp_path / "kolom.json"
    mapping.write_text(
        '{"columns": {"nip": ["ID ASN"], "year": ["Th"], "rhk": ["Hasil"], "text": ["Aksi"],'
        ' "quantity": ["Qty"], "unit_of_measure": ["Sat"]}}'
    )
    settings.WFA_TARGET_COLUMNS_FILE = str(mapping)
    data = workbook(
        [[employee_a.nip, YEAR, "RHK 1", "Aksi 1", 3, "kali"]],
        headers=["ID ASN", "Th", "Hasil", "Aksi", "Qty", "Sat"],
    )
    assert "Rencana aksi baru: <strong>1</strong>" in check(login(head_a), data).content.decode()
    assert (
        "Baris judul tidak ditemukan"
        in check(login(head_a), workbook([], headers=HEADERS)).content.decode()
    )


def test_a_forged_or_foreign_token_is_refused(login, head_a, head_b, rows):
    response = check(login(head_a), workbook(rows))
    stolen = token(response)
    response = login(head_b).post(CONFIRM, {"token": stolen})
    assert response.status_code == 400 and "tidak dikenal" in response.content.decode()
    assert not ActionPlan.objects.exists()


def test_a_file_past_the_row_limit_is_refused_whole(login, head_a, employee_a, settings):
    settings.WFA_IMPORT_MAX_ROWS = 3
    rows = [[employee_a.nip, YEAR, "RHK", f"Aksi {n}", 1, "kali"] for n in range(4)]
    response = check(login(head_a), workbook(rows))
    assert response.status_code == 400
    assert "lebih dari 3 baris data" in response.content.decode()


def test_ten_thousand_rows_fit_in_the_confirmation(login, head_a, employee_a, rows):
    """The largest file's clean rows, signed, stay well under Django's 2.5 MB form limit."""
    many = [
        Row(n, employee_a.nip, YEAR, f"Rencana hasil kerja nomor {n % 40}",
            f"Rencana aksi pelayanan nomor {n}", "12.00", "dokumen")
        for n in range(MAX_ROWS)
    ]  # fmt: skip
    token = signing.dumps([astuple(r) for r in many], salt="x", compress=True)
    assert len(token) < 1_000_000


def test_staff_who_left_get_no_targets(login, head_a, employee_a, rows):
    employee_a.is_active = False
    employee_a.save()
    page = check(login(head_a), workbook(rows)).content.decode()
    assert "tidak ditemukan di antara pegawai aktif" in page


@pytest.fixture
def in_the_background(settings, tmp_path):
    """Every confirmation of more than one row runs as a background job."""
    settings.WFA_TARGET_IMPORT_IMMEDIATE_MAX_ROWS = 1
    settings.WFA_IMPORT_DIR = tmp_path / "imports"
    return settings.WFA_IMPORT_DIR


def test_a_large_file_is_confirmed_as_a_background_job_with_its_page(
    login, head_a, employee_a, rows, in_the_background
):
    client = login(head_a)
    response = client.post(CONFIRM, {"token": token(check(client, workbook(rows)))})
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/unduhan/{job.pk}/"
    assert (job.kind, job.status, job.owner) == (TARGETS_IMPORT, JobStatus.DONE, head_a)
    page = client.get(response["Location"]).content.decode()
    assert "Impor selesai: 2 rencana aksi ditambahkan, 0 diubah, 0 sudah ada." in page
    assert 'href="/target/impor/"' in page
    target = WorkTarget.objects.get(employee=employee_a, year=YEAR)
    assert (target.status, target.decided_by) == (TargetStatus.APPROVED, head_a)
    assert target.plans.count() == 2
    assert not any(in_the_background.iterdir())  # the kept rows are gone once applied


def test_a_background_import_refused_at_confirmation_writes_nothing(
    login, head_a, employee_a, rows, in_the_background
):
    client = login(head_a)
    checked = token(check(client, workbook(rows)))
    employee_a.is_active = False  # left between the dry run and the job
    employee_a.save()
    client.post(CONFIRM, {"token": checked})
    job = Job.objects.get()
    assert job.status == JobStatus.FAILED
    assert "2 baris kini ditolak" in job.error and "tidak ada data yang diubah" in job.error
    assert not WorkTarget.objects.exists() and not ActionPlan.objects.exists()
    assert not any(in_the_background.iterdir())


def test_a_forged_token_starts_no_job(login, head_a, head_b, rows, in_the_background):
    stolen = token(check(login(head_a), workbook(rows)))
    response = login(head_b).post(CONFIRM, {"token": stolen})
    assert response.status_code == 400 and "tidak dikenal" in response.content.decode()
    assert not Job.objects.exists() and not ActionPlan.objects.exists()


def test_a_job_whose_kept_rows_are_gone_or_forged_says_so(head_a, in_the_background):
    from jobs.files import Refused
    from targets.confirmation import run_targets_import

    for name in ("targets-missing.signed", "../../etc/passwd", "targets-x.signed"):
        if name == "targets-x.signed":
            in_the_background.mkdir(parents=True, exist_ok=True)
            (in_the_background / name).write_text("forged")
        job = Job(owner=head_a, kind=TARGETS_IMPORT, parameters=parameters_key({"upload": name}))
        with pytest.raises(Refused, match="Unggah berkasnya lagi"):
            run_targets_import(job, lambda *a: None)
    assert not ActionPlan.objects.exists()
