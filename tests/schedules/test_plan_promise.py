"""An approved plan stays true on every path: staff, rules, days and proposals can no longer leave
it short or change it behind the head's back.

The Dinkes puskesmas has 3 nurses and 1 midwife and must keep 2 of them on site. Two nurses work
from home on Monday, so the approved plan holds with exactly the minimum: any nurse lost on site
leaves it short.
"""

from datetime import date

import pytest
from django.contrib.admin.sites import site
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from opd import services as opd_services
from opd.models import Employee
from schedules import services
from schedules.models import (
    Assignment,
    CoverageRule,
    Mode,
    Plan,
    PlanStatus,
    Proposal,
    WorkPattern,
)
from schedules.plan_review import plan_review
from schedules.services import bulk as bulk_actions
from schedules.services import patterns
from tests.schedules.test_grid import HTMX, grid_url, versions
from tests.staff_import.xlsx_builders import employee_row, workbook

NURSE_RULE = "Puskesmas: minimal 2 perawat atau bidan di tempat"


@pytest.fixture(autouse=True)
def import_dir(settings, tmp_path):
    settings.WFA_IMPORT_DIR = tmp_path / "imports"


@pytest.fixture
def monday(days):
    return days[0]


@pytest.fixture
def approved(window, monday, opd_a, bkpsdm, head_a, puskesmas_staff):
    """The Dinkes plan approved with two nurses at home on Monday (exactly 2 of 4 on site)."""
    away = puskesmas_staff["perawat"][:2]
    services.assignments_set(
        opd=opd_a,
        window=window,
        employee_ids=[n.pk for n in away],
        day_ids=[monday.pk],
        mode=Mode.WFH,
        by=bkpsdm,
    )
    plan = services.plan_submit(plan=services.plan_for(opd=opd_a, window=window), by=bkpsdm)
    return services.plan_approve(plan=plan, by=head_a)


FIRST_DAY = date(2025, 3, 24)  # Lebaran 2025 has ended: a change dated today leaves it be


def on_site_nurse(puskesmas_staff):
    return puskesmas_staff["perawat"][2]


def refreshed(plan):
    plan.refresh_from_db()
    return plan


def upload(client, data):
    return client.post("/pegawai-impor/periksa/", {"file": SimpleUploadedFile("p.xlsx", data)})


# --- staff ----------------------------------------------------------------------------------


def test_an_import_that_deactivates_a_nurse_sends_the_approved_plan_to_review(
    login, approved, bkpsdm, puskesmas_staff
):
    nurse = on_site_nurse(puskesmas_staff)
    client = login(bkpsdm)
    dry_run = upload(client, workbook([employee_row(nurse, active="tidak")]))
    page = dry_run.content.decode()
    assert (
        "Perhatian: 1 rencana yang sudah disetujui akan dikembalikan untuk ditinjau: Dinkes "
        "(Kerja fleksibel Lebaran 2025)." in page
    )
    assert "Konfirmasi impor dan kembalikan rencana untuk ditinjau" in page
    assert refreshed(approved).status == PlanStatus.APPROVED  # the dry run changed nothing
    assert Employee.objects.get(pk=nurse.pk).is_active

    response = client.post("/pegawai-impor/konfirmasi/", {"token": dry_run.context["token"]})
    assert response.status_code == 302
    plan = refreshed(approved)
    assert plan.status == PlanStatus.REVIEW
    assert not Employee.objects.get(pk=nurse.pk).is_active  # an HR fact is never refused
    assert plan.note.startswith("Impor data pegawai mengubah 1 pegawai (1 nonaktif/aktif)")
    assert "(oleh Admin BKPSDM)" in plan.note and NURSE_RULE in plan.note
    event = plan.history.first()
    assert (event.status, event.history_user, event.history_change_reason) == (
        "review", bkpsdm, "Perlu ditinjau"
    )  # fmt: skip
    message = client.get(response["Location"]).content.decode()  # the import job's page
    assert "1 rencana yang sudah disetujui dikembalikan untuk ditinjau: Dinkes" in message


