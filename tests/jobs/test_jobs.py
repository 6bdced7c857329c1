"""Background jobs: the city workbook and PDF started from the dashboard, their progress, the
downloads list (owner and BKPSDM only), retry, the dedupe rule and the purge."""

from datetime import timedelta
from io import BytesIO

import pytest
from django.db import IntegrityError
from django.utils import timezone
from openpyxl import load_workbook

from jobs import registry
from jobs.models import Job, JobStatus, parameters_key
from jobs.running import jobs_purge
from jobs.services import job_start
from reports.documents.exports import CITY_PDF, CITY_WORKBOOK, PLAN_PDF
from reports.documents.workbook import write_workbook
from schedules.jobs import CITY_PROPOSAL, PROPOSAL_APPLY
from schedules.models import FlexWindow
from staff_import.confirmation import STAFF_IMPORT


def start(client, window, fmt="xlsx"):
    return client.post(f"/rekap/{window.slug}/kota/", {"format": fmt})


@pytest.fixture
def city(window, employee_a, employee_b):
    return window


def test_bkpsdm_starts_the_city_workbook_and_downloads_it(login, bkpsdm, city, settings):
    client = login(bkpsdm)
    response = start(client, city)
    job = Job.objects.get()
    assert response["Location"] == f"/unduhan/{job.pk}/"
    assert (job.owner, job.kind, job.status) == (bkpsdm, CITY_WORKBOOK, JobStatus.DONE)
    assert job.params == {"window": "lebaran-2025"}
    assert job.done == job.total == 2 and job.percent == 100  # two active staff written
    assert job.expires_at - job.finished_at == timedelta(hours=24)
    page = client.get(response["Location"]).content.decode()
    assert "Rekap koordinasi seluruh kota · Kerja fleksibel Lebaran 2025" in page
    assert "Selesai" in page and f'href="/unduhan/{job.pk}/berkas/"' in page
    assert "hx-trigger" not in page  # a finished job is not polled
    download = client.get(f"/unduhan/{job.pk}/berkas/")
    assert download["Content-Disposition"] == 'attachment; filename="rekap-wfa-lebaran-2025.xlsx"'
    wb = load_workbook(BytesIO(b"".join(download.streaming_content)))
    assert wb.sheetnames[-2:] == ["Dinkes", "Dishub"]
    assert list(settings.WFA_EXPORT_DIR.iterdir()) == [settings.WFA_EXPORT_DIR / job.file_path]


def test_the_mayor_starts_the_city_pdf(login, mayor, city):
    client = login(mayor)
    response = start(client, city, "pdf")
    job = Job.objects.get()
    assert job.kind == CITY_PDF and job.status == JobStatus.DONE
    download = client.get(response["Location"] + "berkas/")
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF-")


def test_an_unfinished_job_shows_its_progress_and_is_polled(login, bkpsdm, city):
    job = Job.objects.create(
        owner=bkpsdm,
        kind=CITY_WORKBOOK,
        parameters=parameters_key({"window": city.slug}),
        title="Rekap",
        status=JobStatus.RUNNING,
        done=2500,
        total=10000,
        message="Menulis lembar per OPD",
    )
    client = login(bkpsdm)
    page = client.get(f"/unduhan/{job.pk}/").content.decode()
    assert f'hx-get="/unduhan/{job.pk}/progres/"' in page and 'hx-trigger="every 1s"' in page
    assert 'value="25" max="100"' in page and "2500 dari 10000" in page
    fragment = client.get(f"/unduhan/{job.pk}/progres/").content.decode()
    assert fragment.startswith('<div id="job-progress"') and "Menulis lembar per OPD" in fragment
    assert client.get(f"/unduhan/{job.pk}/berkas/").status_code == 404  # not ready yet


def test_the_same_request_is_never_run_twice_at_once(login, bkpsdm, city):
    job = Job.objects.create(
        owner=bkpsdm,
        kind=CITY_WORKBOOK,
        parameters=parameters_key({"window": city.slug}),
        title="Rekap",
        status=JobStatus.RUNNING,
    )
    client = login(bkpsdm)
    response = start(client, city)
    assert response["Location"] == f"/unduhan/{job.pk}/"  # handed the running job
    assert Job.objects.count() == 1
    assert "sedang berjalan" in client.get(response["Location"]).content.decode()
    # The database holds the rule too.
    with pytest.raises(IntegrityError):
        Job.objects.create(
            owner=bkpsdm, kind=job.kind, parameters=job.parameters, title="Rekap lagi"
        )


def test_a_finished_request_may_be_asked_again(login, bkpsdm, city):
    client = login(bkpsdm)
    start(client, city)
    start(client, city)
    assert Job.objects.filter(status=JobStatus.DONE).count() == 2


def test_a_failed_job_says_why_and_can_be_retried(login, bkpsdm, city):
    client = login(bkpsdm)
    days = list(city.days.all())
    city.days.all().delete()  # the window lost its days after the job was asked for
    response = start(client, city)
    job = Job.objects.get()
    assert job.status == JobStatus.FAILED
    assert job.error == "Periode Kerja fleksibel Lebaran 2025 belum memiliki hari kerja fleksibel."
    page = client.get(response["Location"]).content.decode()
    assert job.error in page and "Coba lagi" in page
    for day in days:
        day.save()
    response = client.post(f"/unduhan/{job.pk}/ulangi/")
    assert response["Location"] == f"/unduhan/{job.pk}/"
    job.refresh_from_db()
    assert (job.status, job.error, job.attempts) == (JobStatus.DONE, "", 2)


def test_only_a_failed_job_is_retried(login, bkpsdm, city):
    client = login(bkpsdm)
    start(client, city)
    job = Job.objects.get()
    response = client.post(f"/unduhan/{job.pk}/ulangi/", follow=True)
    assert "Hanya pekerjaan yang gagal yang dapat diulang." in response.content.decode()
    assert Job.objects.get().attempts == 1


