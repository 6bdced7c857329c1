"""Bulk actions that say what they will do: a preview of the rules they would leave short, the
save reporting the same, undo of the last one; copying a week's or a window's pattern, and
repeating remote days per employee, through the one write path."""

import re
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from eligibility.models import RestrictionKind
from schedules import services
from schedules.models import Assignment, BulkChange, FlexPolicy, Mode, Plan, WorkPattern
from schedules.services import bulk, patterns
from tests.factories import EmployeeFactory, WindowDayFactory, WindowFactory
from tests.schedules.test_grid import HTMX, grid_url, mode_of


def page_versions(employees, days):
    """What a grid page showing these rows sends back with a bulk action."""
    seen = {
        (a.employee_id, a.day_id): a.version
        for a in Assignment.objects.filter(employee__in=employees)
    }
    return [",".join(f"{e.pk}:{d.pk}:{seen.get((e.pk, d.pk), 0)}" for d in days) for e in employees]


def whole_unit(unit, day, versions, **extra):
    return {
        "action": "unit",
        "mode": "WFH",
        "unit": unit.pk,
        "days": [day.pk],
        "versions": versions,
    } | extra


@pytest.fixture
def next_window(db):
    """A later window, Monday 2 to Friday 6 February 2026, capped at 2 remote days a week."""
    window = WindowFactory(
        slug="uji-salin",
        name="Periode uji salin",
        policy=FlexPolicy.objects.create(
            name="Uji batas", legal_basis="PermenPANRB No. 4 Tahun 2025", weekly_cap=2
        ),
    )
    for day in range(2, 7):
        WindowDayFactory(window=window, date=date(2026, 2, day))
    return window


def run(opd, window, by, write, *, day_ids, confirm=""):
    return bulk.bulk_run(
        opd=opd,
        window=window,
        by=by,
        summary="uji",
        signature="uji",
        confirm=confirm,
        unit_ids=None,
        day_ids=day_ids,
        write=write,
    )


# --- preview, save, undo -------------------------------------------------------------------


def test_the_preview_names_the_rules_and_the_save_reports_the_same(
    login, window, days, bkpsdm, opd_a, unit_a, puskesmas_staff
):
    client = login(bkpsdm)
    shown = [puskesmas_staff["dokter"], *puskesmas_staff["perawat"]]
    data = whole_unit(unit_a, days[0], page_versions(shown, days))
    preview = client.post(grid_url(window, opd_a, "massal/"), data, **HTMX).content.decode()
    listed = re.findall(r"<li>(.*?)</li>", preview.split('data-testid="bulk-preview-short"')[1])
    assert listed and all("Puskesmas Makrayu (Dinkes), Senin, 24 Maret 2025" in x for x in listed)
    assert "Pratinjau, belum disimpan: 10 sel jadwal akan diubah." in preview
    assert not Assignment.objects.exists() and not BulkChange.objects.exists()
    token = re.search(r'name="confirm" value="(\w+)"', preview)[1]
    saved = client.post(
        grid_url(window, opd_a, "massal/"), data | {"confirm": token}, **HTMX
    ).content.decode()
    reported = re.findall(r"<li>(.*?)</li>", saved.split('data-testid="bulk-saved-short"')[1])
    assert reported == listed
    assert Assignment.objects.filter(mode=Mode.WFH).count() == 10
    assert "Batalkan tindakan massal terakhir" in saved and "seluruh Puskesmas Makrayu" in saved


def test_a_confirmation_of_another_action_is_previewed_again(
    login, window, days, bkpsdm, opd_a, unit_a, puskesmas_staff
):
    client = login(bkpsdm)
    versions = page_versions([puskesmas_staff["dokter"]], days)
    preview = client.post(
        grid_url(window, opd_a, "massal/"), whole_unit(unit_a, days[0], versions), **HTMX
    ).content.decode()
    token = re.search(r'name="confirm" value="(\w+)"', preview)[1]
    other_day = whole_unit(unit_a, days[1], versions, confirm=token)  # not what was previewed
    body = client.post(grid_url(window, opd_a, "massal/"), other_day, **HTMX).content.decode()
    assert "Pratinjau, belum disimpan" in body and "Selasa, 25 Maret 2025" in body
    assert not Assignment.objects.exists()