def test_moving_a_nurse_to_another_opd_in_the_admin_sends_the_plan_to_review(
    client, approved, bkpsdm, puskesmas_staff, unit_b
):
    bkpsdm.is_staff = bkpsdm.is_superuser = True
    bkpsdm.save()
    client.force_login(bkpsdm)
    nurse = on_site_nurse(puskesmas_staff)
    admin = site._registry[Employee]
    data = {
        "nip": nurse.nip,
        "name": nurse.name,
        "asn_type": nurse.asn_type,
        "golongan": nurse.golongan,
        "position_type": nurse.position_type,
        "position_name": nurse.position_name,
        "unit": unit_b.pk,
        "is_active": "on",
        "effective_on": "2025-03-24",  # from the window's first day
    }
    url = f"/admin/opd/employee/{nurse.pk}/change/"
    response = client.post(url, data, follow=True)
    assert response.status_code == 200, admin
    assert Employee.objects.get(pk=nurse.pk).unit == unit_b
    assert refreshed(approved).status == PlanStatus.REVIEW
    assert "dikembalikan untuk ditinjau: Dinkes" in response.content.decode()


def test_a_staff_change_that_keeps_coverage_leaves_the_plan_approved(
    approved, bkpsdm, puskesmas_staff
):
    clerk = puskesmas_staff["admin"][0]
    clerk.is_active = False
    assert opd_services.employee_save(employee=clerk, by=bkpsdm) == []
    assert refreshed(approved).status == PlanStatus.APPROVED


def test_a_change_of_position_counts_too(approved, bkpsdm, puskesmas_staff):
    nurse = on_site_nurse(puskesmas_staff)
    nurse.position_name = "Pengadministrasi Perkantoran"
    [sent] = opd_services.employee_save(employee=nurse, by=bkpsdm, effective_on=FIRST_DAY)
    assert (str(sent), sent.was_approved) == ("Dinkes (Kerja fleksibel Lebaran 2025)", True)
    assert refreshed(approved).status == PlanStatus.REVIEW


# --- rules ----------------------------------------------------------------------------------


def rule_form_data(rule, **changes):
    data = {
        "name": rule.name,
        "unit_code": "",
        "service_category": rule.service_category,
        "unit_kind": rule.unit_kind,
        "kind": rule.kind,
        "value": rule.value,
        "position_keywords": rule.position_keywords,
        "window": "",
        "is_active": "on" if rule.is_active else "",
    }
    return data | changes


def test_raising_a_rule_warns_first_and_sends_the_plan_back_only_when_confirmed(
    login, approved, bkpsdm
):
    rule = CoverageRule.objects.get(name=NURSE_RULE)
    client = login(bkpsdm)
    url = f"/aturan/{rule.pk}/ubah/"
    warning = client.post(url, rule_form_data(rule, value=3))
    page = warning.content.decode()
    assert (
        "Perhatian: 1 rencana yang sudah disetujui akan dikembalikan untuk ditinjau: Dinkes "
        "(Kerja fleksibel Lebaran 2025)." in page
    )
    assert "meminta 3 orang di kantor, direncanakan 2 (kurang 1)" in page
    assert "Simpan dan kembalikan rencana untuk ditinjau" in page
    rule.refresh_from_db()
    assert rule.value == 2 and refreshed(approved).status == PlanStatus.APPROVED

    confirmation = warning.context["confirmation"]
    # A confirmation is for the change it warned about: another value is previewed again.
    page = client.post(url, rule_form_data(rule, value=9, confirm=confirmation)).content.decode()
    assert "Simpan dan kembalikan rencana untuk ditinjau" in page
    rule.refresh_from_db()
    assert rule.value == 2
    response = client.post(url, rule_form_data(rule, value=3, confirm=confirmation), follow=True)
    rule.refresh_from_db()
    assert rule.value == 3
    plan = refreshed(approved)
    assert plan.status == PlanStatus.REVIEW
    assert plan.note.startswith(f"Aturan layanan esensial '{NURSE_RULE}' diubah (oleh Admin")
    assert "1 rencana yang sudah disetujui dikembalikan untuk ditinjau" in response.content.decode()


