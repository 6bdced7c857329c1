"""Device logs from a file: the dry run's per-file report, then the job that stores them once."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from devicelogs.models import Punch, PunchImport
from jobs.models import Job, JobStatus
from tests.devicelogs.conftest import attlog, check, confirm, line, xlsx

pytestmark = pytest.mark.django_db


def test_an_attlog_file_is_checked_then_stored_and_the_same_file_twice_is_stored_once(
    login, bkpsdm, device, employee_a, nurse
):
    client = login(bkpsdm)
    upload = lambda: attlog(  # noqa: E731
        line(employee_a.nip, "2026-11-24 07:21:05"),
        line(employee_a.nip, "2026-11-24 16:05:40", state=1),
        line(nurse.nip, "2026-11-24 07:40:00"),
        line(nurse.nip, "2026-11-24 07:40:00"),  # pressed twice: one punch
        line("999", "2026-11-24 07:10:00"),  # a guest's card
        "",
    )
    dry = check(client, device, upload())
    assert dry.status_code == 200
    report = dry.context["report"]
    assert report.summary() == {
        "rows_read": 5,
        "matched": 4,
        "new": 3,
        "duplicates": 1,
        "unknown_ids": 1,
        "refused": 0,
    }
    assert Punch.objects.count() == 0  # a dry run writes nothing
    page = dry.content.decode()
    assert "999: 1 baris" in page
    done = confirm(client, dry)
    job = Job.objects.get()
    assert done["Location"] == f"/unduhan/{job.pk}/"
    assert job.status == JobStatus.DONE, job.error
    assert Punch.objects.count() == 3
    batch = PunchImport.objects.get()
    assert (batch.rows_read, batch.added, batch.duplicates, batch.unknown) == (5, 3, 1, 1)
    assert {p.day.isoformat() for p in Punch.objects.all()} == {"2026-11-24"}

    again = check(client, device, upload())
    assert again.context["report"].summary()["new"] == 0
    assert again.context["report"].already == 3
    assert again.context["token"] is None
    assert "sudah diimpor pada" in again.content.decode()
    assert Punch.objects.count() == 3


def test_a_device_that_numbers_its_users_maps_them_per_device(
    login, bkpsdm, numbered_device, employee_a
):
    client = login(bkpsdm)
    # The NIP means nothing on a numbered device: only its own mapping does.
    dry = check(
        client,
        numbered_device,
        attlog(line("17", "2026-11-24 07:00:00"), line(employee_a.nip, "2026-11-24 07:01:00")),
    )
    report = dry.context["report"]
    assert report.new[0][0] == employee_a.pk
    assert report.unknown == {employee_a.nip: 1}


def test_bad_rows_are_refused_with_the_row_and_the_reason_and_nothing_is_written(
    login, bkpsdm, device, employee_a
):
    client = login(bkpsdm)
    dry = check(
        client,
        device,
        attlog(
            line(employee_a.nip, "2026-11-24 07:21:05"),
            line(employee_a.nip, "24-11-2026 jam 7"),
            line("=cmd|' /C calc'!A0", "2026-11-24 07:21:05"),
            line(employee_a.nip, "2026-12-24 07:00:00"),  # the future: the clock is wrong
            line(employee_a.nip, "1999-12-31 07:00:00"),
            "tanpa tab sama sekali",
        ),
    )
    assert dry.status_code == 400
    refused = dict(dry.context["report"].refused)
    assert "tidak terbaca" in refused[2]
    assert "rumus" in refused[3]
    assert "masa depan" in refused[4]
    assert "sebelum tahun 2000" in refused[5]
    assert "bukan baris attlog" in refused[6]
    assert dry.context["token"] is None
    assert "Tidak ada data yang diubah" in dry.content.decode()
    assert client.post("/presensi-mesin/konfirmasi/", {"token": "x" * 32}).status_code == 400
    assert Punch.objects.count() == 0


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            SimpleUploadedFile(
                "log.dat", "198501012010011001\t2026-11-24 07:00:00 ü".encode("latin-1")
            ),
            "bukan teks UTF-8",
        ),
        (SimpleUploadedFile("log.dat", b"1\x002026"), "karakter nol"),
        (SimpleUploadedFile("log.xlsx", b"PK\x03\x04 bukan zip"), "tidak dapat dibaca"),
        (SimpleUploadedFile("log.csv", b"a;b;c\n1;2;3\n"), "Baris judul tidak ditemukan"),
    ],
)
def test_a_broken_file_is_refused_with_a_clear_message(login, bkpsdm, device, upload, message):
    response = check(login(bkpsdm), device, upload)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Punch.objects.count() == 0


def test_a_utf16_export_is_read(login, bkpsdm, device, employee_a):
    data = (line(employee_a.nip, "2026-11-24 07:00:00") + "\r\n").encode("utf-16")
    dry = check(login(bkpsdm), device, SimpleUploadedFile("log.txt", data))
    assert dry.context["report"].summary()["new"] == 1


def test_a_huge_file_is_refused_by_its_size_and_by_its_rows(
    login, bkpsdm, device, employee_a, settings
):
    client = login(bkpsdm)
    settings.WFA_DEVICE_LOG_MAX_BYTES = 2_000
    big = check(client, device, attlog(*[line(employee_a.nip, "2026-11-24 07:00:00")] * 100))
    assert big.status_code == 400
    assert "terlalu besar" in big.content.decode()
    settings.WFA_DEVICE_LOG_MAX_BYTES = 10_000_000
    settings.WFA_DEVICE_LOG_MAX_ROWS = 10
    many = check(client, device, attlog(*[line(employee_a.nip, "2026-11-24 07:00:00")] * 11))
    assert many.status_code == 400
    assert "lebih dari 10 baris" in many.content.decode()
    assert Punch.objects.count() == 0


def test_a_csv_export_is_read_through_the_column_mapping(login, bkpsdm, device, employee_a):
    text = (
        "Nama;No. ID;Tanggal;Jam;Status\n"
        f"Siti;{employee_a.nip};24/11/2026;07:15;0\n"
        f"Siti;{employee_a.nip};24/11/2026;16:02;1\n"
    )
    dry = check(login(bkpsdm), device, SimpleUploadedFile("log.csv", text.encode("utf-8-sig")))
    report = dry.context["report"]
    assert report.summary()["new"] == 2
    assert [p[1].strftime("%H:%M") for p in report.new] == ["07:15", "16:02"]


def test_a_workbook_with_a_formula_or_an_nip_as_a_number_is_refused_per_row(
    login, bkpsdm, device, employee_a
):
    from datetime import datetime

    dry = check(
        login(bkpsdm),
        device,
        xlsx(
            [
                (employee_a.nip, datetime(2026, 11, 24, 7, 5), 1, 0),
                (float(employee_a.nip), datetime(2026, 11, 24, 7, 6), 1, 0),
                ('=HYPERLINK("http://x")', datetime(2026, 11, 24, 7, 7), 1, 0),
                (employee_a.nip, "=NOW()", 1, 0),
            ]
        ),
    )
    assert dry.status_code == 400
    refused = dict(dry.context["report"].refused)
    assert "digit terakhirnya hilang" in refused[3]
    assert "rumus" in refused[4]
    assert "rumus" in refused[5]
    assert Punch.objects.count() == 0


def test_only_bkpsdm_uploads(login, head_a, device, employee_a):
    response = check(login(head_a), device, attlog(line(employee_a.nip, "2026-11-24 07:00:00")))
    assert response.status_code == 403
