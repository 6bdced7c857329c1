"""The plan workflow through the portal: submit, approve, return, reopen, and refused moves."""

import threading

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import connection

from schedules import services
from schedules.models import Assignment, Mode, Plan, PlanStatus


def url(window, opd, action=""):
    return f"/periode/{window.slug}/rencana/{opd.code}/{action}"


def status(opd, window):
    plan = Plan.objects.filter(opd=opd, window=window).first()
    return plan.status if plan else "draft"


def error_messages(response):
    return [str(m) for m in response.context["messages"]]


def test_the_full_workflow_bkpsdm_submits_the_head_approves(
    login, window, opd_a, bkpsdm, head_a, puskesmas_staff
):
    response = login(bkpsdm).post(url(window, opd_a, "ajukan/"), follow=True)
    assert "Rencana diajukan ke Kepala OPD" in response.content.decode()
    assert status(opd_a, window) == PlanStatus.SUBMITTED
    response = login(head_a).post(url(window, opd_a, "setujui/"), follow=True)
    assert "Rencana disetujui dan dikunci" in response.content.decode()
    plan = Plan.objects.get(opd=opd_a, window=window)
    assert (plan.status, plan.acted_by) == (PlanStatus.APPROVED, head_a)
    events = list(plan.history.order_by("history_date").values_list("status", "history_user"))
    assert events == [("draft", bkpsdm.pk), ("submitted", bkpsdm.pk), ("approved", head_a.pk)]


def test_submitting_a_short_plan_is_refused_listing_each_shortfall(
    login, window, days, opd_a, bkpsdm, puskesmas_staff
):
    services.assignments_set(
        opd=opd_a,
        window=window,
        employee_ids=[puskesmas_staff["dokter"].pk],
        day_ids=[days[0].pk],
        mode=Mode.WFH,
        by=bkpsdm,
    )
    response = login(bkpsdm).post(url(window, opd_a, "ajukan/"), follow=True)
    assert error_messages(response) == [
        "Rencana tidak dapat diajukan: 1 kekurangan pada aturan layanan esensial. "
        "Rinciannya di bawah."
    ]
    panel = response.content.decode()
    # the panel lists it once per unit and rule, with its days
    assert (
        "Puskesmas Makrayu</a>: aturan “Puskesmas: minimal 1 dokter di tempat” kurang pada 1 hari:"
        in panel
    )
    assert "Sen, 24 Mar (perlu 1 di kantor, rencana 0)." in panel
    assert status(opd_a, window) == "draft"


def test_the_head_fixes_a_shortfall_in_a_submitted_plan_then_approves(
    login, window, days, opd_a, bkpsdm, head_a, puskesmas_staff
):
    Plan.objects.create(opd=opd_a, window=window, status=PlanStatus.SUBMITTED)
    # The head may adjust a plan that awaits them; here they leave the doctor at home.
    services.assignments_set(
        opd=opd_a,
        window=window,
        employee_ids=[puskesmas_staff["dokter"].pk],
        day_ids=[days[0].pk],
        mode=Mode.WFH,
        by=head_a,
    )
    client = login(head_a)
    response = client.post(url(window, opd_a, "setujui/"), follow=True)
    assert "Rencana tidak dapat disetujui" in error_messages(response)[0]
    assert status(opd_a, window) == PlanStatus.SUBMITTED
    row = Assignment.objects.get(employee=puskesmas_staff["dokter"], day=days[0])
    response = client.post(
        url(window, opd_a, "sel/"),
        {
            "employee": row.employee_id,
            "day": row.day_id,
            "mode": "WFO",
            "versions": f"{row.employee_id}:{row.day_id}:{row.version}",
        },
        HTTP_HX_REQUEST="true",
    )
    assert "1 sel jadwal diubah" in response.content.decode()
    response = client.post(url(window, opd_a, "setujui/"), follow=True)
    assert status(opd_a, window) == PlanStatus.APPROVED