def test_a_rule_change_that_breaks_nothing_saves_at_once(login, approved, bkpsdm):
    rule = CoverageRule.objects.get(name=NURSE_RULE)
    response = login(bkpsdm).post(f"/aturan/{rule.pk}/ubah/", rule_form_data(rule, value=1))
    assert response.status_code == 302
    rule.refresh_from_db()
    assert rule.value == 1 and refreshed(approved).status == PlanStatus.APPROVED


def test_activating_a_rule_in_the_admin_is_guarded_too(client, approved, bkpsdm):
    bkpsdm.is_staff = bkpsdm.is_superuser = True
    bkpsdm.save()
    client.force_login(bkpsdm)
    rule = CoverageRule.objects.get(name=NURSE_RULE)
    data = rule_form_data(rule, value=4) | {"unit": ""}
    data.pop("unit_code")
    response = client.post(f"/admin/schedules/coveragerule/{rule.pk}/change/", data, follow=True)
    assert response.status_code == 200
    assert refreshed(approved).status == PlanStatus.REVIEW
    assert "dikembalikan untuk ditinjau: Dinkes" in response.content.decode()


# --- review, resubmission and what changed --------------------------------------------------


def test_a_plan_in_review_is_fixed_by_bkpsdm_resubmitted_and_the_head_sees_what_changed(
    login, window, monday, opd_a, approved, bkpsdm, head_a, puskesmas_staff
):
    nurse = on_site_nurse(puskesmas_staff)
    nurse.is_active = False
    opd_services.employee_save(employee=nurse, by=bkpsdm, effective_on=FIRST_DAY)
    plan = refreshed(approved)
    assert plan.status == PlanStatus.REVIEW
    with pytest.raises(PermissionDenied):  # the head cannot approve it as it stands
        services.plan_approve(plan=plan, by=head_a)
    with pytest.raises(ValidationError, match="kekurangan"):
        services.plan_submit(plan=plan, by=bkpsdm)
    back = puskesmas_staff["perawat"][0]
    row = Assignment.objects.get(employee=back, day=monday)
    client = login(bkpsdm)
    client.post(
        grid_url(window, opd_a, "sel/"),
        {
            "employee": back.pk,
            "day": monday.pk,
            "mode": "WFO",
            "versions": f"{back.pk}:{monday.pk}:{row.version}",
        },
        **HTMX,
    )
    services.plan_submit(plan=plan, by=bkpsdm)
    page = login(head_a).get(grid_url(window, opd_a)).content.decode()
    assert "Perubahan sejak keputusan terakhir Anda" in page
    assert back.name in page
    assert '<td class="mode-WFH">WFH</td><td class="mode-WFO"><strong>WFO</strong></td>' in page
    services.plan_approve(plan=refreshed(plan), by=head_a)
    assert refreshed(plan).status == PlanStatus.APPROVED


def test_a_bkpsdm_change_to_a_submitted_plan_returns_it_to_draft_the_heads_does_not(
    login, window, monday, opd_a, bkpsdm, head_a, puskesmas_staff
):
    clerk, other = puskesmas_staff["admin"][:2]
    plan = services.plan_submit(plan=services.plan_for(opd=opd_a, window=window), by=bkpsdm)
    result = services.assignments_set(
        opd=opd_a,
        window=window,
        employee_ids=[clerk.pk],
        day_ids=[monday.pk],
        mode=Mode.WFH,
        by=head_a,
        expected_versions={(clerk.pk, monday.pk): 0},
    )
    assert not result.returned_to_draft and refreshed(plan).status == PlanStatus.SUBMITTED
    changes = plan_review(refreshed(plan))
    assert (changes.total, changes.shown[0].before, changes.shown[0].after) == (1, "WFO", "WFH")
    assert changes.shown[0].by == "Kepala Dinkes"

    body = login(bkpsdm).post(
        grid_url(window, opd_a, "sel/"),
        {
            "employee": other.pk,
            "day": monday.pk,
            "mode": "WFH",
            "versions": versions(other, [monday]),
        },
        **HTMX,
    )
    assert body["HX-Redirect"] == grid_url(window, opd_a)
    plan = refreshed(plan)
    assert plan.status == PlanStatus.DRAFT
    assert plan.note.startswith("1 sel diubah oleh Admin BKPSDM setelah rencana diajukan")
    assert plan.history.first().history_change_reason == "Diubah setelah diajukan"


