"""The grid page as BKPSDM uses it: mode colours with their text, select-all boxes, the sticky
name column, the folded bulk form, "Ajukan" disabled with its reason, grouped shortfalls."""

import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders

from schedules import services
from schedules.models import Mode, Plan, PlanStatus
from tests.conftest import BELL, READ_LOG
from tests.factories import EmployeeFactory
from tests.schedules.test_grid import HTMX, grid_url, versions


def set_mode(bkpsdm, window, opd, employees, days, mode):
    services.assignments_set(
        opd=opd,
        window=window,
        employee_ids=[e.pk for e in employees],
        day_ids=[d.pk for d in days],
        mode=mode,
        by=bkpsdm,
    )


def test_cells_carry_their_mode_as_colour_and_as_text(
    login, window, days, bkpsdm, mayor, opd_a, employee_a
):
    set_mode(bkpsdm, window, opd_a, [employee_a], days[:1], Mode.WFH)
    page = login(bkpsdm).get(grid_url(window, opd_a)).content.decode()
    assert f'<td data-day="{days[0].pk}" class="mode-WFH">' in page
    assert '<option value="WFH" selected>WFH</option>' in page  # the text, not colour alone
    assert f'<td data-day="{days[1].pk}" class="mode-WFO">' in page
    assert "css/grid.css" in page and "Warna sel:" in page
    read_only = login(mayor).get(grid_url(window, opd_a)).content.decode()
    assert 'class="mode-WFH"><strong>WFH</strong></td>' in read_only


def test_the_grid_stylesheet_beats_bootstraps_cell_background():
    """Bootstrap paints cells with var(--bs-table-bg): the mode classes must set that variable."""
    css = Path(finders.find("css/grid.css")).read_text()
    for mode in ("WFO", "WFH", "WFA"):
        assert re.search(rf"\.mode-{mode} \{{ --bs-table-bg: #[0-9a-f]{{6}}; \}}", css)
    assert "position: sticky; left: 0" in css


def test_editors_get_select_all_boxes_and_a_folded_bulk_form(
    login, window, bkpsdm, opd_a, puskesmas_staff, admin_unit
):
    EmployeeFactory(unit=admin_unit, name="Yusuf Hamzah")
    page = login(bkpsdm).get(grid_url(window, opd_a)).content.decode()
    assert page.count("data-select-page") == 1
    unit_a = puskesmas_staff["dokter"].unit
    assert f'data-select-unit="{unit_a.pk}"' in page
    assert f'data-select-unit="{admin_unit.pk}"' in page
    # every row says its unit, so the unit's box can find its rows
    assert page.count(f'data-unit="{unit_a.pk}"') == 10
    assert '<details id="bulk-box"' in page and "<summary" in page
    assert page.index('<details id="bulk-box"') < page.index('<form id="bulk"')
    assert page.count('class="fw-normal grid-name"') == 11  # the sticky name column


def test_readers_get_no_select_boxes(login, window, head_a, mayor, opd_a, puskesmas_staff):
    for user in (head_a, mayor):  # the head reads a draft; the mayor's office only reads
        page = login(user).get(grid_url(window, opd_a)).content.decode()
        assert "data-select-page" not in page and "data-select-unit" not in page
        assert 'name="employees"' not in page and "bulk-box" not in page


def test_submit_is_disabled_with_the_reason_while_a_rule_is_short(
    login, window, days, bkpsdm, opd_a, puskesmas_staff
):
    set_mode(bkpsdm, window, opd_a, [puskesmas_staff["dokter"]], days[:3], Mode.WFH)
    page = login(bkpsdm).get(grid_url(window, opd_a)).content.decode()
    button = re.search(r"<button[^>]*>Ajukan ke Kepala OPD</button>", page).group(0)
    assert "disabled" in button and 'aria-describedby="submit-reason"' in button
    reason = re.search(r'<p [^>]*id="submit-reason">([^<]*)</p>', page).group(1)
    assert reason.startswith("Belum dapat diajukan: 3 kekurangan")
    assert "schedules/rencana" not in page  # no submit form while short
    assert f'action="{grid_url(window, opd_a, "ajukan/")}"' not in page


def test_submit_is_a_live_button_when_every_rule_is_met(
    login, window, bkpsdm, opd_a, puskesmas_staff
):
    page = login(bkpsdm).get(grid_url(window, opd_a)).content.decode()
    button = re.search(r"<button[^>]*>Ajukan ke Kepala OPD</button>", page).group(0)
    assert "disabled" not in button and 'type="submit"' in button
    assert "submit-reason" not in page


