"""A change of policy keeps the approval promise: a lower weekly cap, a policy chosen for a window
or a withdrawn cap exception that puts an approved (or submitted) plan over the cap sends it to
"Perlu ditinjau" with the cause, like a change of staff, rules or days (#25).

Lebaran 2025's first four days (24 to 27 March 2025) share one calendar week; Ahmad (a bidang of
Dishub, no essential-service rule but "at most 50% remote") is planned WFH on three of them.
"""

from datetime import date

import pytest

from schedules import services
from schedules.models import CapException, FlexPolicy, FlexWindow, Mode, Plan, PlanStatus
from schedules.services import policy_records
from tests.factories import EmployeeFactory
from tests.schedules.test_policy_pages import policy_data


@pytest.fixture
def bidang(unit_b, employee_b):
    """Ahmad and three colleagues: one of four away stays within the bidang's 50%."""
    return [employee_b] + [EmployeeFactory(unit=unit_b, name=f"Staf {i}") for i in range(3)]


@pytest.fixture
def policy(window):
    """The window follows 'Uji batas', 3 days a week."""
    window.policy = FlexPolicy.objects.create(name="Uji batas", legal_basis="Uji", weekly_cap=3)
    window.save(update_fields=["policy"])
    return window.policy


def approve_three_remote_days(window, opd, employee, bkpsdm, head, *, submit_only=False):
    days = list(window.days.order_by("date"))[:3]
    services.assignments_set(
        opd=opd, window=window, employee_ids=[employee.pk], day_ids=[d.pk for d in days],
        mode=Mode.WFH, by=bkpsdm,
    )  # fmt: skip
    plan = services.plan_submit(plan=services.plan_for(opd=opd, window=window), by=bkpsdm)
    if not submit_only:
        plan = services.plan_approve(plan=plan, by=head)
    return plan


def test_a_lower_cap_sends_the_approved_plan_to_review_with_the_cause(
    login, window, policy, bidang, opd_b, bkpsdm, head_b
):
    plan = approve_three_remote_days(window, opd_b, bidang[0], bkpsdm, head_b)
    assert plan.status == PlanStatus.APPROVED
    data = policy_data(name=policy.name, legal_basis=policy.legal_basis, weekly_cap="2")
    response = login(bkpsdm).post(f"/kebijakan/{policy.pk}/ubah/", data, follow=True)
    page = response.content.decode()
    assert "1 rencana yang sudah disetujui dikembalikan untuk ditinjau: Dishub" in page
    plan.refresh_from_db()
    assert plan.status == PlanStatus.REVIEW
    assert plan.note.startswith("Kebijakan 'Uji batas' diubah (batas 2 hari WFH/WFA per minggu)")
    assert "Sekarang melanggar batas hari WFH/WFA per minggu:" in plan.note
    assert (
        "- Melebihi batas mingguan: Ahmad Fauzi, S.T. " in plan.note
        and "minggu 24 Maret 2025 – 30 Maret 2025: 3 hari WFH/WFA, batas 2 hari" in plan.note
    )
    assert plan.history.first().history_user == bkpsdm
    # Submitting it again is refused while it is over the cap.
    with pytest.raises(Exception, match="pelanggaran batas hari WFH/WFA"):
        services.plan_submit(plan=plan, by=bkpsdm)


def test_a_raised_cap_or_a_cap_still_kept_sends_nothing_back(
    login, window, policy, bidang, opd_b, bkpsdm, head_b
):
    plan = approve_three_remote_days(window, opd_b, bidang[0], bkpsdm, head_b)
    client = login(bkpsdm)
    for cap in ("4", "3"):
        data = policy_data(name=policy.name, legal_basis=policy.legal_basis, weekly_cap=cap)
        page = client.post(f"/kebijakan/{policy.pk}/ubah/", data, follow=True).content.decode()
        assert "disimpan." in page and "ditinjau" not in page
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED


def test_a_policy_chosen_for_the_window_sends_the_submitted_plan_to_review(
    login, window, bidang, opd_b, bkpsdm, head_b
):
    plan = approve_three_remote_days(window, opd_b, bidang[0], bkpsdm, head_b, submit_only=True)
    assert window.policy is None and plan.status == PlanStatus.SUBMITTED
    strict = FlexPolicy.objects.get(name="PermenPANRB No. 4 Tahun 2025")
    url = f"/periode/{window.slug}/kebijakan/"
    page = login(bkpsdm).post(url, {"policy": strict.pk}, follow=True).content.decode()
    assert "1 rencana yang sedang diajukan dikembalikan untuk ditinjau: Dishub" in page
    plan.refresh_from_db()
    assert plan.status == PlanStatus.REVIEW
    assert "Kebijakan periode diganti: PermenPANRB No. 4 Tahun 2025" in plan.note


def test_a_withdrawn_exception_sends_the_approved_plan_to_review(
    login, window, policy, bidang, opd_b, bkpsdm, head_b
):
    policy.weekly_cap = 2
    policy.save()
    exception = policy_records.cap_exception_grant(
        employee=bidang[0], reason="Posko mudik", days_per_week=3,
        starts_on=date(2025, 3, 24), ends_on=date(2025, 3, 30), by=head_b,
    )  # fmt: skip
    plan = approve_three_remote_days(window, opd_b, bidang[0], bkpsdm, head_b)
    assert plan.status == PlanStatus.APPROVED
    page = (
        login(head_b)
        .post(f"/pengecualian-batas/{exception.pk}/cabut/", follow=True)
        .content.decode()
    )
    assert "dicabut. 1 rencana yang sudah disetujui dikembalikan untuk ditinjau: Dishub" in page
    plan.refresh_from_db()
    assert plan.status == PlanStatus.REVIEW
    assert "Pengecualian batas mingguan Ahmad Fauzi, S.T." in plan.note
    assert not CapException.objects.exists()


def test_a_lower_cap_reaches_a_window_that_shares_the_week(
    window, policy, bidang, opd_a, opd_b, bkpsdm, head_a, head_b
):
    """The cap counts a week across windows: a second window with a day in the same week follows
    no policy of its own, yet its plans are locked and checked too (a plan approved there counts
    Ahmad's week as the approval did); Dinkes's plan, within the cap, stays approved."""
    plan = approve_three_remote_days(window, opd_b, bidang[0], bkpsdm, head_b)
    other = FlexWindow.objects.create(
        slug="uji-sepekan", name="Uji sepekan", legal_basis="SE uji", signed_on=date(2025, 3, 1)
    )
    other.days.create(date=date(2025, 3, 28))
    for opd, head in ((opd_a, head_a), (opd_b, head_b)):
        services.plan_approve(
            plan=services.plan_submit(plan=services.plan_for(opd=opd, window=other), by=bkpsdm),
            by=head,
        )
    policy.weekly_cap = 2
    sent = policy_records.policy_save(policy=policy, by=bkpsdm)[1]
    assert sorted((s.opd, s.window) for s in sent) == [
        ("Dishub", window.name),
        ("Dishub", other.name),
    ]
    plan.refresh_from_db()
    assert plan.status == PlanStatus.REVIEW
    assert Plan.objects.get(window=other, opd=opd_a).status == PlanStatus.APPROVED