# --- proposals: apply to a submitted plan, undo ----------------------------------------------


def test_applying_a_proposal_to_a_submitted_plan_returns_it_to_draft_and_undo_restores(
    window, opd_a, bkpsdm, puskesmas_staff
):
    plan = services.plan_submit(plan=services.plan_for(opd=opd_a, window=window), by=bkpsdm)
    proposal = services.proposal_create(window=window, opd=opd_a, by=bkpsdm)
    report = services.proposal_apply(proposal=proposal, by=bkpsdm)
    assert report["changed"] > 0 and report["returned"] == ["Dinas Kesehatan"]
    assert refreshed(plan).status == PlanStatus.DRAFT
    before_undo = Assignment.history.count()
    undone = services.proposal_undo(proposal=proposal, by=bkpsdm)
    assert undone["changed"] == report["changed"]
    assert not Assignment.objects.exclude(mode=Mode.WFO).exists()  # all back on site
    assert Assignment.history.count() == before_undo + report["changed"]
    proposal.refresh_from_db()
    assert proposal.undone_by == bkpsdm
    with pytest.raises(ValidationError, match="sudah dibatalkan"):
        services.proposal_undo(proposal=proposal, by=bkpsdm)


def test_undo_is_refused_whole_when_a_later_edit_touched_its_cells(
    login, window, opd_a, bkpsdm, puskesmas_staff
):
    proposal = services.proposal_create(window=window, opd=opd_a, by=bkpsdm)
    services.proposal_apply(proposal=proposal, by=bkpsdm)
    row = Assignment.objects.exclude(mode=Mode.WFO).select_related("employee", "day").first()
    services.assignments_set(
        opd=opd_a,
        window=window,
        employee_ids=[row.employee_id],
        day_ids=[row.day_id],
        mode=Mode.WFO,
        by=bkpsdm,
    )
    snapshot = list(Assignment.objects.values_list("employee_id", "day_id", "mode", "version"))
    response = login(bkpsdm).post(
        f"/periode/{window.slug}/usulan/{proposal.pk}/batalkan/", follow=True
    )
    page = response.content.decode()
    assert "Usulan tidak dapat dibatalkan: 1 sel sudah diubah lagi" in page
    assert row.employee.name in page
    assert list(Assignment.objects.values_list("employee_id", "day_id", "mode", "version")) == (
        snapshot
    )
    assert Proposal.objects.get(pk=proposal.pk).undone_at is None


def test_undo_is_refused_when_the_plan_was_approved_since(
    window, opd_a, bkpsdm, head_a, puskesmas_staff
):
    proposal = services.proposal_create(window=window, opd=opd_a, by=bkpsdm)
    services.proposal_apply(proposal=proposal, by=bkpsdm)
    plan = services.plan_submit(plan=services.plan_for(opd=opd_a, window=window), by=bkpsdm)
    services.plan_approve(plan=plan, by=head_a)
    with pytest.raises(PermissionDenied, match="sudah disetujui sejak usulan diterapkan"):
        services.proposal_undo(proposal=proposal, by=bkpsdm)


# --- the write path refuses what it must, whoever asks ---------------------------------------


def test_an_approved_plan_is_refused_even_to_a_command(
    window, monday, opd_a, approved, puskesmas_staff
):
    clerk = puskesmas_staff["admin"][0]
    with pytest.raises(PermissionDenied, match="terkunci"):
        services.assignments_set(
            opd=opd_a,
            window=window,
            employee_ids=[clerk.pk],
            day_ids=[monday.pk],
            mode=Mode.WFH,
            by=None,
        )