def test_the_head_returns_with_a_note_and_bkpsdm_resubmits(
    login, window, opd_a, bkpsdm, head_a, puskesmas_staff
):
    Plan.objects.create(opd=opd_a, window=window, status=PlanStatus.SUBMITTED)
    response = login(head_a).post(url(window, opd_a, "kembalikan/"), {"note": ""}, follow=True)
    assert "Tulis catatan untuk BKPSDM" in error_messages(response)[0]
    assert status(opd_a, window) == PlanStatus.SUBMITTED
    login(head_a).post(url(window, opd_a, "kembalikan/"), {"note": "Puskesmas kurang perawat"})
    plan = Plan.objects.get(opd=opd_a, window=window)
    assert (plan.status, plan.note) == (PlanStatus.RETURNED, "Puskesmas kurang perawat")
    page = login(bkpsdm).get(url(window, opd_a)).content.decode()
    assert "Puskesmas kurang perawat" in page
    login(bkpsdm).post(url(window, opd_a, "ajukan/"))
    assert status(opd_a, window) == PlanStatus.SUBMITTED


def test_reopening_needs_bkpsdm_and_a_reason(login, window, opd_a, bkpsdm, head_a, puskesmas_staff):
    Plan.objects.create(opd=opd_a, window=window, status=PlanStatus.APPROVED)
    assert (
        login(head_a).post(url(window, opd_a, "buka/"), {"note": "saya ingin ubah"}).status_code
        == 403
    )
    response = login(bkpsdm).post(url(window, opd_a, "buka/"), {"note": " "}, follow=True)
    assert "Tulis alasan" in error_messages(response)[0]
    assert status(opd_a, window) == PlanStatus.APPROVED
    login(bkpsdm).post(url(window, opd_a, "buka/"), {"note": "Perubahan SE 3/2025"})
    plan = Plan.objects.get(opd=opd_a, window=window)
    assert (plan.status, plan.note) == (PlanStatus.DRAFT, "Perubahan SE 3/2025")


@pytest.mark.parametrize(
    ("actor", "action", "start", "answer"),
    [
        ("head_a", "ajukan/", "draft", 403),  # only BKPSDM submits
        ("bkpsdm", "setujui/", "submitted", 403),  # only a head approves
        ("mayor", "ajukan/", "draft", 403),  # read only
        ("head_b", "setujui/", "submitted", 404),  # another OPD's head: not even found
        ("head_a", "setujui/", "draft", 302),  # nothing to approve yet: a message
        ("bkpsdm", "ajukan/", "approved", 302),  # approved plans are locked: a message
    ],
)
def test_refused_transitions_change_nothing(
    request, login, window, opd_a, actor, action, start, answer
):
    Plan.objects.create(opd=opd_a, window=window, status=start)
    user = request.getfixturevalue(actor)
    response = login(user).post(url(window, opd_a, action), follow=answer == 302)
    if answer == 302:
        assert error_messages(response), "a refusal explains itself"
    else:
        assert response.status_code == answer
    assert status(opd_a, window) == start


def test_an_approved_plan_refuses_cell_edits_in_the_grid(
    login, window, days, opd_a, bkpsdm, employee_a
):
    Plan.objects.create(opd=opd_a, window=window, status=PlanStatus.APPROVED)
    client = login(bkpsdm)
    page = client.get(url(window, opd_a)).content.decode()
    assert 'name="mode"' not in page  # no edit controls on a locked plan
    response = client.post(
        url(window, opd_a, "sel/"),
        {"employee": employee_a.pk, "day": days[0].pk, "mode": "WFH", "versions": ""},
        HTTP_HX_REQUEST="true",
    )
    assert "terkunci" in response.content.decode()
    assert not Assignment.objects.exists()