def test_a_cell_edit_swaps_the_submit_button_and_the_shortfalls(
    login, window, days, bkpsdm, opd_a, puskesmas_staff
):
    doctor = puskesmas_staff["dokter"]
    client = login(bkpsdm)
    body = client.post(
        grid_url(window, opd_a, "sel/"),
        {
            "employee": doctor.pk,
            "day": days[0].pk,
            "mode": "WFH",
            "versions": versions(doctor, days),
        },
        **HTMX,
    ).content.decode()
    assert '<div id="plan-submit" hx-swap-oob="true">' in body
    assert '<div id="plan-shortfalls" hx-swap-oob="true">' in body
    assert "disabled" in body and "Belum dapat diajukan: 1 kekurangan" in body
    body = client.post(
        grid_url(window, opd_a, "sel/"),
        {
            "employee": doctor.pk,
            "day": days[0].pk,
            "mode": "WFO",
            "versions": f"{doctor.pk}:{days[0].pk}:1",
        },
        **HTMX,
    ).content.decode()
    assert "Belum dapat diajukan" not in body and ">Ajukan ke Kepala OPD</button></form>" in body
    assert "Semua aturan layanan esensial terpenuhi." in body


def test_the_head_gets_no_submit_button_in_a_cell_edit_response(
    login, window, days, bkpsdm, head_a, opd_a, employee_a
):
    Plan.objects.create(opd=opd_a, window=window, status=PlanStatus.SUBMITTED)
    body = (
        login(head_a)
        .post(
            grid_url(window, opd_a, "sel/"),
            {
                "employee": employee_a.pk,
                "day": days[0].pk,
                "mode": "WFH",
                "versions": versions(employee_a, days),
            },
            **HTMX,
        )
        .content.decode()
    )
    assert '<div id="plan-submit" hx-swap-oob="true">' in body
    assert "Ajukan ke Kepala OPD" not in body


def test_shortfalls_are_one_line_per_unit_and_rule_with_the_days(
    login, window, days, bkpsdm, opd_a, puskesmas_staff
):
    set_mode(bkpsdm, window, opd_a, [puskesmas_staff["dokter"]], days[:3], Mode.WFH)
    page = login(bkpsdm).get(grid_url(window, opd_a)).content.decode()
    panel = page[page.index('id="plan-shortfalls"') : page.index('id="plan-submit"')]
    lines = re.findall(r"<li>(.*?)</li>", panel, re.S)
    assert len(lines) == 1, lines  # 3 days short, one line
    line = " ".join(lines[0].split())
    assert "Puskesmas Makrayu</a>: aturan “Puskesmas: minimal 1 dokter di tempat”" in line
    assert "kurang pada 3 hari" in line
    assert "Sen, 24 Mar (perlu 1 di kantor, rencana 0); Sel, 25 Mar" in line
    assert "3 kekurangan pada aturan layanan esensial</strong> (1 aturan di unit)" in panel


def test_a_wfa_place_is_escaped_in_the_rows(login, window, days, bkpsdm, mayor, opd_a, employee_a):
    services.assignments_set(
        opd=opd_a,
        window=window,
        employee_ids=[employee_a.pk],
        day_ids=[days[0].pk],
        mode=Mode.WFA,
        wfa_place='<b>"Rumah"</b>',
        by=bkpsdm,
    )
    page = login(bkpsdm).get(grid_url(window, opd_a)).content.decode()
    assert 'value="&lt;b&gt;&quot;Rumah&quot;&lt;/b&gt;"' in page and "<b>" not in page


@pytest.mark.parametrize("extra", [0, 40])
def test_grid_query_count_is_the_same_for_10_and_50_rows_with_plans_and_shortfalls(
    login, window, days, bkpsdm, opd_a, puskesmas_staff, extra, django_assert_num_queries
):
    staff = EmployeeFactory.create_batch(extra, unit=puskesmas_staff["dokter"].unit)
    set_mode(bkpsdm, window, opd_a, [puskesmas_staff["dokter"], *staff], days[:2], Mode.WFH)
    client = login(bkpsdm)
    # 17 whatever the rows (session, user, window, OPD, days, plan, units, count, page,
    # assignments, the rows' repeating patterns, 3 of coverage, the plan's review (its history:
    # none for a draft), and for an editor the copy sources and the last bulk action), then the
    # read log and the bell
    with django_assert_num_queries(20 + READ_LOG + BELL):
        response = client.get(grid_url(window, opd_a), {"per": "50"})
    assert response.content.decode().count('<tr id="row-') == 10 + extra