def test_copies_patterns_and_bulk_undo_refuse_an_approved_plan_and_change_nothing(
    login, window, days, opd_a, approved, bkpsdm, puskesmas_staff
):
    clerk = puskesmas_staff["admin"][0]
    WorkPattern.objects.create(employee=clerk, weekday=1, mode=Mode.WFH)
    cells = set(Assignment.objects.values_list("employee_id", "day_id", "mode", "version"))
    common = {"opd": opd_a, "window": window, "by": bkpsdm, "employee_ids": [clerk.pk]}
    every_day = [d.pk for d in days]
    for path in (
        lambda: patterns.assignments_copy_from(
            source="minggu:2025-03-24", day_ids=every_day, **common
        ),
        lambda: patterns.assignments_apply_patterns(day_ids=every_day, **common),
        lambda: patterns.patterns_set(weekdays=[2], mode=Mode.WFH, **common),
        lambda: patterns.patterns_clear(weekdays=[1], **common),
        lambda: bulk_actions.bulk_undo(opd=opd_a, window=window, by=bkpsdm),
    ):
        with pytest.raises((PermissionDenied, ValidationError)):
            path()
    assert set(Assignment.objects.values_list("employee_id", "day_id", "mode", "version")) == cells
    assert WorkPattern.objects.get().weekday == 1
    assert refreshed(approved).status == PlanStatus.APPROVED


def test_wfa_without_a_place_is_refused_on_every_path_and_by_the_database(
    window, monday, opd_a, bkpsdm, puskesmas_staff
):
    from django.db import IntegrityError, transaction

    clerk = puskesmas_staff["admin"][0]
    for bulk in (False, True):
        with pytest.raises(ValidationError, match="Tuliskan tempat WFA"):
            services.assignments_set(
                opd=opd_a,
                window=window,
                employee_ids=[clerk.pk],
                day_ids=[monday.pk],
                mode=Mode.WFA,
                wfa_place=" ",
                by=bkpsdm,
                bulk=bulk,
            )
    with pytest.raises(IntegrityError), transaction.atomic():
        Assignment.objects.create(employee=clerk, day=monday, mode=Mode.WFA, wfa_place="")
    assert not Assignment.objects.exists()


# --- days and the invariant as a command -----------------------------------------------------


def test_adding_a_day_keeps_an_approved_plan_approved(login, window, approved, bkpsdm):
    response = login(bkpsdm).post(
        f"/periode/{window.slug}/hari/tambah/", {"date": "2025-04-09", "legal_basis": ""}
    )
    assert response.status_code == 302
    assert refreshed(approved).status == PlanStatus.APPROVED


def test_coverage_report_approved_only_is_the_promise_as_a_command(
    approved, capsys, puskesmas_staff
):
    call_command("coverage_report", "--approved-only")
    assert "0 kekurangan" in capsys.readouterr().err
    # Only a write behind the portal's back (raw SQL) can break the promise: the command sees it.
    Employee.objects.filter(pk=on_site_nurse(puskesmas_staff).pk).update(is_active=False)
    with pytest.raises(SystemExit) as exit_code:
        call_command("coverage_report", "--approved-only")
    assert exit_code.value.code == 1
    out = capsys.readouterr()
    assert NURSE_RULE in out.out and "rencana yang disetujui" in out.err
    Plan.objects.update(status=PlanStatus.REVIEW)
    call_command("coverage_report", "--approved-only")  # nothing approved, nothing short


def test_deleting_a_nurse_or_a_day_in_the_admin_is_guarded(
    client, window, days, approved, bkpsdm, puskesmas_staff
):
    bkpsdm.is_staff = bkpsdm.is_superuser = True
    bkpsdm.save()
    client.force_login(bkpsdm)
    last_day = days[-1]
    response = client.post(
        f"/admin/schedules/windowday/{last_day.pk}/delete/", {"post": "yes"}, follow=True
    )
    assert response.status_code == 200 and not window.days.filter(pk=last_day.pk).exists()
    assert refreshed(approved).status == PlanStatus.APPROVED  # fewer days leave nobody short
    nurse = on_site_nurse(puskesmas_staff)
    response = client.post(f"/admin/opd/employee/{nurse.pk}/delete/", {"post": "yes"}, follow=True)
    assert response.status_code == 200 and not Employee.objects.filter(pk=nurse.pk).exists()
    assert refreshed(approved).status == PlanStatus.REVIEW
    assert "dikembalikan untuk ditinjau: Dinkes" in response.content.decode()