def test_the_service_preview_equals_what_the_confirmed_save_reports(
    window, days, bkpsdm, opd_a, puskesmas_staff
):
    nurses = [e.pk for e in puskesmas_staff["perawat"]]

    def write():
        return services.assignments_set(
            opd=opd_a, window=window, employee_ids=nurses, day_ids=[days[2].pk],
            mode=Mode.WFH, by=bkpsdm, bulk=True,
        )  # fmt: skip

    preview = run(opd_a, window, bkpsdm, write, day_ids=[days[2].pk])
    assert not preview.saved and preview.short and not Assignment.objects.exists()
    saved = run(opd_a, window, bkpsdm, write, day_ids=[days[2].pk], confirm=preview.token)
    assert saved.saved and saved.short == preview.short and saved.result.changed == 3


def test_an_action_that_leaves_no_rule_short_is_saved_at_once_and_undone(
    login, window, days, bkpsdm, opd_a, puskesmas_staff
):
    clerks = puskesmas_staff["admin"][:2]
    client = login(bkpsdm)
    data = {
        "action": "set",
        "mode": "WFH",
        "employees": [e.pk for e in clerks],
        "days": [days[0].pk],
        "versions": page_versions(clerks, days),
    }
    body = client.post(grid_url(window, opd_a, "massal/"), data, **HTMX).content.decode()
    assert "2 sel jadwal diubah." in body and "Pratinjau" not in body
    change = BulkChange.objects.get()
    assert (change.changed, change.summary) == (2, "WFH untuk 2 pegawai, 1 hari")
    history = Assignment.history.count()
    response = client.post(grid_url(window, opd_a, "massal/batalkan/"), **HTMX)
    assert response["HX-Redirect"] == grid_url(window, opd_a)
    assert [mode_of(e, days[0]) for e in clerks] == ["WFO", "WFO"]
    assert Assignment.history.count() == history + 2  # the undo is in the history too
    page = client.get(grid_url(window, opd_a)).content.decode()
    assert "Tindakan massal terakhir dibatalkan: 2 sel jadwal diubah." in page
    assert "Batalkan tindakan massal terakhir" not in page  # nothing left to undo


def test_undo_is_refused_with_the_reason_after_a_later_edit(
    login, window, days, bkpsdm, head_a, opd_a, puskesmas_staff
):
    clerks = puskesmas_staff["admin"][:3]
    ids = [e.pk for e in clerks]
    run(
        opd_a,
        window,
        bkpsdm,
        lambda: services.assignments_set(
            opd=opd_a, window=window, employee_ids=ids, day_ids=[days[1].pk], mode=Mode.WFH,
            by=bkpsdm, bulk=True,
        ),
        day_ids=[days[1].pk],
    )  # fmt: skip
    services.assignments_set(
        opd=opd_a, window=window, employee_ids=[ids[1]], day_ids=[days[1].pk], mode=Mode.WFO,
        by=bkpsdm,
    )  # fmt: skip
    body = login(bkpsdm).post(grid_url(window, opd_a, "massal/batalkan/"), **HTMX).content.decode()
    assert "tidak dapat dibatalkan: 1 selnya sudah diubah lagi sesudahnya" in body
    assert "Staf 1, Selasa, 25 Maret 2025 (oleh Admin BKPSDM)" in body
    assert [mode_of(e, days[1]) for e in clerks] == ["WFH", "WFO", "WFH"]  # nothing changed
    assert BulkChange.objects.get().undone_at is None


