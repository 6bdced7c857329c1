"""Every path that writes a file, on a full disk, a missing folder and a read-only one: a message
in Indonesian, a 503 or an exit code, no 500, no traceback, nothing half-written (common/disk.py).

The full disk is real: a 64 KB tmpfs filled to its last byte (mounting needs root, as CI runs;
elsewhere these tests skip). A missing folder is a path through a file; read-only is the same
tmpfs remounted read-only.
"""

import os
import subprocess
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import ManagementUtility, call_command
from django.utils import timezone
from openpyxl import Workbook

from jobs.models import Job, JobStatus
from jobs.running import jobs_purge
from reports.documents.exports import CITY_WORKBOOK
from tests.factories import EmployeeFactory
from tests.staff_import.xlsx_builders import row, workbook

pytestmark = pytest.mark.django_db

FULL = "Ruang penyimpanan server penuh"
MISSING = "Folder penyimpanan server tidak ada"
READ_ONLY = "Penyimpanan server hanya dapat dibaca"


@pytest.fixture
def tmpfs(tmp_path):
    """A 64 KB tmpfs of the test's own; `fill()` takes its last byte, `read_only()` remounts."""
    mount = tmp_path / "disk"
    mount.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k,mode=1777", "tmpfs", str(mount)],
        capture_output=True,
    )
    if mounted.returncode != 0:
        pytest.skip("a real full disk needs root to mount a tmpfs (CI runs as root)")

    class Disk:
        path = mount

        def fill(self):
            with open(mount / ".filler", "wb", buffering=0) as filler:
                try:
                    while True:
                        filler.write(b"\0" * 4096)
                except OSError:
                    pass
            with open(mount / ".filler", "ab", buffering=0) as filler:
                try:
                    while True:
                        filler.write(b"\0")
                except OSError:
                    pass

        def read_only(self):
            subprocess.run(["mount", "-o", "remount,ro", str(mount)], check=True)

        def files(self, folder=""):
            return sorted(p.name for p in (mount / folder).rglob("*") if p.name != ".filler")

    yield Disk()
    subprocess.run(["umount", "-l", str(mount)], check=False)


@pytest.fixture
def not_a_folder(tmp_path):
    """A folder setting that points through a file: mkdir fails with NotADirectoryError."""
    blocker = tmp_path / "berkas.txt"
    blocker.write_text("bukan folder")
    return blocker / "folder"


def run(*argv) -> int:
    """The command as manage.py runs it (its errors printed, its exit code), without setting
    Django up again (which would bind the log to this test's captured stderr)."""
    argv = ["manage.py", *argv]
    with pytest.raises(SystemExit) as exit_:
        ManagementUtility(argv).fetch_command(argv[1]).run_from_argv(argv)
    return exit_.value.code


def upload(client, data: bytes):
    return client.post(
        "/pegawai-impor/periksa/", {"file": SimpleUploadedFile("pegawai.xlsx", data)}
    )


# --- the staff upload (WFA_IMPORT_DIR) --------------------------------------------------------


def test_the_dry_run_on_a_full_disk_says_so_and_keeps_nothing(
    login, bkpsdm, unit_a, settings, tmpfs
):
    settings.WFA_IMPORT_DIR = tmpfs.path / "impor"
    (tmpfs.path / "impor").mkdir()
    tmpfs.fill()
    response = upload(login(bkpsdm), workbook([row()]))
    assert response.status_code == 503
    assert FULL in response.content.decode()
    assert tmpfs.files("impor") == []  # the half-written upload is gone


def test_the_dry_run_with_a_missing_folder_says_so(login, bkpsdm, unit_a, settings, not_a_folder):
    settings.WFA_IMPORT_DIR = not_a_folder
    response = upload(login(bkpsdm), workbook([row()]))
    assert response.status_code == 503
    assert MISSING in response.content.decode()


def test_confirming_on_a_read_only_disk_says_so_and_starts_nothing(
    login, bkpsdm, unit_a, settings, tmpfs
):
    settings.WFA_IMPORT_DIR = tmpfs.path / "impor"
    client = login(bkpsdm)
    page = upload(client, workbook([row()])).content.decode()
    token = page.split('name="token" value="')[1].split('"')[0]
    tmpfs.read_only()
    response = client.post("/pegawai-impor/konfirmasi/", {"token": token})
    assert response.status_code == 503
    assert READ_ONLY in response.content.decode()
    assert not Job.objects.exists()