def test_plan_overview_lists_each_opd_with_status_and_shortfalls(
    login,
    window,
    days,
    opd_a,
    opd_b,
    bkpsdm,
    head_a,
    puskesmas_staff,
    django_assert_max_num_queries,
):
    services.assignments_set(
        opd=opd_a,
        window=window,
        employee_ids=[puskesmas_staff["dokter"].pk],
        day_ids=[days[0].pk],
        mode=Mode.WFH,
        by=bkpsdm,
    )
    Plan.objects.create(opd=opd_b, window=window, status=PlanStatus.APPROVED)
    page = login(bkpsdm).get(f"/periode/{window.slug}/rencana/").content.decode()
    assert "Dinas Kesehatan" in page and "Dinas Perhubungan" in page
    assert "Disetujui: 1" in page and "Draf: 1" in page
    page = login(head_a).get(f"/periode/{window.slug}/rencana/").content.decode()
    assert "Dinas Perhubungan" not in page


@pytest.mark.postgres
@pytest.mark.skipif(
    "postgresql" not in settings.DATABASES["default"]["ENGINE"],
    reason="row locks need PostgreSQL (SQLite serialises whole-database writes)",
)
@pytest.mark.django_db(transaction=True)
def test_concurrent_edit_and_approval_never_leave_an_approved_plan_short(
    window, opd_a, bkpsdm, head_a, puskesmas_staff
):
    """Two connections race: BKPSDM sends the doctor home while the head approves.

    Whichever commits first, the outcome is consistent: either the plan is approved with the
    doctor on site (the edit was refused), or the edit landed and the approval was refused.
    """
    day = window.days.first()
    Plan.objects.create(opd=opd_a, window=window, status=PlanStatus.SUBMITTED)
    doctor = puskesmas_staff["dokter"]
    barrier = threading.Barrier(2)
    outcome = {}

    def edit():
        barrier.wait()
        try:
            services.assignments_set(
                opd=opd_a,
                window=window,
                employee_ids=[doctor.pk],
                day_ids=[day.pk],
                mode=Mode.WFH,
                by=bkpsdm,
            )
            outcome["edit"] = "ok"
        except Exception as exc:  # noqa: BLE001 - record which side lost
            outcome["edit"] = type(exc).__name__
        finally:
            connection.close()

    def approve():
        barrier.wait()
        try:
            services.plan_approve(plan=Plan.objects.get(opd=opd_a, window=window), by=head_a)
            outcome["approve"] = "ok"
        except Exception as exc:  # noqa: BLE001
            outcome["approve"] = type(exc).__name__
        finally:
            connection.close()

    for _ in range(5):
        Plan.objects.filter(opd=opd_a, window=window).update(status=PlanStatus.SUBMITTED)
        Assignment.objects.all().delete()
        outcome.clear()
        threads = [threading.Thread(target=edit), threading.Thread(target=approve)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        plan = Plan.objects.get(opd=opd_a, window=window)
        doctor_home = Assignment.objects.filter(employee=doctor, day=day, mode=Mode.WFH).exists()
        assert not (plan.status == PlanStatus.APPROVED and doctor_home), outcome
        assert sorted(outcome.values()).count("ok") == 1, outcome


def test_a_superuser_bkpsdm_account_still_cannot_approve_an_opds_plan(
    login, window, opd_a, bkpsdm, puskesmas_staff
):
    """The demo BKPSDM is a superuser (for the Django admin); approving stays the head's."""
    bkpsdm.is_superuser = bkpsdm.is_staff = True
    bkpsdm.save()
    Plan.objects.create(opd=opd_a, window=window, status=PlanStatus.SUBMITTED)
    page = login(bkpsdm).get(url(window, opd_a)).content.decode()
    assert "Setujui rencana" not in page and "Buka kembali" not in page
    assert login(bkpsdm).post(url(window, opd_a, "setujui/")).status_code == 403
    with pytest.raises(PermissionDenied):
        services.plan_approve(plan=Plan.objects.get(opd=opd_a, window=window), by=bkpsdm)
    assert status(opd_a, window) == PlanStatus.SUBMITTED