def test_a_bad_format_is_refused_and_nothing_is_started(login, bkpsdm, city):
    response = login(bkpsdm).post(f"/rekap/{city.slug}/kota/", {"format": "docx"}, follow=True)
    assert "Pilih jenis dokumen" in response.content.decode()
    assert not Job.objects.exists()


def test_heads_and_staff_may_not_start_city_jobs(login, head_a, employee_user, city):
    assert start(login(head_a), city).status_code == 403
    assert start(login(employee_user), city).status_code == 403
    assert not Job.objects.exists()


def test_jobs_are_seen_by_their_owner_and_bkpsdm_only(login, mayor, bkpsdm, head_a, city):
    start(login(mayor), city, "pdf")
    job = Job.objects.get()
    assert login(mayor).get(f"/unduhan/{job.pk}/berkas/").status_code == 200
    assert login(bkpsdm).get(f"/unduhan/{job.pk}/berkas/").status_code == 200
    page = login(bkpsdm).get("/unduhan/").content.decode()
    assert "Ringkasan kota untuk Wali Kota · Kerja fleksibel Lebaran 2025" in page
    assert "Kantor Wali Kota" in page  # BKPSDM sees who asked
    client = login(head_a)
    for path in ("", "progres/", "berkas/"):
        assert client.get(f"/unduhan/{job.pk}/{path}").status_code == 404
    assert client.post(f"/unduhan/{job.pk}/ulangi/").status_code == 404
    assert "Belum ada unduhan" in client.get("/unduhan/").content.decode()


def test_expired_files_are_purged(login, bkpsdm, city, settings):
    client = login(bkpsdm)
    start(client, city)
    job = Job.objects.get()
    path = settings.WFA_EXPORT_DIR / job.file_path
    assert path.is_file()
    assert jobs_purge(now=job.expires_at - timedelta(minutes=1)) == 0
    Job.objects.filter(pk=job.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert client.get(f"/unduhan/{job.pk}/berkas/").status_code == 404  # time is up
    from django.core.management import call_command

    call_command("purge_jobs")
    assert not path.exists() and not Job.objects.exists()


@pytest.mark.parametrize("jobs", [1, 50])
def test_the_downloads_list_runs_a_fixed_number_of_queries(
    login, bkpsdm, mayor, city, jobs, django_assert_num_queries
):
    for i in range(jobs):
        Job.objects.create(
            owner=mayor if i % 2 else bkpsdm,
            kind=CITY_PDF,
            parameters=parameters_key({"window": f"p-{i}"}),
            title=f"Ringkasan {i}",
            status=JobStatus.DONE,
            file_path=f"job-{i}.pdf",
            file_name="x.pdf",
            expires_at=timezone.now() + timedelta(hours=1),
        )
    client = login(bkpsdm)
    # session, user, count, the inbox badge of base.html, the page of jobs with their owners
    with django_assert_num_queries(5):
        response = client.get("/unduhan/")
    assert response.content.decode().count("/berkas/") == min(jobs, 25)


def test_the_job_download_runs_a_fixed_number_of_queries(
    login, bkpsdm, city, django_assert_num_queries
):
    client = login(bkpsdm)
    start(client, city)
    job = Job.objects.get()
    with django_assert_num_queries(3):  # session, user, the job
        client.get(f"/unduhan/{job.pk}/berkas/")


def test_the_progress_callback_advances_to_the_total(city):
    seen = []
    write_workbook(BytesIO(), window=city, progress=lambda *a: seen.append(a))
    assert seen[0] == (0, 2, "Menulis lembar ringkasan")
    assert seen[-1] == (2, 2, "Menulis lembar per OPD")
    assert [done for done, _, _ in seen] == sorted(done for done, _, _ in seen)


def test_a_window_removed_after_the_request_fails_in_indonesian(login, bkpsdm, city):
    client = login(bkpsdm)
    other = FlexWindow.objects.create(slug="hapus", name="Akan dihapus", legal_basis="-")
    Job.objects.create(
        owner=bkpsdm,
        kind=CITY_WORKBOOK,
        parameters=parameters_key({"window": other.slug}),
        title="Rekap",
        status=JobStatus.FAILED,
    )
    other.delete()
    job = Job.objects.get()
    client.post(f"/unduhan/{job.pk}/ulangi/")
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.error == "Periode 'hapus' tidak ditemukan lagi: mungkin sudah dihapus."


def test_each_app_registers_its_kinds_and_the_jobs_app_lists_none():
    """A kind is a plain string registered by the app that owns the work, with its label."""
    labels = {
        kind: registry.label_of(kind)
        for kind in [CITY_WORKBOOK, CITY_PDF, PLAN_PDF, CITY_PROPOSAL, PROPOSAL_APPLY, STAFF_IMPORT]
    }
    assert labels[CITY_WORKBOOK] == "Rekap koordinasi seluruh kota (.xlsx)"
    assert labels[STAFF_IMPORT] == "Impor data pegawai"
    assert all(label != kind for kind, label in labels.items())
    assert Job._meta.get_field("kind").choices is None  # a new kind needs no jobs migration


def test_a_kind_no_app_registered_is_refused_and_writes_nothing(bkpsdm):
    with pytest.raises(ValueError, match="No app registered"):
        job_start(owner=bkpsdm, kind="tak_dikenal", parameters={}, title="Apa pun")
    assert not Job.objects.exists()


def test_a_job_of_a_kind_no_longer_registered_still_shows_its_code(bkpsdm):
    job = Job(owner=bkpsdm, kind="dulu_ada", parameters="{}", title="Lama")
    assert job.kind_label == "dulu_ada"
