"""Every role is told what waits for it: one notification per event to exactly the right people,
the home page inbox, the bell, email at once or in the daily digest, and the reminders."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from attendance import services as attendance_services
from attendance.reminders import reminders_send, working_days_before
from inbox.digest import digest_send
from inbox.models import Delivery, DeliveryChoice, Kind, Notification
from inbox.tasks import send_notification_email
from opd import services as opd_services
from schedules import services
from schedules.models import Assignment, Mode, Plan, PlanStatus
from tests.attendance.conftest import make_report
from tests.factories import UserFactory

JAKARTA = ZoneInfo("Asia/Jakarta")


def kinds_of(user):
    return sorted(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


def plan(opd, window):
    return services.plan_for(opd=opd, window=window)


@pytest.fixture
def submitted(window, opd_a, bkpsdm, head_a, puskesmas_staff):
    return services.plan_submit(plan=plan(opd_a, window), by=bkpsdm)


# --- one test per event: the right recipients, exactly once ----------------------------------


def test_a_submitted_plan_tells_its_head_only(submitted, head_a, head_b, bkpsdm, mayor):
    [note] = Notification.objects.filter(recipient=head_a)
    assert (note.kind, note.url) == (Kind.PLAN_SUBMITTED, "/periode/lebaran-2025/rencana/dinkes/")
    assert note.text == (
        "Rencana Dinkes (Kerja fleksibel Lebaran 2025) diajukan Admin BKPSDM dan menunggu "
        "persetujuan Anda."
    )
    assert kinds_of(head_b) == kinds_of(bkpsdm) == kinds_of(mayor) == []


def test_a_returned_plan_tells_bkpsdm_with_the_note(submitted, head_a, head_b, bkpsdm):
    services.plan_return(plan=submitted, by=head_a, note="Puskesmas kurang perawat")
    [note] = Notification.objects.filter(recipient=bkpsdm)
    assert note.kind == Kind.PLAN_RETURNED
    assert note.text.endswith("dikembalikan Kepala Dinkes: “Puskesmas kurang perawat”")
    assert kinds_of(head_b) == []


def test_an_approval_tells_bkpsdm(submitted, head_a, bkpsdm):
    services.plan_approve(plan=submitted, by=head_a)
    assert kinds_of(bkpsdm) == [Kind.PLAN_APPROVED]


def test_a_reopening_tells_the_head(submitted, head_a, head_b, bkpsdm):
    approved = services.plan_approve(plan=submitted, by=head_a)
    services.plan_reopen(plan=approved, by=bkpsdm, reason="Tambah hari")
    # The head's one item about the plan, rewritten: it was "submitted", it is "reopened".
    [note] = Notification.objects.filter(recipient=head_a)
    assert (note.kind, note.count) == (Kind.PLAN_REOPENED, 2)
    assert note.text.endswith("dibuka kembali oleh Admin BKPSDM: “Tambah hari”")
    assert kinds_of(head_b) == []


def test_one_plan_is_one_item_in_the_heads_inbox_whatever_its_events(
    login, window, days, opd_a, submitted, head_a, bkpsdm, puskesmas_staff
):
    """A proposal applied, then submitted three times with changes in between: one notification,
    kept current, shown on the home page inside the plan's one to-do."""
    services.plan_return(plan=submitted, by=head_a, note="Tinjau lagi")
    Notification.objects.filter(recipient=head_a).update(read_at=timezone.now())
    proposal = services.proposal_create(window=window, opd=opd_a, by=bkpsdm)
    services.proposal_apply(proposal=proposal, by=bkpsdm)
    clerk = puskesmas_staff["admin"][0]
    for again in (True, True, False):
        services.plan_submit(plan=plan(opd_a, window), by=bkpsdm)
        if again:  # BKPSDM changes it again: back to draft, to be submitted again
            now = Assignment.objects.filter(employee=clerk, day=days[4], mode=Mode.WFH)
            services.assignments_set(
                opd=opd_a,
                window=window,
                employee_ids=[clerk.pk],
                day_ids=[days[4].pk],
                mode=Mode.WFO if now.exists() else Mode.WFH,
                by=bkpsdm,
            )
    [note] = Notification.objects.filter(recipient=head_a, read_at__isnull=True)
    assert (note.kind, note.count) == (Kind.PLAN_SUBMITTED, 4)  # applied, 3 submissions
    assert note.batch_key == f"plan:{submitted.pk}"
    page = login(head_a).get("/").content.decode()
    assert page.count("Rencana Dinkes (Kerja fleksibel Lebaran 2025)") == 3  # to-do, news, read
    assert "Terbaru: Rencana Dinkes (Kerja fleksibel Lebaran 2025) diajukan Admin" in page
    assert page.count("menunggu persetujuan Anda") == 3  # the to-do, its news, the read one


