"""Pembatasan WFO in the portal: BKPSDM records and ends restrictions, heads read theirs, and a
restriction changes the grid, the write path, preferences and promised plans on its days only."""

from datetime import date, timedelta

import pytest

from eligibility.models import Restriction, RestrictionKind
from opd.disclosure import ReadKind
from schedules import services
from schedules.models import Assignment, Mode, Plan, PlanStatus, Preference
from tests.conftest import BELL, READ_LOG, read_log_rows, with_history
from tests.eligibility.conftest import SK, iso
from tests.factories import EmployeeFactory, OpdFactory, RestrictionFactory, UnitFactory

RECORD = "/pembatasan-wfo/catat/"
LIST = "/pembatasan-wfo/"


def record(client, **data):
    return client.post(RECORD, data)


def test_bkpsdm_records_a_sanction_and_the_grid_locks_its_days(
    login, bkpsdm, nurse, window, days, opd_a
):
    client = login(bkpsdm)
    response = record(
        client, employee=nurse.pk, kind="sanction", reason="Hukuman disiplin tingkat sedang",
        basis=SK, start_date=iso(days[1].date), end_date=iso(days[2].date),
    )  # fmt: skip
    restriction = Restriction.objects.get()
    assert response.status_code == 302 and response["Location"] == f"{LIST}{restriction.pk}/"
    assert (restriction.recorded_by, restriction.basis) == (bkpsdm, SK)
    page = client.get(f"/periode/{window.slug}/rencana/{opd_a.code}/").content.decode()
    row = page[page.index(f'id="row-{nurse.pk}"') :]
    row = row[: row.index("</tr>")]
    assert row.count("cell-locked") == 2  # the second and third day only
    assert "Hukuman disiplin, s.d. 26 Maret 2025" in row
    # The locked cells offer WFO only; the others every mode.
    locked = row[row.index(f'data-day="{days[1].pk}"') :]
    locked = locked[: locked.index("</td>")]
    assert '<option value="WFH"' not in locked and '<option value="WFO" selected>' in locked
    free = row[row.index(f'data-day="{days[0].pk}"') :]
    assert '<option value="WFH"' in free[: free.index("</td>")]


def test_the_write_path_refuses_exactly_the_restricted_days(window, days, opd_a, bkpsdm, nurse):
    RestrictionFactory(employee=nurse, start_date=days[1].date, end_date=days[1].date)
    with pytest.raises(Exception, match=r"hanya boleh WFO pada hari itu .*Hukuman disiplin"):
        services.assignments_set(
            opd=opd_a, window=window, employee_ids=[nurse.pk], day_ids=[days[1].pk],
            mode=Mode.WFH, by=bkpsdm,
        )  # fmt: skip
    services.assignments_set(
        opd=opd_a, window=window, employee_ids=[nurse.pk], day_ids=[days[0].pk, days[2].pk],
        mode=Mode.WFH, by=bkpsdm,
    )  # fmt: skip
    assert Assignment.objects.filter(employee=nurse, mode=Mode.WFH).count() == 2


def test_a_bulk_action_skips_the_restricted_days_and_says_why(window, days, opd_a, bkpsdm, nurse):
    RestrictionFactory(employee=nurse, start_date=days[0].date, end_date=days[1].date)
    result = services.assignments_set(
        opd=opd_a, window=window, employee_ids=[nurse.pk], day_ids=[d.pk for d in days],
        mode=Mode.WFH, by=bkpsdm, bulk=True,
    )  # fmt: skip
    assert result.skipped_restricted == 2 and result.skipped_ineligible == [nurse]
    assert "dilewati karena hanya boleh WFO" in result.message()
    remote = Assignment.objects.filter(employee=nurse, mode=Mode.WFH)
    assert sorted(a.day_id for a in remote) == [d.pk for d in days[2:]][: remote.count()]
    assert days[0].pk not in {a.day_id for a in remote}