def test_undo_is_refused_once_the_plan_is_approved(
    window, days, bkpsdm, head_a, opd_a, puskesmas_staff
):
    clerk = puskesmas_staff["admin"][0]
    run(
        opd_a,
        window,
        bkpsdm,
        lambda: services.assignments_set(
            opd=opd_a, window=window, employee_ids=[clerk.pk], day_ids=[days[0].pk],
            mode=Mode.WFH, by=bkpsdm, bulk=True,
        ),
        day_ids=[days[0].pk],
    )  # fmt: skip
    plan = services.plan_submit(plan=services.plan_for(opd=opd_a, window=window), by=bkpsdm)
    services.plan_approve(plan=plan, by=head_a)
    with pytest.raises(PermissionDenied, match="sudah disetujui sejak itu"):
        bulk.bulk_undo(opd=opd_a, window=window, by=bkpsdm)
    assert mode_of(clerk, days[0]) == "WFH"


# --- copying a previous week or window -----------------------------------------------------


def test_copying_a_window_keeps_the_cap_skips_wfo_only_staff_and_counts_them(
    window, days, next_window, bkpsdm, opd_a, unit_a, puskesmas_staff
):
    """Lebaran 2025 (Mon 24, Tue 25, Wed 26, Thu 27 March, Tue 8 April) onto 2-6 February 2026,
    by weekday: a clerk's three remote days keep the first two (the cap), Friday is untouched."""
    clerk = puskesmas_staff["admin"][0]
    for day in (days[0], days[2], days[3]):
        Assignment.objects.create(employee=clerk, day=day, mode=Mode.WFH)
    sanctioned = EmployeeFactory(unit=unit_a, ineligibility=RestrictionKind.SANCTION)
    Assignment.objects.create(employee=sanctioned, day=days[0], mode=Mode.WFH)  # before it
    targets = list(next_window.days.all())
    result = patterns.assignments_copy_from(
        opd=opd_a,
        window=next_window,
        source=f"periode:{window.pk}",
        employee_ids=[clerk.pk, sanctioned.pk],
        day_ids=[d.pk for d in targets],
        by=bkpsdm,
    )
    assert [mode_of(clerk, d) for d in targets] == ["WFH", "WFO", "WFH", "WFO", "WFO"]
    assert (result.changed, result.skipped_over_cap) == (2, 1)
    assert result.skipped_ineligible == [sanctioned]
    assert "1 sel dilewati karena melebihi batas" in result.message()
    assert not Assignment.objects.filter(employee=sanctioned, day__window=next_window).exists()


def test_copying_a_week_skips_a_mode_the_window_does_not_allow(
    window, days, next_window, bkpsdm, opd_a, puskesmas_staff
):
    clerk = puskesmas_staff["admin"][1]
    Assignment.objects.create(employee=clerk, day=days[1], mode=Mode.WFA, wfa_place="Lahat")
    next_window.allows_wfa = False
    next_window.save()
    result = patterns.assignments_copy_from(
        opd=opd_a,
        window=next_window,
        source="minggu:2025-03-24",
        employee_ids=[clerk.pk],
        day_ids=[d.pk for d in next_window.days.all()],
        by=bkpsdm,
    )
    assert (result.changed, result.skipped_mode) == (0, 1)
    assert "1 sel dilewati karena modenya tidak diizinkan pada periode ini" in result.message()


def test_copying_into_an_approved_plan_is_refused_and_changes_nothing(
    window, days, next_window, bkpsdm, head_a, opd_a, puskesmas_staff
):
    clerk = puskesmas_staff["admin"][0]
    Assignment.objects.create(employee=clerk, day=days[0], mode=Mode.WFH)
    Plan.objects.create(opd=opd_a, window=next_window, status="approved")
    with pytest.raises(PermissionDenied, match="sudah disetujui dan terkunci"):
        patterns.assignments_copy_from(
            opd=opd_a,
            window=next_window,
            source=f"periode:{window.pk}",
            employee_ids=[clerk.pk],
            day_ids=[d.pk for d in next_window.days.all()],
            by=bkpsdm,
        )
    assert not Assignment.objects.filter(day__window=next_window).exists()


@pytest.mark.parametrize("source", ["periode:99999", "minggu:2025-03-25", "minggu:x", "rumah:1"])
def test_a_forged_source_is_refused(next_window, bkpsdm, opd_a, puskesmas_staff, source):
    with pytest.raises(ValidationError, match="Sumber salinan tidak dikenal"):
        patterns.assignments_copy_from(
            opd=opd_a,
            window=next_window,
            source=source,
            employee_ids=[puskesmas_staff["admin"][0].pk],
            day_ids=[d.pk for d in next_window.days.all()],
            by=bkpsdm,
        )