def test_a_plan_sent_to_review_tells_its_head_and_bkpsdm(
    submitted, head_a, head_b, bkpsdm, puskesmas_staff
):
    approved = services.plan_approve(plan=submitted, by=head_a)
    doctor = puskesmas_staff["dokter"]
    doctor.is_active = False
    first_day = approved.window.days.first().date  # a resignation dated within the window
    opd_services.employee_save(employee=doctor, by=bkpsdm, effective_on=first_day)
    approved.refresh_from_db()
    assert approved.status == PlanStatus.REVIEW
    assert Kind.PLAN_REVIEW in kinds_of(head_a) and Kind.PLAN_REVIEW in kinds_of(bkpsdm)
    assert kinds_of(head_b) == []


def test_an_applied_proposal_tells_the_head(window, opd_a, bkpsdm, head_a, head_b, puskesmas_staff):
    proposal = services.proposal_create(window=window, opd=opd_a, by=bkpsdm)
    report = services.proposal_apply(proposal=proposal, by=bkpsdm)
    [note] = Notification.objects.filter(recipient=head_a)
    assert note.kind == Kind.PROPOSAL_APPLIED
    assert f"{report['changed']} sel berubah" in note.text
    assert kinds_of(head_b) == []


def test_reports_of_one_unit_and_day_make_one_notification_that_counts(
    today, employee_user, head_a, head_b, unit_a
):
    from tests.factories import EmployeeFactory

    colleague = EmployeeFactory(unit=unit_a)
    colleague_user = UserFactory(role="employee", employee=colleague)
    for user in (employee_user, colleague_user):
        attendance_services.report_file(
            user=user, day=today, items=[{"description": "Pelayanan", "quantity": 3}]
        )
    [note] = Notification.objects.filter(recipient=head_a)
    assert (note.kind, note.count) == (Kind.REPORTS_SUBMITTED, 2)
    assert note.text.startswith("2 laporan kerja harian Puskesmas Makrayu untuk")
    assert kinds_of(head_b) == []


def test_a_returned_and_an_accepted_report_tell_the_employee(
    today, yesterday, employee_user, employee_a, head_a
):
    returned = make_report(employee_a, yesterday)
    accepted = make_report(employee_a, today)
    attendance_services.report_return(report=returned, by=head_a, comment="Lampirkan bukti")
    attendance_services.report_accept(report=accepted, by=head_a)
    assert kinds_of(employee_user) == [Kind.REPORT_ACCEPTED, Kind.REPORT_RETURNED]
    text = Notification.objects.get(kind=Kind.REPORT_RETURNED).text
    assert "dikembalikan Kepala Dinkes: “Lampirkan bukti”" in text


def test_a_schedule_changed_after_approval_and_reopening_tells_the_employee(
    window, days, opd_a, submitted, head_a, bkpsdm, employee_user, employee_a
):
    approved = services.plan_approve(plan=submitted, by=head_a)
    services.plan_reopen(plan=approved, by=bkpsdm, reason="Ubah jadwal")
    for day in days[:2]:
        services.assignments_set(
            opd=opd_a,
            window=window,
            employee_ids=[employee_a.pk],
            day_ids=[day.pk],
            mode=Mode.WFH,
            by=bkpsdm,
        )
    [note] = Notification.objects.filter(recipient=employee_user)
    assert (note.kind, note.count, note.url) == (Kind.SCHEDULE_CHANGED, 2, "/jadwal-saya/")
    assert "(2 perubahan)" in note.text


def test_a_schedule_change_before_any_approval_tells_nobody(
    window, days, opd_a, bkpsdm, employee_user, employee_a
):
    services.assignments_set(
        opd=opd_a,
        window=window,
        employee_ids=[employee_a.pk],
        day_ids=[days[0].pk],
        mode=Mode.WFH,
        by=bkpsdm,
    )
    assert kinds_of(employee_user) == []


def test_a_window_day_added_tells_everyone_concerned(
    window, bkpsdm, head_a, head_b, mayor, employee_user
):
    services.window_day_add(window=window, day=datetime(2025, 4, 9).date(), by=bkpsdm)
    for user in (bkpsdm, head_a, head_b, employee_user):
        assert kinds_of(user) == [Kind.WINDOW_DAY]
    assert kinds_of(mayor) == []  # reads the city, has no schedule


# --- the inbox, the bell, reading -------------------------------------------------------------


def test_the_heads_home_lists_the_todo_and_the_notification(login, submitted, head_a):
    page = login(head_a).get("/").content.decode()
    assert "Rencana Dinkes (Kerja fleksibel Lebaran 2025) menunggu persetujuan Anda" in page
    assert 'href="/periode/lebaran-2025/rencana/dinkes/"' in page
    assert 'data-testid="unread">1<' in page  # the bell


