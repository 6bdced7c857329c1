"""Time flexibility (PermenPANRB No. 4/2025): working hours per employee and window day."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from schedules.models import FlexPolicy, HoursKind, Plan, PlanStatus, WorkingHours
from schedules.services.hours import (
    Hours,
    parse_hours_amount,
    parse_time,
    working_hours_clear,
    working_hours_set,
)

JAKARTA = ZoneInfo("Asia/Jakarta")
SHIFT = Hours(HoursKind.SHIFT, 7 * 60, 15 * 60 + 30)
DYNAMIC = Hours(HoursKind.DYNAMIC, 6 * 60, 18 * 60, 450)


def put(window, opd, employees, days, hours, by):
    return working_hours_set(
        opd=opd,
        window=window,
        employee_ids=[e.pk for e in employees],
        day_ids=[d.pk for d in days],
        hours=hours,
        by=by,
    )


def test_bkpsdm_sets_a_shift_and_dynamic_hours(timed, days, opd_a, bkpsdm, employee_a):
    assert put(timed, opd_a, [employee_a], days[:2], SHIFT, bkpsdm) == 2
    row = WorkingHours.objects.get(employee=employee_a, day=days[0])
    assert row.describe() == "07.00–15.30 (shift)"
    assert row.latest_start == 7 * 60
    assert put(timed, opd_a, [employee_a], days[:1], DYNAMIC, bkpsdm) == 1
    row = WorkingHours.objects.get(employee=employee_a, day=days[0])
    assert row.describe() == "jam dinamis 06.00–18.00, 7,5 jam"
    assert row.latest_start == 10 * 60 + 30
    assert WorkingHours.objects.count() == 2
    assert row.history.count() == 2
    assert {h.history_user for h in WorkingHours.history.all()} == {bkpsdm}


def test_clear_removes_the_hours_and_records_it(timed, days, opd_a, bkpsdm, employee_a):
    put(timed, opd_a, [employee_a], days[:3], SHIFT, bkpsdm)
    cleared = working_hours_clear(
        opd=opd_a, window=timed, employee_ids=[employee_a.pk], day_ids=[days[0].pk], by=bkpsdm
    )
    assert cleared == 1 and WorkingHours.objects.count() == 2
    assert WorkingHours.history.get(history_type="-").history_user == bkpsdm


@pytest.mark.parametrize(
    ("hours", "message"),
    [
        (Hours(HoursKind.SHIFT, 15 * 60, 7 * 60), "Jam selesai harus setelah jam mulai"),
        (Hours(HoursKind.SHIFT, 8 * 60, 8 * 60), "Jam selesai harus setelah jam mulai"),
        (Hours(HoursKind.SHIFT, 0, 25 * 60), "satu shift tidak boleh lebih dari 24 jam"),
        (Hours(HoursKind.SHIFT, 20 * 60, 44 * 60), "satu shift tidak boleh lebih dari 24 jam"),
        (Hours(HoursKind.DYNAMIC, 6 * 60, 10 * 60, 300), "melebihi rentang jam dinamis"),
        (Hours(HoursKind.DYNAMIC, 6 * 60, 10 * 60, 0), "lebih dari 0"),
        (Hours("malam", 6 * 60, 10 * 60), "Jenis jam kerja tidak dikenal"),
    ],
)
def test_bad_hours_are_refused_and_nothing_is_saved(
    timed, days, opd_a, bkpsdm, employee_a, hours, message
):
    with pytest.raises(ValidationError, match=message):
        put(timed, opd_a, [employee_a], days[:1], hours, bkpsdm)
    assert not WorkingHours.objects.exists()


def test_bad_times_in_a_form_are_refused():
    assert parse_time("07.30", "Jam mulai") == 450 and parse_time("24:00", "Jam selesai") == 1440
    for text in ("7", "25.00", "07.75", "", "tujuh"):
        with pytest.raises(ValidationError):
            parse_time(text, "Jam mulai")
    assert parse_hours_amount("7,5") == 450
    for text in ("0", "25", "x", "-1"):
        with pytest.raises(ValidationError):
            parse_hours_amount(text)


def test_the_database_refuses_what_the_service_refuses(days, employee_a):
    bad = [
        {"kind": "shift", "start_minute": 900, "end_minute": 420},
        {"kind": "shift", "start_minute": 0, "end_minute": 1500},
        {"kind": "dynamic", "start_minute": 360, "end_minute": 600, "required_minutes": 300},
        {"kind": "dynamic", "start_minute": 360, "end_minute": 600, "required_minutes": 0},
        {"kind": "shift", "start_minute": 360, "end_minute": 600, "required_minutes": 60},
    ]
    for values in bad:
        with pytest.raises(IntegrityError), transaction.atomic():
            WorkingHours.objects.create(employee=employee_a, day=days[0], **values)
    assert not WorkingHours.objects.exists()


def test_refused_without_time_flexibility_in_the_policy(window, days, opd_a, bkpsdm, employee_a):
    with pytest.raises(ValidationError, match="tidak mengatur fleksibilitas waktu"):
        put(window, opd_a, [employee_a], days[:1], SHIFT, bkpsdm)
    window.policy = FlexPolicy.objects.create(name="Hanya lokasi", legal_basis="SE 2/2026")
    window.save()
    with pytest.raises(ValidationError, match=r"\(Hanya lokasi\) tidak mengatur"):
        put(window, opd_a, [employee_a], days[:1], SHIFT, bkpsdm)
    assert not WorkingHours.objects.exists()


def test_a_head_cannot_set_hours_for_another_opd(timed, days, opd_a, head_b, employee_a):
    Plan.objects.create(opd=opd_a, window=timed, status=PlanStatus.SUBMITTED)
    with pytest.raises(PermissionDenied):
        put(timed, opd_a, [employee_a], days[:1], SHIFT, head_b)
    assert not WorkingHours.objects.exists()


def test_another_opds_employee_is_refused(timed, days, opd_a, bkpsdm, employee_a, employee_b):
    with pytest.raises(ValidationError, match="tidak ditemukan di OPD ini"):
        put(timed, opd_a, [employee_a, employee_b], days[:1], SHIFT, bkpsdm)
    assert not WorkingHours.objects.exists()


def test_an_approved_plan_is_refused(timed, days, opd_a, bkpsdm, employee_a):
    put(timed, opd_a, [employee_a], days[:1], SHIFT, bkpsdm)
    Plan.objects.filter(opd=opd_a, window=timed).update(status=PlanStatus.APPROVED)
    with pytest.raises(PermissionDenied, match="sudah disetujui"):
        put(timed, opd_a, [employee_a], days[:2], DYNAMIC, bkpsdm)
    with pytest.raises(PermissionDenied, match="sudah disetujui"):
        working_hours_clear(
            opd=opd_a, window=timed, employee_ids=[employee_a.pk], day_ids=[days[0].pk], by=bkpsdm
        )
    assert list(WorkingHours.objects.values_list("kind", flat=True)) == ["shift"]


@pytest.mark.time_machine(datetime(2025, 3, 20, 8, tzinfo=JAKARTA), tick=False)
def test_jadwal_saya_shows_the_hours(login, timed, days, opd_a, bkpsdm, employee_a, employee_user):
    put(timed, opd_a, [employee_a], days[:1], SHIFT, bkpsdm)
    put(timed, opd_a, [employee_a], days[1:2], DYNAMIC, bkpsdm)
    page = login(employee_user).get("/jadwal-saya/").content.decode()
    assert "Jam kerja: 07.00–15.30 (shift)" in page
    assert "Jam dinamis 06.00–18.00, 7,5 jam" in page
    assert page.count('data-testid="hours"') == 2


# --- the grid's bulk box and the list page -------------------------------------------------

GRID = "/periode/lebaran-2025/rencana/dinkes/"


def posted(employee, days, **extra):
    data = {"employees": [employee.pk], "days": [d.pk for d in days], "hours_kind": "shift"}
    return data | {"hours_start": "07.00", "hours_end": "15.30"} | extra


def test_the_grid_offers_hours_only_with_time_flexibility(login, window, bkpsdm, opd_a):
    client = login(bkpsdm)
    assert "Tetapkan jam kerja" not in client.get(GRID).content.decode()
    window.policy = FlexPolicy.objects.create(name="W", legal_basis="SE 2/2026", time_flex=True)
    window.save()
    assert "Tetapkan jam kerja" in client.get(GRID).content.decode()


def test_the_grid_sets_hours_for_the_checked_employees_and_days(
    login, timed, days, bkpsdm, opd_a, employee_a
):
    client = login(bkpsdm)
    response = client.post(GRID + "jam-kerja/atur/", posted(employee_a, days[:2]), follow=True)
    assert "Jam kerja ditetapkan untuk 2 sel jadwal." in response.content.decode()
    data = posted(employee_a, days[:1], hours_kind="dynamic", hours_start="06.00")
    data |= {"hours_end": "18.00", "hours_required": "7,5"}
    client.post(GRID + "jam-kerja/atur/", data)
    page = client.get(GRID + "jam-kerja/").content.decode()
    assert "jam dinamis 06.00–18.00, 7,5 jam" in page and "07.00–15.30 (shift)" in page


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"hours_end": "06.00"}, "Jam selesai harus setelah jam mulai"),
        ({"hours_end": "31.00"}, "tidak boleh lebih dari 24 jam"),
        ({"hours_start": "jam tujuh"}, "Jam mulai harus berupa jam"),
        ({"hours_kind": "malam"}, "Pilih jenis jam kerja"),
        ({"hours_kind": "dynamic", "hours_required": "13"}, "melebihi rentang jam dinamis"),
        ({"employees": ["x"]}, "Data yang dikirim tidak sah"),
        ({"employees": []}, "Pilih sedikitnya satu pegawai"),
    ],
)
def test_a_bad_post_from_the_grid_changes_nothing(
    login, timed, days, bkpsdm, opd_a, employee_a, extra, message
):
    response = login(bkpsdm).post(
        GRID + "jam-kerja/atur/", posted(employee_a, days[:1], **extra), follow=True
    )
    assert message in response.content.decode()
    assert not WorkingHours.objects.exists()


def test_another_opds_employee_posted_to_the_grid_changes_nothing(
    login, timed, days, bkpsdm, opd_a, employee_a, employee_b
):
    data = posted(employee_a, days[:1]) | {"employees": [employee_a.pk, employee_b.pk]}
    response = login(bkpsdm).post(GRID + "jam-kerja/atur/", data, follow=True)
    assert "tidak ditemukan di OPD ini" in response.content.decode()
    assert not WorkingHours.objects.exists()


def test_the_list_page_clears_the_ticked_hours_all_or_none(
    login, timed, days, bkpsdm, opd_a, employee_a, employee_b
):
    put(timed, opd_a, [employee_a], days[:2], SHIFT, bkpsdm)
    client = login(bkpsdm)
    mine = f"{employee_a.pk}:{days[0].pk}"
    forged = {"cells": [mine, f"{employee_b.pk}:{days[0].pk}"]}
    body = client.post(GRID + "jam-kerja/hapus/", forged, follow=True).content.decode()
    assert "tidak ditemukan di OPD ini" in body and WorkingHours.objects.count() == 2
    body = client.post(GRID + "jam-kerja/hapus/", {"cells": [mine]}, follow=True).content.decode()
    assert "1 jam kerja dihapus" in body and WorkingHours.objects.count() == 1
    assert client.post(GRID + "jam-kerja/hapus/", {"cells": ["1:2:3"]}).status_code == 302
    assert WorkingHours.objects.count() == 1


# --- the workbook ----------------------------------------------------------------------------


def test_the_workbook_notes_the_hours_in_a_last_column(timed, days, opd_a, bkpsdm, employee_a):
    from io import BytesIO

    from openpyxl import load_workbook

    from reports.documents.workbook import write_workbook

    put(timed, opd_a, [employee_a], days[:1], SHIFT, bkpsdm)
    put(timed, opd_a, [employee_a], days[1:2], DYNAMIC, bkpsdm)
    out = BytesIO()
    write_workbook(out, window=timed, opd=opd_a)
    out.seek(0)
    ws = load_workbook(out)["Dinkes"]
    header = [c.value for c in ws[5]]
    assert header[-2:] == ["Tempat WFA", "Jam kerja"]
    row = next(r for r in ws.iter_rows(min_row=6, values_only=True) if r[1] == employee_a.name)
    assert row[len(header) - 1] == (
        "24/3 07.00–15.30 (shift); 25/3 jam dinamis 06.00–18.00, 7,5 jam"
    )
    assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0)
    assert ws.print_area == f"'Dinkes'!$A$1:${chr(64 + len(header))}${ws.max_row}"