def test_copying_its_own_window_is_refused(next_window, bkpsdm, opd_a, puskesmas_staff):
    with pytest.raises(ValidationError, match="Sumber salinan tidak dikenal"):
        patterns.assignments_copy_from(
            opd=opd_a,
            window=next_window,
            source=f"periode:{next_window.pk}",
            employee_ids=[puskesmas_staff["admin"][0].pk],
            day_ids=[d.pk for d in next_window.days.all()],
            by=bkpsdm,
        )


def test_the_grid_copies_a_window_for_the_whole_opd_and_says_what_it_skipped(
    login, window, days, next_window, bkpsdm, opd_a, puskesmas_staff
):
    clerk = puskesmas_staff["admin"][0]
    for day in (days[0], days[2], days[3]):
        Assignment.objects.create(employee=clerk, day=day, mode=Mode.WFH)
    page = login(bkpsdm).get(grid_url(next_window, opd_a)).content.decode()
    assert f'<option value="periode:{window.pk}">Periode Kerja fleksibel Lebaran 2025' in page
    body = (
        login(bkpsdm)
        .post(
            grid_url(next_window, opd_a, "massal/"),
            {
                "action": "copy_from",
                "source": f"periode:{window.pk}",
                "versions": page_versions([clerk], list(next_window.days.all())),
            },
            **HTMX,
        )
        .content.decode()
    )
    assert "2 sel jadwal diubah; 1 sel dilewati karena melebihi batas" in body
    assert "salin pola Periode Kerja fleksibel Lebaran 2025 untuk seluruh OPD" in body


# --- repeating patterns --------------------------------------------------------------------


def test_wfh_every_friday_is_kept_and_applied_to_later_windows(
    next_window, bkpsdm, opd_a, unit_a, puskesmas_staff
):
    clerks = puskesmas_staff["admin"][:2]
    sanctioned = EmployeeFactory(unit=unit_a, ineligibility=RestrictionKind.SANCTION)
    result = patterns.patterns_set(
        opd=opd_a,
        window=next_window,
        employee_ids=[*[e.pk for e in clerks], sanctioned.pk],
        weekdays=[4],
        mode=Mode.WFH,
        by=bkpsdm,
    )
    friday = next_window.days.get(date=date(2026, 2, 6))
    assert result.changed == 2 and result.skipped_ineligible == [sanctioned]
    assert [mode_of(e, friday) for e in clerks] == ["WFH", "WFH"]
    assert sorted(str(p) for p in WorkPattern.objects.all()) == [
        f"{e}: WFH setiap Jumat" for e in sorted(clerks, key=str)
    ]
    later = WindowFactory(slug="uji-berikut")
    for day in (9, 10, 13):  # Monday, Tuesday, Friday
        WindowDayFactory(window=later, date=date(2026, 2, day))
    applied = patterns.assignments_apply_patterns(
        opd=opd_a,
        window=later,
        employee_ids=[e.pk for e in clerks],
        day_ids=[d.pk for d in later.days.all()],
        by=bkpsdm,
    )
    assert applied.changed == 2
    assert [mode_of(clerks[0], d) for d in later.days.order_by("date")] == ["WFO", "WFO", "WFH"]


def test_a_pattern_beyond_the_cap_keeps_the_first_days(next_window, bkpsdm, opd_a, puskesmas_staff):
    clerk = puskesmas_staff["admin"][0]
    result = patterns.patterns_set(
        opd=opd_a,
        window=next_window,
        employee_ids=[clerk.pk],
        weekdays=[0, 1, 2],
        mode=Mode.WFH,
        by=bkpsdm,
    )
    assert (result.changed, result.skipped_over_cap) == (2, 1)
    assert WorkPattern.objects.filter(employee=clerk).count() == 3  # the wish is kept