def test_bkpsdm_sees_a_returned_plans_note_on_the_home_page(login, submitted, head_a, bkpsdm):
    services.plan_return(plan=submitted, by=head_a, note="Puskesmas kurang perawat")
    page = login(bkpsdm).get("/").content.decode()
    assert "dikembalikan: “Puskesmas kurang perawat”" in page


def test_the_employee_sees_today_and_a_returned_report_first(
    login, today, employee_user, employee_a, head_a
):
    returned = make_report(employee_a, today)
    attendance_services.report_return(report=returned, by=head_a, comment="Tambah rincian")
    page = login(employee_user).get("/").content.decode()
    assert "Hari ini," in page and "Belum presensi." in page
    assert "dikembalikan: “Tambah rincian” Perbaiki laporan." in page
    assert page.index('data-testid="today"') < page.index('data-testid="todos"')


@pytest.mark.parametrize("extra", [0, 1000])
def test_the_home_page_of_a_head_takes_the_same_queries_whatever_the_notifications(
    login, submitted, head_a, extra, django_assert_num_queries
):
    Notification.objects.bulk_create(
        Notification(recipient=head_a, kind=Kind.PLAN_APPROVED, text=f"Catatan {i}")
        for i in range(extra)
    )
    client = login(head_a)
    # session, user, the leave requests waiting (to-do), the plan to-dos, the report to-dos, the
    # unread notifications about those to-dos (shown inside them), the ten latest other
    # notifications, the unread count of the bell, the head's OPD (menu), the windows and their
    # days (the OPD count is for the city roles' cards only)
    with django_assert_num_queries(11):
        assert client.get("/").status_code == 200


def test_opening_a_notification_marks_it_read_and_another_users_is_a_404(
    login, submitted, head_a, head_b
):
    note = Notification.objects.get(recipient=head_a)
    assert login(head_b).post(f"/notifikasi/{note.pk}/buka/").status_code == 404
    note.refresh_from_db()
    assert note.read_at is None
    response = login(head_a).post(f"/notifikasi/{note.pk}/buka/")
    assert response["Location"] == "/periode/lebaran-2025/rencana/dinkes/"
    note.refresh_from_db()
    assert note.read_at is not None
    assert login(head_a).get(f"/notifikasi/{note.pk}/buka/").status_code == 405


def test_all_can_be_marked_read(login, submitted, head_a):
    response = login(head_a).post("/notifikasi/baca-semua/", follow=True)
    assert "1 notifikasi ditandai sudah dibaca." in response.content.decode()
    assert not Notification.objects.unread().exists()


# --- email ----------------------------------------------------------------------------------


def test_a_todo_is_emailed_after_the_commit(
    window, opd_a, bkpsdm, head_a, puskesmas_staff, django_capture_on_commit_callbacks
):
    head_a.email = "kepala.dinkes@palembang.go.id"
    head_a.save()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.plan_submit(plan=plan(opd_a, window), by=bkpsdm)
    assert mail.outbox == []  # nothing before the commit
    for callback in callbacks:
        callback()
    [message] = mail.outbox
    assert message.to == ["kepala.dinkes@palembang.go.id"]
    assert message.subject == "[Portal WFA] Rencana diajukan kepada Anda"
    assert "http://127.0.0.1:8000/periode/lebaran-2025/rencana/dinkes/" in message.body
    assert Notification.objects.get().emailed_at is not None


