"""BKPSDM asks for a proposal in the portal or on the command line, reads the diff, applies it."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from jobs.models import Job, JobStatus
from schedules import services
from schedules.jobs import CITY_PROPOSAL, PROPOSAL_APPLY
from schedules.models import (
    Assignment,
    CoverageRule,
    Mode,
    Plan,
    PlanStatus,
    Preference,
    Proposal,
    RuleKind,
)
from tests.factories import EmployeeFactory


@pytest.fixture
def clinic(window, days, unit_a):
    """Four clerks (at least 3 on site) and three nurses under an impossible 'at least 4'."""
    CoverageRule.objects.update(is_active=False)
    CoverageRule.objects.create(
        name="Minimal 3 staf", unit=unit_a, kind=RuleKind.MIN_ONSITE_COUNT, value=3,
        position_keywords="pengadministrasi",
    )  # fmt: skip
    CoverageRule.objects.create(
        name="Minimal 4 perawat", unit=unit_a, kind=RuleKind.MIN_ONSITE_COUNT, value=4,
        position_keywords="perawat",
    )  # fmt: skip
    clerks = [
        EmployeeFactory(unit=unit_a, name=f"Staf {i}", position_name="Pengadministrasi")
        for i in range(4)
    ]
    for i in range(3):
        EmployeeFactory(unit=unit_a, name=f"Ns. {i}", position_name="Perawat")
    for clerk in clerks[:2]:
        Preference.objects.create(
            employee=clerk, day=days[0], mode=Mode.WFA, wfa_place="Lubuklinggau"
        )
    return clerks


def base(window):
    return f"/periode/{window.slug}/usulan/"


def test_bkpsdm_asks_for_a_proposal_reads_the_diff_and_applies_it(
    login, window, days, opd_a, bkpsdm, clinic
):
    client = login(bkpsdm)
    page = client.get(base(window), {"opd": opd_a.code}).content.decode()
    assert f'<option value="{opd_a.code}" selected>' in page and "Seluruh kota" in page
    response = client.post(f"{base(window)}buat/", {"opd": opd_a.code}, follow=True)
    proposal = Proposal.objects.get()
    assert response.redirect_chain == [(f"{base(window)}{proposal.pk}/", 302)]
    page = response.content.decode()
    assert "Usulan untuk Dinas Kesehatan selesai dihitung dalam" in page
    assert "1 dari 2 dikabulkan" in page
    assert "kuota WFH/WFA hari itu (1 orang) sudah terpakai" in page  # the refused wish, and why
    assert "Minimal 4 perawat" in page and "hanya 3 pegawai aktif" in page  # the impossible rule
    assert "Terapkan usulan" in page
    response = client.post(f"{base(window)}{proposal.pk}/terapkan/", follow=True)
    page = response.content.decode()
    assert "Usulan diterapkan: 5 sel diubah di 1 OPD." in page
    assert "Terapkan usulan" not in page and "Diterapkan" in page
    assert Assignment.objects.remote().count() == 5
    assert Assignment.objects.filter(mode=Mode.WFA, wfa_place="Lubuklinggau").count() == 1


def test_the_proposal_page_lists_the_cells_it_changes_in_plain_words(
    login, window, days, opd_a, bkpsdm, clinic, django_assert_num_queries
):
    client = login(bkpsdm)
    page = client.get(base(window)).content.decode()
    assert "Auto-planner" not in page and "Usulan otomatis menyusun" in page
    assert 'data-busy="Sedang menghitung usulan…"' in page and "js/busy.js" in page
    proposal = services.proposal_create(window=window, opd=opd_a, by=bkpsdm)
    # session, user, the proposal; the changed cells' staff, days and current cells (3, whatever
    # the number of cells); the bell
    with django_assert_num_queries(7):
        page = client.get(f"{base(window)}{proposal.pk}/").content.decode()
    assert "Sel yang berubah (5)" in page
    assert page.count("<td>WFO</td><td><strong>") == 5  # from the (empty) plan's WFO
    assert "<td><strong>WFA (Lubuklinggau)</strong></td>" in page
    assert clinic[0].name in page and clinic[0].nip in page
    assert "Rotasi" not in page and "CP-SAT" not in page
    assert "Pola bergilir, terbaik" in page or "Terbaik" in page


def test_a_city_wide_proposal_is_a_background_job_that_links_to_the_proposal(
    login, window, opd_a, opd_b, bkpsdm, clinic
):
    EmployeeFactory(unit__opd=opd_b, name="Ahmad")
    client = login(bkpsdm)
    response = client.post(f"{base(window)}buat/", {"opd": ""}, follow=True)
    job = Job.objects.get()
    assert response.redirect_chain == [(f"/unduhan/{job.pk}/", 302)]
    assert (job.kind, job.status, job.owner) == (CITY_PROPOSAL, JobStatus.DONE, bkpsdm)
    proposal = Proposal.objects.get()
    assert job.link == f"{base(window)}{proposal.pk}/" and job.done == job.total == 2  # units
    page = response.content.decode()
    assert "Usulan untuk Seluruh kota selesai dihitung" in page and "Buka hasilnya" in page
    page = client.get(job.link).content.decode()
    assert "Usulan otomatis: Seluruh kota" in page
    assert "Dinas Kesehatan" in page and "Dinas Perhubungan" in page
    assert "Tanpa aturan: hanya preferensi" in page  # Dishub's unit has no active rule here


def test_a_city_proposal_is_applied_by_a_background_job_once(
    login, window, opd_a, opd_b, bkpsdm, clinic
):
    proposal = services.proposal_create(window=window, opd=None, by=bkpsdm)
    client = login(bkpsdm)
    response = client.post(f"{base(window)}{proposal.pk}/terapkan/", follow=True)
    job = Job.objects.get(kind=PROPOSAL_APPLY)
    assert response.redirect_chain == [(f"/unduhan/{job.pk}/", 302)]
    assert job.status == JobStatus.DONE and job.link == f"{base(window)}{proposal.pk}/"
    assert "Usulan diterapkan: 5 sel diubah di 1 OPD." in response.content.decode()
    assert Assignment.objects.remote().count() == 5
    # Asked again, the applied proposal is refused at once: nothing is queued, nothing changes.
    page = client.post(f"{base(window)}{proposal.pk}/terapkan/", follow=True).content.decode()
    assert "Usulan ini sudah diterapkan" in page
    assert Job.objects.count() == 1 and Assignment.objects.remote().count() == 5


def test_a_stale_city_proposal_fails_its_job_with_the_reason_and_changes_nothing(
    login, window, days, opd_a, bkpsdm, clinic
):
    proposal = services.proposal_create(window=window, opd=None, by=bkpsdm)
    Preference.objects.create(employee=clinic[3], day=days[4], mode=Mode.WFH)
    page = (
        login(bkpsdm).post(f"{base(window)}{proposal.pk}/terapkan/", follow=True).content.decode()
    )
    job = Job.objects.get()
    assert job.status == JobStatus.FAILED and "Usulan ini sudah basi" in job.error
    assert "Usulan ini sudah basi" in page and "Coba lagi" in page
    assert not Assignment.objects.exists()


def test_a_stale_proposal_is_refused_with_a_clear_message(
    login, window, days, opd_a, bkpsdm, clinic
):
    proposal = services.proposal_create(window=window, opd=opd_a, by=bkpsdm)
    Preference.objects.create(employee=clinic[3], day=days[4], mode=Mode.WFH)
    page = (
        login(bkpsdm).post(f"{base(window)}{proposal.pk}/terapkan/", follow=True).content.decode()
    )
    assert "Usulan ini sudah basi" in page and "Tidak ada yang diterapkan" in page
    assert not Assignment.objects.exists()


def test_an_approved_plan_is_reported_as_left_alone(login, window, opd_a, bkpsdm, clinic):
    Plan.objects.create(opd=opd_a, window=window, status=PlanStatus.APPROVED)
    client = login(bkpsdm)
    page = client.post(f"{base(window)}buat/", {"opd": opd_a.code}, follow=True).content.decode()
    assert "disetujui: dibiarkan" in page and "rencana Dinkes sudah disetujui" in page


def test_methods_scopes_and_unknown_objects(login, window, opd_a, bkpsdm, clinic):
    client = login(bkpsdm)
    proposal = services.proposal_create(window=window, opd=opd_a, by=bkpsdm)
    assert client.get(f"{base(window)}buat/").status_code == 405
    assert client.get(f"{base(window)}{proposal.pk}/terapkan/").status_code == 405
    assert client.post(f"{base(window)}{proposal.pk}/").status_code == 405
    assert client.post(f"{base(window)}buat/", {"opd": "tidak-ada"}).status_code == 404
    assert client.get(f"/periode/lebaran-2026/usulan/{proposal.pk}/").status_code == 404


# --- the command line ---------------------------------------------------------------------------


def test_the_command_prints_the_summary_and_applies_only_when_asked(
    window, opd_a, bkpsdm, clinic, capsys
):
    call_command("plan_window", "--window", window.slug, "--opd", opd_a.code)
    out = capsys.readouterr().out
    assert "dinkes\tDinas Kesehatan: 5 sel berubah" in out
    assert "preferensi 1/2 dikabulkan" in out
    assert "preferensi ditolak: Staf" in out and "sudah terpakai" in out
    assert "tidak terpenuhi: Puskesmas Makrayu, Senin, 24 Maret 2025, aturan 'Minimal 4" in out
    assert "belum diterapkan" in out and not Assignment.objects.exists()
    call_command("plan_window", "--window", window.slug, "--apply", "--as", bkpsdm.username)
    out = capsys.readouterr().out
    assert "diterapkan: 5 sel diubah di 1 OPD" in out
    assert Assignment.history.filter(history_user=bkpsdm).count() == 5


def test_the_command_applies_as_the_system_by_default(window, opd_a, clinic, capsys):
    call_command("plan_window", "--window", window.slug, "--apply")
    assert Assignment.history.filter(history_user__isnull=True).count() == 5


@pytest.mark.parametrize(
    "args",
    [
        ["--window", "tidak-ada"],
        ["--window", "lebaran-2025", "--opd", "tidak-ada"],
        ["--window", "lebaran-2025", "--as", "bukan-bkpsdm"],
    ],
)
def test_the_command_exits_2_on_a_bad_argument(window, args):
    with pytest.raises(CommandError) as error:
        call_command("plan_window", *args)
    assert error.value.returncode == 2
    assert not Proposal.objects.exists()