def test_an_ended_restriction_makes_the_person_eligible_the_next_day(
    login, bkpsdm, nurse, window, days, opd_a
):
    restriction = RestrictionFactory(employee=nurse, start_date=days[0].date)  # open-ended
    client = login(bkpsdm)
    response = client.post(f"{LIST}{restriction.pk}/", {"end_date": iso(days[1].date)})
    assert response.status_code == 302
    restriction.refresh_from_db()
    assert restriction.end_date == days[1].date
    services.assignments_set(
        opd=opd_a, window=window, employee_ids=[nurse.pk], day_ids=[days[2].pk],
        mode=Mode.WFH, by=bkpsdm,
    )  # fmt: skip
    page = client.get(f"{LIST}{restriction.pk}/").content.decode()
    assert "Diakhiri" not in page or "diubah" in page  # the history lists the change
    assert restriction.history.count() == 2


def test_an_appointment_without_an_end_date_takes_the_policys_period(
    login, bkpsdm, nurse, policy, days
):
    response = record(
        login(bkpsdm), employee=nurse.pk, kind="appointment", basis="SK CPNS 813/2025",
        start_date=iso(days[0].date),
    )  # fmt: skip
    assert response.status_code == 302
    restriction = Restriction.objects.get()
    assert restriction.end_date == date(2025, 9, 23)  # 24 March + 6 months, the day before
    policy.new_staff_months = 3
    policy.save()
    RestrictionFactory(employee=nurse, kind=RestrictionKind.PROMOTION, start_date=date(2025, 10, 1),
                       end_date=None)  # fmt: skip
    response = record(
        login(bkpsdm), employee=nurse.pk, kind="transfer", start_date="2025-03-31",
    )  # fmt: skip
    assert Restriction.objects.get(kind="transfer").end_date == date(2025, 6, 29)