def test_a_failing_mail_server_never_breaks_the_action(
    settings, window, opd_a, bkpsdm, head_a, puskesmas_staff, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.inbox.broken_mail.BrokenBackend"
    head_a.email = "kepala.dinkes@palembang.go.id"
    head_a.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.plan_submit(plan=plan(opd_a, window), by=bkpsdm)
    assert Plan.objects.get().status == PlanStatus.SUBMITTED
    note = Notification.objects.get()
    assert note.emailed_at is None and "server email tidak menjawab" in note.email_error


def test_a_user_chooses_no_email_for_a_kind_and_checks_their_address(
    login, window, opd_a, bkpsdm, head_a, puskesmas_staff, django_capture_on_commit_callbacks
):
    client = login(head_a)
    data = {kind.value: Delivery.DIGEST for kind in Kind} | {"email": "bukan-alamat"}
    response = client.post("/notifikasi/pengaturan/", data)
    assert response.status_code == 400
    assert "Alamat email tidak sah" in response.content.decode()
    assert not DeliveryChoice.objects.exists()
    data |= {"email": "kepala@palembang.go.id", Kind.PLAN_SUBMITTED: Delivery.OFF}
    assert client.post("/notifikasi/pengaturan/", data).status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        services.plan_submit(plan=plan(opd_a, window), by=bkpsdm)
    assert mail.outbox == [] and Notification.objects.count() == 1  # still in the inbox


def test_the_digest_goes_only_to_people_with_something_open(
    submitted, head_a, head_b, bkpsdm, employee_user
):
    for user in (head_a, head_b, bkpsdm):
        user.email = f"{user.username}@palembang.go.id"
        user.save()
    result = digest_send()
    [message] = mail.outbox
    assert (result.users, result.sent) == (1, 1)  # three have an address, one has a to-do
    assert message.to == ["kepala-a@palembang.go.id"]
    assert "menunggu persetujuan Anda" in message.body
    call_command("send_digest")  # a to-do stays open: it is in tomorrow's digest again
    assert len(mail.outbox) == 2


def test_every_email_link_is_built_from_the_configured_site(
    settings, submitted, head_a, django_capture_on_commit_callbacks
):
    settings.WFA_SITE_URL = "https://wfa.palembang.go.id/portal/"  # behind a path, with a slash
    head_a.email = "kepala.dinkes@palembang.go.id"
    head_a.save()
    digest_send()
    [digest] = mail.outbox
    links = re.findall(r"https?://\S+", digest.body)
    assert links and all(link.startswith("https://wfa.palembang.go.id/portal/") for link in links)
    assert "https://wfa.palembang.go.id/portal/periode/lebaran-2025/rencana/dinkes/" in links
    assert "//periode" not in digest.body and links[-1] == "https://wfa.palembang.go.id/portal/"
    notification = Notification.objects.filter(recipient=head_a).first()
    Notification.objects.filter(pk=notification.pk).update(emailed_at=None)
    send_notification_email.call(notification.pk)
    body = mail.outbox[-1].body
    assert "Buka: https://wfa.palembang.go.id/portal/periode/lebaran-2025/rencana/dinkes/" in body


# --- reminders ------------------------------------------------------------------------------


def test_staff_who_have_not_checked_in_are_reminded_once_a_day(
    window, employee_user, employee_a, head_a
):
    with time_machine.travel(datetime(2025, 3, 24, 9, tzinfo=JAKARTA), tick=False):
        first, again = reminders_send(), reminders_send()
    assert (first.check_in, again.check_in) == (1, 1)
    [note] = Notification.objects.filter(recipient=employee_user)
    assert note.kind == Kind.CHECKIN_REMINDER and note.count == 2  # one row, counting up
    assert note.text == "Anda belum presensi hari ini (Senin, 24 Maret 2025); rencana Anda WFO."
    with time_machine.travel(datetime(2025, 3, 30, 9, tzinfo=JAKARTA), tick=False):
        assert reminders_send().check_in == 0  # not a window day


def test_heads_are_reminded_of_reports_waiting_more_than_two_working_days(
    window, days, employee_a, head_a, head_b
):
    with time_machine.travel(datetime(2025, 3, 24, 9, tzinfo=JAKARTA), tick=False):
        make_report(employee_a, days[0])
    with time_machine.travel(datetime(2025, 3, 26, 9, tzinfo=JAKARTA), tick=False):
        assert reminders_send().review == 0  # two working days have not passed yet
    with time_machine.travel(datetime(2025, 3, 27, 9, tzinfo=JAKARTA), tick=False):
        assert reminders_send().review == 1
    [note] = Notification.objects.filter(recipient=head_a, kind=Kind.REVIEW_REMINDER)
    assert note.text.startswith("1 laporan kerja harian sudah menunggu pemeriksaan lebih dari 2")
    assert kinds_of(head_b) == []


def test_working_days_skip_weekends_holidays_and_joint_leave():
    # 28 March 2025 joint leave (Nyepi), 29-30 weekend, 31 March-1 April Idul Fitri, 2-7 April
    # joint leave and a weekend: two working days before 8 April are 27 and 26 March.
    assert working_days_before(datetime(2025, 4, 8).date(), 2) == datetime(2025, 3, 26).date()


def test_a_failed_email_is_tried_again_later_by_the_task_library(settings, head_a):
    from inbox.tasks import send_notification_email

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    settings.EMAIL_BACKEND = "tests.inbox.broken_mail.BrokenBackend"
    head_a.email = "kepala.dinkes@palembang.go.id"
    head_a.save()
    note = Notification.objects.create(recipient=head_a, kind=Kind.PLAN_SUBMITTED, text="Rencana")
    assert send_notification_email.call(note.pk) == "gagal, dicoba lagi"
    [retry] = send_notification_email.get_backend().results
    assert retry.args == [note.pk, 2] and retry.task.run_after > timezone.now()
    assert send_notification_email.call(note.pk, 5) == "gagal, dicoba lagi"  # the last attempt
    assert len(send_notification_email.get_backend().results) == 1