def test_patterns_are_refused_for_an_approved_plan_or_another_opds_employee(
    next_window, bkpsdm, opd_a, employee_b, puskesmas_staff
):
    with pytest.raises(ValidationError, match="tidak ditemukan di OPD ini"):
        patterns.patterns_set(
            opd=opd_a,
            window=next_window,
            employee_ids=[employee_b.pk],
            weekdays=[4],
            mode=Mode.WFH,
            by=bkpsdm,
        )
    Plan.objects.create(opd=opd_a, window=next_window, status="approved")
    with pytest.raises(PermissionDenied):
        patterns.patterns_set(
            opd=opd_a,
            window=next_window,
            employee_ids=[puskesmas_staff["admin"][0].pk],
            weekdays=[4],
            mode=Mode.WFH,
            by=bkpsdm,
        )
    assert not WorkPattern.objects.exists() and not Assignment.objects.exists()


def test_forged_bulk_posts_change_nothing(
    login, window, days, bkpsdm, opd_a, employee_b, puskesmas_staff
):
    client = login(bkpsdm)
    clerk = puskesmas_staff["admin"][0]
    versions = page_versions([clerk], days)
    forged = [
        {"action": "pattern", "mode": "WFH", "employees": [employee_b.pk], "days": [days[0].pk]},
        {"action": "copy_from", "source": "periode:99999"},
        {"action": "pattern", "mode": "WFO", "employees": [clerk.pk], "days": [days[0].pk]},
        {"action": "pattern_apply", "unit": 999999},
        {"action": "set", "mode": "WFH", "employees": [clerk.pk], "days": [999999]},
    ]
    for data in forged:
        body = client.post(
            grid_url(window, opd_a, "massal/"), data | {"versions": versions}, **HTMX
        ).content.decode()
        assert 'role="alert"' in body, data
    assert not Assignment.objects.exists() and not WorkPattern.objects.exists()
    assert not BulkChange.objects.exists()


def test_the_grid_sets_and_clears_a_pattern_and_shows_it_on_the_row(
    login, window, days, bkpsdm, opd_a, puskesmas_staff
):
    clerk = puskesmas_staff["admin"][0]
    client = login(bkpsdm)
    thursday = days[3]
    body = client.post(
        grid_url(window, opd_a, "massal/"),
        {
            "action": "pattern",
            "mode": "WFH",
            "employees": [clerk.pk],
            "days": [thursday.pk],
            "versions": page_versions([clerk], days),
        },
        **HTMX,
    ).content.decode()
    assert "1 sel jadwal diubah." in body and "pola: WFH Kam" in body
    assert "pola WFH setiap Kamis untuk 1 pegawai" in body  # the undo names it
    body = client.post(
        grid_url(window, opd_a, "massal/"),
        {
            "action": "pattern_clear",
            "employees": [clerk.pk],
            "versions": page_versions([clerk], days),
        },
        **HTMX,
    ).content.decode()
    assert "1 pola berulang dihapus" in body and not WorkPattern.objects.exists()
    assert mode_of(clerk, thursday) == "WFH"


@pytest.mark.parametrize("extra", [0, 30])
def test_a_bulk_preview_takes_the_same_queries_whatever_the_unit_size(
    login, window, days, bkpsdm, opd_a, unit_a, puskesmas_staff, extra, django_assert_num_queries
):
    EmployeeFactory.create_batch(extra, unit=unit_a, position_name="Perawat Terampil")
    client = login(bkpsdm)
    data = whole_unit(unit_a, days[0], page_versions([puskesmas_staff["dokter"]], days))
    # 42 whatever the unit's size: session, user, window, OPD, days, copy sources, the form's
    # days and unit, the unit's staff; the plan made and locked (select, insert, its history,
    # lock); the action's days, the rules; coverage before (units, staff and remote tallies);
    # the write (plan lock, employees, days, stored cells, week caps, the insert and its
    # history: one statement on PostgreSQL, approved before?); coverage after (3); the
    # savepoints around them (11)
    with django_assert_num_queries(45 if connection.vendor == "postgresql" else 46):
        body = client.post(grid_url(window, opd_a, "massal/"), data, **HTMX).content.decode()
    assert "Pratinjau, belum disimpan" in body