@pytest.mark.parametrize(
    "data, message",
    [
        ({"kind": "sanction", "start_date": "2025-03-26", "end_date": "2025-03-25"},
         "Tanggal berakhir tidak boleh sebelum tanggal mulai."),
        ({"kind": "other", "start_date": "2025-03-24"},
         "Jenis &#x27;Lainnya&#x27; wajib diberi alasan."),
        ({"kind": "hukuman", "start_date": "2025-03-24"}, "Pilih jenis pembatasan dari daftar."),
        ({"kind": "sanction", "start_date": "2025-13-40"}, "Tanggal mulai tidak dikenali"),
        ({"kind": "sanction"}, "Isi tanggal mulai"),
        ({"kind": "sanction", "start_date": "2025-03-24", "basis": "SK\u202e1"},
         "karakter tak terlihat"),
    ],
)  # fmt: skip
def test_bad_input_is_refused_and_nothing_is_saved(login, bkpsdm, nurse, data, message):
    response = record(login(bkpsdm), employee=nurse.pk, **data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Restriction.objects.exists()


def test_an_overlapping_restriction_of_the_same_kind_is_refused_naming_it(login, bkpsdm, nurse):
    RestrictionFactory(employee=nurse, start_date=date(2025, 3, 1), end_date=date(2025, 3, 31))
    response = record(
        login(bkpsdm), employee=nurse.pk, kind="sanction", start_date="2025-03-20",
        end_date="2025-04-10",
    )  # fmt: skip
    page = response.content.decode()
    assert response.status_code == 400
    assert (
        "Bertabrakan dengan hukuman disiplin" in page and "1 Maret 2025 s.d. 31 Maret 2025" in page
    )
    assert Restriction.objects.count() == 1
    # Another kind over the same days is a record of its own.
    response = record(
        login(bkpsdm), employee=nurse.pk, kind="promotion", start_date="2025-03-20",
        end_date="2025-04-10",
    )  # fmt: skip
    assert response.status_code == 302 and Restriction.objects.count() == 2


def test_a_policy_without_a_period_asks_for_the_end_date(login, bkpsdm, nurse, policy):
    policy.new_staff_months = 0
    policy.save()
    response = record(login(bkpsdm), employee=nurse.pk, kind="appointment", start_date="2025-03-24")
    assert response.status_code == 400
    assert "tidak membatasi pegawai baru" in response.content.decode()
    assert not Restriction.objects.exists()


def test_ending_before_the_start_is_refused(login, bkpsdm, nurse):
    restriction = RestrictionFactory(employee=nurse, start_date=date(2025, 3, 24))
    response = login(bkpsdm).post(f"{LIST}{restriction.pk}/", {"end_date": "2025-03-20"})
    assert response.status_code == 400
    assert "tidak boleh sebelum tanggal mulai" in response.content.decode()
    restriction.refresh_from_db()
    assert restriction.end_date is None


def test_heads_read_their_opd_only_and_may_not_end(login, head_a, head_b, nurse, employee_b):
    mine = RestrictionFactory(employee=nurse)
    theirs = RestrictionFactory(employee=employee_b)
    page = login(head_a).get(LIST).content.decode()
    assert nurse.name in page and employee_b.name not in page
    assert login(head_a).get(f"{LIST}{theirs.pk}/").status_code == 404
    assert login(head_b).get(f"{LIST}{mine.pk}/").status_code == 404
    response = login(head_a).post(f"{LIST}{mine.pk}/", {"end_date": "2025-12-31"})
    assert response.status_code == 403
    mine.refresh_from_db()
    assert mine.end_date is None


def test_the_list_shows_running_upcoming_or_all(login, bkpsdm, nurse, employee_a):
    today = date(2026, 11, 25)  # the tests' clock
    RestrictionFactory(employee=nurse, start_date=today - timedelta(days=30), end_date=None)
    RestrictionFactory(employee=employee_a, start_date=today + timedelta(days=5),
                       end_date=today + timedelta(days=9))  # fmt: skip
    client = login(bkpsdm)
    assert client.get(LIST).context["page"].paginator.count == 1
    assert client.get(LIST, {"tampil": "mendatang"}).context["page"].paginator.count == 2
    assert (
        client.get(LIST, {"tampil": "semua", "jenis": "promotion"}).context["page"].paginator.count
        == 0
    )


@pytest.mark.parametrize("rows", [1, 30])
def test_the_list_takes_the_same_queries_for_1_and_30_rows(
    login, bkpsdm, unit_a, rows, django_assert_num_queries
):
    for employee in EmployeeFactory.create_batch(rows, unit=unit_a):
        RestrictionFactory(employee=employee)
    client = login(bkpsdm)
    # session, user, count, the page's rows (with employee, unit, OPD, recorder), the bell; the
    # read log of the page's people
    with django_assert_num_queries(5 + READ_LOG):
        response = client.get(LIST, {"tampil": "semua"})
    assert response.status_code == 200 and len(response.context["page"]) == rows


@pytest.mark.parametrize("changes", [1, 20])
def test_the_detail_takes_the_same_queries_for_1_and_20_history_rows(
    login, bkpsdm, nurse, changes, django_assert_num_queries
):
    restriction = with_history(RestrictionFactory(employee=nurse), changes, "reason")
    client = login(bkpsdm)
    # session, user; the restriction with its people; its history with who changed it; the bell;
    # the read log
    with django_assert_num_queries(2 + 1 + 1 + BELL + READ_LOG):
        assert client.get(f"{LIST}{restriction.pk}/").status_code == 200


def test_the_list_and_the_detail_write_the_read_log(login, head_a, bkpsdm, nurse, employee_a):
    """Sanctions with their SK numbers are other people's personnel data: logged like absences,
    the detail naming which restriction (not its reason)."""
    today = date(2026, 11, 25)  # the tests' clock
    sanction = RestrictionFactory(
        employee=nurse, kind=RestrictionKind.SANCTION, start_date=today, end_date=today
    )
    RestrictionFactory(employee=employee_a, start_date=today, end_date=None)
    assert login(head_a).get(LIST).status_code == 200
    assert login(bkpsdm).get(f"{LIST}{sanction.pk}/").status_code == 200
    listed = ("kepala-a", ReadKind.RESTRICTIONS, "Daftar pembatasan WFO")
    assert read_log_rows() == [
        (*listed, min(nurse.pk, employee_a.pk)),
        (*listed, max(nurse.pk, employee_a.pk)),
        ("bkpsdm", ReadKind.RESTRICTIONS, "Hukuman disiplin 25 November 2026", nurse.pk),
    ]


def test_a_refused_page_writes_no_read_log(login, nurse_user, head_b, nurse):
    restriction = RestrictionFactory(employee=nurse)
    assert login(head_b).get(f"{LIST}{restriction.pk}/").status_code == 404
    assert login(nurse_user).get(LIST).status_code == 403
    assert read_log_rows() == []


def test_recording_a_sanction_sends_a_plan_that_breaks_it_to_review(
    login, bkpsdm, nurse, remote_nurse_approved, days
):
    response = record(
        login(bkpsdm), employee=nurse.pk, kind="sanction", basis=SK,
        start_date=iso(days[0].date), end_date=iso(days[-1].date),
    )  # fmt: skip
    assert response.status_code == 302
    page = login(bkpsdm).get(response["Location"]).content.decode()
    assert "1 rencana yang sudah disetujui dikembalikan untuk ditinjau" in page
    plan = Plan.objects.get(pk=remote_nurse_approved.pk)
    assert plan.status == PlanStatus.REVIEW
    assert f"Pembatasan kerja fleksibel {nurse.name} (hukuman disiplin" in plan.note
    assert "hanya boleh WFO" in plan.note and "dijadwalkan WFH/WFA" in plan.note


def test_a_restriction_on_other_days_leaves_the_plan_approved(
    login, bkpsdm, nurse, remote_nurse_approved, days
):
    response = record(
        login(bkpsdm), employee=nurse.pk, kind="sanction",
        start_date=iso(days[2].date), end_date=iso(days[-1].date),
    )  # fmt: skip
    assert response.status_code == 302
    assert Plan.objects.get(pk=remote_nurse_approved.pk).status == PlanStatus.APPROVED


def test_a_plan_with_a_restricted_remote_day_cannot_be_approved(
    window, days, opd_a, bkpsdm, head_a, nurse
):
    services.assignments_set(
        opd=opd_a, window=window, employee_ids=[nurse.pk], day_ids=[days[1].pk],
        mode=Mode.WFH, by=bkpsdm,
    )  # fmt: skip
    plan = services.plan_submit(plan=services.plan_for(opd=opd_a, window=window), by=bkpsdm)
    Restriction.objects.create(employee=nurse, kind="sanction", start_date=days[1].date)
    with pytest.raises(Exception, match="hanya boleh WFO"):
        services.plan_approve(plan=plan, by=head_a)


def test_a_preference_on_a_restricted_day_is_refused_the_others_kept(
    login, nurse_user, nurse, window, days, time_machine
):
    time_machine.move_to(date(2025, 3, 20))
    RestrictionFactory(employee=nurse, start_date=days[0].date, end_date=days[0].date)
    client = login(nurse_user)
    page = client.get("/jadwal-saya/").content.decode()
    assert "Hanya WFO: Hukuman disiplin, s.d. 24 Maret 2025" in page
    response = client.post("/jadwal-saya/preferensi/", {"day": days[0].pk, "mode": "WFH"},
                           follow=True)  # fmt: skip
    assert "preferensi untuk hari itu tidak dapat dicatat" in response.content.decode()
    client.post("/jadwal-saya/preferensi/", {"day": days[1].pk, "mode": "WFH"})
    assert list(Preference.objects.values_list("day_id", flat=True)) == [days[1].pk]


def test_the_planner_keeps_a_restricted_day_on_site(window, days, opd_a, unit_a, bkpsdm, nurse):
    from schedules.planner import loader

    RestrictionFactory(employee=nurse, start_date=days[0].date, end_date=days[0].date)
    snapshot = loader.load(window, opd_a)
    [problem] = [p for p in snapshot.problems if p.unit == unit_a]
    i = [p.id for p in problem.people].index(nurse.pk)
    assert problem.fixed[(i, 0)].mode == Mode.WFO and problem.fixed[(i, 0)].write
    assert (i, 1) not in problem.fixed
    assert "Hukuman disiplin" in problem.fixed[(i, 0)].reason


def test_another_opds_employee_is_not_in_a_heads_scope_even_by_id(login, bkpsdm):
    other = EmployeeFactory(unit=UnitFactory(opd=OpdFactory()))
    response = record(login(bkpsdm), employee=999999, kind="sanction", start_date="2025-03-24")
    assert response.status_code == 400 and "Pegawai tidak ditemukan" in response.content.decode()
    assert other.restrictions.count() == 0