def test_a_large_upload_never_touches_the_disk(login, bkpsdm, settings, tmpfs):
    """Django wrote uploads above 2.5 MB to a temporary file before any view ran."""
    settings.FILE_UPLOAD_TEMP_DIR = tmpfs.path
    tmpfs.fill()
    response = upload(login(bkpsdm), b"x" * (11 * 1024 * 1024))
    assert response.status_code == 400
    assert "Berkas terlalu besar (11 MB)" in response.content.decode()


# --- the city's exports (jobs) and the commands -------------------------------------------------


@pytest.mark.parametrize("fmt", ["xlsx", "pdf"])
def test_a_city_export_job_on_a_full_disk_fails_with_the_reason(
    login, bkpsdm, window, unit_a, settings, tmpfs, fmt
):
    EmployeeFactory.create_batch(30, unit=unit_a)
    settings.WFA_EXPORT_DIR = tmpfs.path / "unduhan"
    (tmpfs.path / "unduhan").mkdir()
    tmpfs.fill()
    login(bkpsdm).post(f"/rekap/{window.slug}/kota/", {"format": fmt})
    job = Job.objects.get()
    assert job.status == JobStatus.FAILED
    assert job.error.startswith(f"{FULL}: berkas .{fmt} hasil pekerjaan ini tidak dapat disimpan")
    assert tmpfs.files("unduhan") == []


def test_a_city_export_job_with_a_missing_folder_fails_with_the_reason(
    login, bkpsdm, window, unit_a, settings, not_a_folder
):
    settings.WFA_EXPORT_DIR = not_a_folder
    login(bkpsdm).post(f"/rekap/{window.slug}/kota/", {"format": "xlsx"})
    assert Job.objects.get().error.startswith(MISSING)


def test_export_workbook_on_a_full_disk_exits_1_without_a_traceback(window, unit_a, tmpfs, capsys):
    EmployeeFactory.create_batch(30, unit=unit_a)
    tmpfs.fill()
    target = tmpfs.path / "rekap.xlsx"
    code = run("export_workbook", "--window", window.slug, "--out", str(target))
    err = capsys.readouterr().err
    assert code == 1
    assert f"CommandError: {FULL}: rekap.xlsx tidak dapat disimpan" in err
    assert "Traceback" not in err and "Exception ignored" not in err
    assert tmpfs.files() == []


def test_export_pdf_on_a_read_only_disk_exits_1(window, unit_a, tmpfs, capsys):
    tmpfs.read_only()
    assert run("export_pdf", "--window", window.slug, "--out", f"{tmpfs.path}/r.pdf") == 1
    assert READ_ONLY in capsys.readouterr().err


def test_a_workbook_download_the_disk_refuses_is_a_503_not_a_500(
    login, bkpsdm, window, unit_a, monkeypatch
):
    """The net under pages that did not expect the disk (wfa_portal.middleware)."""

    def full(self, filename):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Workbook, "save", full)
    response = login(bkpsdm).get(f"/rekap/{window.slug}.xlsx", {"opd": unit_a.opd.code})
    assert response.status_code == 503
    assert FULL in response.content.decode()
    assert response["Retry-After"] == "300"


# --- the purges ----------------------------------------------------------------------------------


def test_the_purges_go_on_when_files_cannot_be_removed(bkpsdm, settings, tmpfs, capsys):
    settings.WFA_EXPORT_DIR = tmpfs.path / "unduhan"
    settings.WFA_IMPORT_DIR = tmpfs.path / "impor"
    for folder, name in (("unduhan", "job-1-abc.xlsx"), ("impor", "lama.xlsx")):
        (tmpfs.path / folder).mkdir()
        (tmpfs.path / folder / name).write_bytes(b"isi")
    past = timezone.now() - timedelta(days=2)
    os.utime(tmpfs.path / "impor" / "lama.xlsx", (past.timestamp(), past.timestamp()))
    Job.objects.create(
        owner=bkpsdm,
        kind=CITY_WORKBOOK,
        parameters="{}",
        title="Rekap",
        status=JobStatus.DONE,
        file_path="job-1-abc.xlsx",
        expires_at=past,
    )
    tmpfs.read_only()
    assert jobs_purge() == 0  # kept, to be removed with its file by a later purge
    assert Job.objects.exists()
    assert run("purge_personal_data") == 1
    out = capsys.readouterr()
    assert f"1 gagal dihapus: {READ_ONLY}" in out.out
    assert "Catatan login" in out.out  # the other kinds of data were purged all the same
    assert "Traceback" not in out.err


def test_purge_jobs_command_survives_a_read_only_folder(bkpsdm, settings, tmpfs):
    settings.WFA_EXPORT_DIR = tmpfs.path
    tmpfs.read_only()
    call_command("purge_jobs")  # nothing to purge; the folder is only read
