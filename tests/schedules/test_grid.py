"""The planning grid page, in-place cell edits, bulk actions, history and 'Jadwal saya'."""

import re

import pytest

from schedules import services
from schedules.models import Assignment, CoverageRule, Mode, Plan, PlanStatus
from tests.conftest import BELL, READ_LOG
from tests.factories import EmployeeFactory

HTMX = {"HTTP_HX_REQUEST": "true"}


def grid_url(window, opd, action=""):
    return f"/periode/{window.slug}/rencana/{opd.code}/{action}"


def versions(employee, days, version=0):
    return ",".join(f"{employee.pk}:{d.pk}:{version}" for d in days)


def mode_of(employee, day):
    row = Assignment.objects.filter(employee=employee, day=day).first()
    return row.mode if row else "WFO"


def test_bkpsdm_sees_rows_grouped_by_unit_with_coverage(
    login, window, bkpsdm, opd_a, puskesmas_staff, admin_unit
):
    EmployeeFactory(unit=admin_unit, name="Yusuf Hamzah")
    page = login(bkpsdm).get(grid_url(window, opd_a)).content.decode()
    assert page.index("Puskesmas Makrayu") < page.index("dr. Rina Sari")
    assert page.index("Sekretariat Dinas Kesehatan") < page.index("Yusuf Hamzah")
    assert page.count("terpenuhi") >= 5  # the puskesmas is covered on each of the 5 days
    assert "Senin, 24 Mar 2025" in page or "Sen, 24 Mar 2025" in page
    assert 'name="mode"' in page  # BKPSDM may edit a draft
    assert "Ajukan ke Kepala OPD" in page


def test_filters_by_name_unit_position_and_asn_type(
    login, window, bkpsdm, opd_a, puskesmas_staff, admin_unit
):
    EmployeeFactory(unit=admin_unit, name="Yusuf Hamzah", asn_type="PPPK", golongan="7")
    client = login(bkpsdm)
    page = client.get(grid_url(window, opd_a), {"q": "Rina"}).content.decode()
    assert "dr. Rina Sari" in page and "Bidan Ani" not in page
    page = client.get(grid_url(window, opd_a), {"position": "bidan"}).content.decode()
    assert "Bidan Ani" in page and "dr. Rina Sari" not in page
    page = client.get(grid_url(window, opd_a), {"unit": admin_unit.pk}).content.decode()
    assert "Yusuf Hamzah" in page and "Bidan Ani" not in page
    page = client.get(grid_url(window, opd_a), {"asn_type": "PPPK"}).content.decode()
    assert "Yusuf Hamzah" in page and "Bidan Ani" not in page
    page = client.get(
        grid_url(window, opd_a), {"q": puskesmas_staff["bidan"].nip[:12]}
    ).content.decode()
    assert "Bidan Ani" in page


def test_the_head_reads_a_draft_but_cannot_edit_it(login, window, head_a, opd_a, puskesmas_staff):
    page = login(head_a).get(grid_url(window, opd_a)).content.decode()
    assert "dr. Rina Sari" in page
    assert 'name="mode"' not in page
    assert "Setujui rencana" not in page  # nothing submitted yet


def test_the_head_edits_and_decides_a_submitted_plan(login, window, head_a, opd_a, puskesmas_staff):
    Plan.objects.create(opd=opd_a, window=window, status=PlanStatus.SUBMITTED)
    page = login(head_a).get(grid_url(window, opd_a)).content.decode()
    assert 'name="mode"' in page and "Setujui rencana" in page and "Kembalikan" in page


def test_the_mayors_office_reads_without_controls(login, window, mayor, opd_a, puskesmas_staff):
    page = login(mayor).get(grid_url(window, opd_a)).content.decode()
    assert "dr. Rina Sari" in page
    assert 'name="mode"' not in page and "Ajukan" not in page


def test_a_cell_edit_returns_the_row_and_the_units_coverage(
    login, window, days, bkpsdm, opd_a, puskesmas_staff
):
    doctor = puskesmas_staff["dokter"]
    response = login(bkpsdm).post(
        grid_url(window, opd_a, "sel/"),
        {
            "employee": doctor.pk,
            "day": days[0].pk,
            "mode": "WFH",
            "versions": versions(doctor, days),
        },
        **HTMX,
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "1 sel jadwal diubah" in body
    assert f'id="row-{doctor.pk}" data-employee="{doctor.pk}" hx-swap-oob="true"' in body
    assert f'id="cov-{doctor.unit_id}"' in body and "kurang 1" in body
    assert mode_of(doctor, days[0]) == "WFH"
    assert body.count('<tr id="row-') == 1  # only the changed row comes back


def test_wfa_without_a_place_is_refused_and_with_one_is_kept(
    login, window, days, bkpsdm, opd_a, employee_a
):
    client = login(bkpsdm)
    body = client.post(
        grid_url(window, opd_a, "sel/"),
        {
            "employee": employee_a.pk,
            "day": days[1].pk,
            "mode": "WFA",
            "wfa_place": "   ",
            "versions": versions(employee_a, days),
        },
        **HTMX,
    ).content.decode()
    assert "Tuliskan tempat WFA" in body and 'role="alert"' in body
    assert not Assignment.objects.exists()
    client.post(
        grid_url(window, opd_a, "sel/"),
        {
            "employee": employee_a.pk,
            "day": days[1].pk,
            "mode": "WFA",
            "wfa_place": "Lahat, rumah mertua",
            "versions": versions(employee_a, days),
        },
        **HTMX,
    )
    assert (
        Assignment.objects.get(employee=employee_a, day=days[1]).wfa_place == "Lahat, rumah mertua"
    )


def test_a_wfa_place_with_an_invisible_character_is_refused_with_it_named(
    login, window, days, bkpsdm, opd_a, employee_a
):
    body = (
        login(bkpsdm)
        .post(
            grid_url(window, opd_a, "sel/"),
            {
                "employee": employee_a.pk,
                "day": days[1].pk,
                "mode": "WFA",
                "wfa_place": "Lahat\u202etxt.exe",
                "versions": versions(employee_a, days),
            },
            **HTMX,
        )
        .content.decode()
    )
    assert "U+202E (RIGHT-TO-LEFT OVERRIDE)" in body and 'role="alert"' in body
    assert not Assignment.objects.exists()


def test_a_cell_edit_without_the_versions_it_saw_is_refused_like_a_stale_one(
    login, window, days, bkpsdm, opd_a, employee_a
):
    client = login(bkpsdm)
    for forged in ({"versions": ""}, {}, {"versions": f"{employee_a.pk}:{days[3].pk}:0"}):
        body = client.post(
            grid_url(window, opd_a, "sel/"),
            {"employee": employee_a.pk, "day": days[0].pk, "mode": "WFH", **forged},
            **HTMX,
        ).content.decode()
        assert "tidak mengirim versi jadwal" in body
    assert not Assignment.objects.exists()


def test_a_stale_cell_edit_is_refused_and_shows_the_current_value(
    login, window, days, bkpsdm, head_a, opd_a, employee_a
):
    stale = versions(employee_a, days)
    services.assignments_set(
        opd=opd_a,
        window=window,
        employee_ids=[employee_a.pk],
        day_ids=[days[0].pk],
        mode=Mode.WFA,
        wfa_place="Prabumulih",
        by=bkpsdm,
    )
    response = login(bkpsdm).post(
        grid_url(window, opd_a, "sel/"),
        {"employee": employee_a.pk, "day": days[0].pk, "mode": "WFH", "versions": stale},
        **HTMX,
    )
    body = response.content.decode()
    assert "sudah diubah oleh Admin BKPSDM" in body and 'role="alert"' in body
    assert '<option value="WFA" selected>' in body  # the row now shows what is stored
    assert mode_of(employee_a, days[0]) == "WFA"


def test_an_ineligible_employee_is_refused_with_the_reason(
    login, window, days, bkpsdm, opd_a, ineligible
):
    body = (
        login(bkpsdm)
        .post(
            grid_url(window, opd_a, "sel/"),
            {
                "employee": ineligible.pk,
                "day": days[0].pk,
                "mode": "WFH",
                "versions": versions(ineligible, days),
            },
            **HTMX,
        )
        .content.decode()
    )
    assert "hanya boleh WFO" in body and "Hukuman disiplin, tanpa batas akhir" in body
    assert not Assignment.objects.exists()


@pytest.mark.parametrize(
    "post",
    [
        {"mode": "XYZ"},  # not a mode
        {"employee": "abc"},  # not an id
        {"versions": "1:2"},  # forged version data
    ],
)
def test_a_forged_cell_post_changes_nothing(login, window, days, bkpsdm, opd_a, employee_a, post):
    data = {"employee": employee_a.pk, "day": days[0].pk, "mode": "WFH", "versions": ""} | post
    body = login(bkpsdm).post(grid_url(window, opd_a, "sel/"), data, **HTMX).content.decode()
    assert 'role="alert"' in body
    assert not Assignment.objects.exists()


def test_another_opds_employee_cannot_be_set_through_this_opds_grid(
    login, window, days, bkpsdm, opd_a, employee_b
):
    body = (
        login(bkpsdm)
        .post(
            grid_url(window, opd_a, "sel/"),
            {"employee": employee_b.pk, "day": days[0].pk, "mode": "WFH", "versions": ""},
            **HTMX,
        )
        .content.decode()
    )
    assert "tidak ditemukan di OPD ini" in body
    assert not Assignment.objects.exists()


def test_bulk_set_selected_employees_and_days(login, window, days, bkpsdm, opd_a, puskesmas_staff):
    staff = puskesmas_staff["admin"][:3]
    response = login(bkpsdm).post(
        grid_url(window, opd_a, "massal/"),
        {
            "action": "set",
            "mode": "WFH",
            "employees": [e.pk for e in staff],
            "days": [days[0].pk, days[1].pk],
            "versions": [versions(e, days) for e in staff],
        },
        **HTMX,
    )
    assert "6 sel jadwal diubah" in response.content.decode()
    assert Assignment.objects.filter(mode="WFH").count() == 6


def test_bulk_whole_unit_skips_wfo_only_staff_and_says_who(
    login, window, days, bkpsdm, opd_a, puskesmas_staff, ineligible
):
    clerk = puskesmas_staff["admin"][0]
    data = {
        "action": "unit",
        "mode": "WFH",
        "unit": opd_a.units.get().pk,
        "days": [days[0].pk],
        "versions": [versions(clerk, days)],
    }
    client = login(bkpsdm)
    preview = client.post(grid_url(window, opd_a, "massal/"), data, **HTMX).content.decode()
    assert (
        "Pratinjau, belum disimpan: 10 sel jadwal akan diubah; 1 pegawai akan dilewati" in preview
    )
    assert not Assignment.objects.exists()
    token = re.search(r'name="confirm" value="(\w+)"', preview)[1]
    response = client.post(grid_url(window, opd_a, "massal/"), data | {"confirm": token}, **HTMX)
    body = response.content.decode()
    assert "10 sel jadwal diubah; 1 pegawai dilewati karena hanya boleh WFO: Budi Santoso." in body
    assert Assignment.objects.filter(mode="WFH").count() == 10
    assert not Assignment.objects.filter(employee=ineligible).exists()


def test_bulk_set_skips_pinned_cells_and_counts_them(
    login, window, days, bkpsdm, opd_a, puskesmas_staff
):
    nurse, clerk = puskesmas_staff["perawat"][0], puskesmas_staff["admin"][0]
    services.cells_pin(
        opd=opd_a,
        window=window,
        employee_ids=[nurse.pk],
        day_ids=[days[0].pk],
        pinned=True,
        by=bkpsdm,
        expected_versions=None,
    )
    body = (
        login(bkpsdm)
        .post(
            grid_url(window, opd_a, "massal/"),
            {
                "action": "set",
                "mode": "WFH",
                "employees": [nurse.pk, clerk.pk],
                "days": [days[0].pk],
                "versions": [versions(nurse, days, 1), versions(clerk, days)],
            },
            **HTMX,
        )
        .content.decode()
    )
    assert "1 sel jadwal diubah; 1 sel yang dikunci manual dilewati." in body
    assert (mode_of(nurse, days[0]), mode_of(clerk, days[0])) == ("WFO", "WFH")


def test_a_bulk_post_without_versions_is_refused(login, window, days, bkpsdm, opd_a, employee_a):
    body = (
        login(bkpsdm)
        .post(
            grid_url(window, opd_a, "massal/"),
            {"action": "unit", "mode": "WFH", "unit": employee_a.unit.pk, "days": [days[0].pk]},
            **HTMX,
        )
        .content.decode()
    )
    assert "tidak mengirim versi jadwal" in body
    assert not Assignment.objects.exists()


def test_bulk_copy_day_and_reset(login, window, days, bkpsdm, opd_a, puskesmas_staff):
    nurse = puskesmas_staff["perawat"][0]
    client = login(bkpsdm)
    services.assignments_set(
        opd=opd_a,
        window=window,
        employee_ids=[nurse.pk],
        day_ids=[days[0].pk],
        mode=Mode.WFA,
        wfa_place="Pagar Alam",
        by=bkpsdm,
    )
    client.post(
        grid_url(window, opd_a, "massal/"),
        {
            "action": "copy",
            "source_day": days[0].pk,
            "employees": [nurse.pk],
            "days": [days[2].pk, days[3].pk],
            "versions": [f"{nurse.pk}:{days[0].pk}:1," + versions(nurse, days[1:])],
        },
        **HTMX,
    )
    assert [mode_of(nurse, d) for d in days] == ["WFA", "WFO", "WFA", "WFA", "WFO"]
    client.post(
        grid_url(window, opd_a, "massal/"),
        {
            "action": "reset",
            "employees": [nurse.pk],
            "days": [d.pk for d in days],
            "versions": [
                ",".join(
                    f"{nurse.pk}:{d.pk}:{1 if i in (0, 2, 3) else 0}" for i, d in enumerate(days)
                )
            ],
        },
        **HTMX,
    )
    assert [mode_of(nurse, d) for d in days] == ["WFO"] * 5


def test_bulk_without_javascript_redirects_back_with_a_message(
    login, window, days, bkpsdm, opd_a, employee_a
):
    CoverageRule.objects.all().delete()  # nothing to preview: saved at once
    response = login(bkpsdm).post(
        grid_url(window, opd_a, "massal/"),
        {
            "action": "set",
            "mode": "WFH",
            "employees": [employee_a.pk],
            "days": [days[0].pk],
            "query": "q=Siti",
            "versions": [versions(employee_a, days)],
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == grid_url(window, opd_a) + "?q=Siti"
    assert "1 sel jadwal diubah" in response.content.decode()


def test_bulk_with_missing_choices_says_what_is_missing(login, window, bkpsdm, opd_a, employee_a):
    body = (
        login(bkpsdm)
        .post(grid_url(window, opd_a, "massal/"), {"action": "set"}, **HTMX)
        .content.decode()
    )
    assert "Pilih mode kerja." in body and "Pilih sedikitnya satu hari." in body
    assert "Pilih sedikitnya satu pegawai" in body


@pytest.mark.parametrize("extra", [0, 49])
def test_grid_query_count_is_the_same_for_1_and_50_rows(
    login, window, days, bkpsdm, opd_a, employee_a, extra, django_assert_num_queries
):
    for employee in EmployeeFactory.create_batch(extra, unit=employee_a.unit):
        Assignment.objects.create(employee=employee, day=days[0], mode=Mode.WFH)
    client = login(bkpsdm)
    # 16 (test_grid_page's 17 less the last bulk action: no plan row yet), then the read log of
    # the rows shown (one event, one insert of its rows) and the bell
    with django_assert_num_queries(19 + READ_LOG + BELL):
        response = client.get(grid_url(window, opd_a))
    assert response.content.decode().count('<tr id="row-') == 1 + extra


def test_plan_history_shows_who_changed_what(
    login, window, days, bkpsdm, head_a, head_b, opd_a, employee_a
):
    client = login(bkpsdm)
    client.post(
        grid_url(window, opd_a, "sel/"),
        {
            "employee": employee_a.pk,
            "day": days[0].pk,
            "mode": "WFH",
            "versions": versions(employee_a, days),
        },
        **HTMX,
    )
    page = login(head_a).get(grid_url(window, opd_a, "riwayat/")).content.decode()
    assert "Admin BKPSDM" in page and "Siti Aminah" in page
    assert '<td class="mode-WFO">WFO</td>' in page and "<strong>WFH</strong>" in page
    assert login(head_b).get(grid_url(window, opd_a, "riwayat/")).status_code == 404


def test_employee_history_for_bkpsdm_and_own_head_only(
    login, window, days, bkpsdm, head_a, head_b, mayor, opd_a, employee_a
):
    services.assignments_set(
        opd=opd_a,
        window=window,
        employee_ids=[employee_a.pk],
        day_ids=[days[0].pk],
        mode=Mode.WFH,
        by=bkpsdm,
    )
    url = f"/pegawai/{employee_a.nip}/riwayat/"
    assert "<strong>WFH</strong>" in login(head_a).get(url).content.decode()
    assert login(bkpsdm).get(url).status_code == 200
    assert login(head_b).get(url).status_code == 404
    assert login(mayor).get(url).status_code == 403


def test_my_schedule_shows_every_window_day_with_wfo_by_default(
    login, window, days, bkpsdm, opd_a, employee_user, employee_a
):
    services.assignments_set(
        opd=opd_a,
        window=window,
        employee_ids=[employee_a.pk],
        day_ids=[days[1].pk],
        mode=Mode.WFA,
        wfa_place="Baturaja",
        by=bkpsdm,
    )
    # the seeded windows have all ended by the suite's day: their own page lists them
    page = login(employee_user).get("/jadwal-saya/sebelumnya/").content.decode()
    assert "Selasa, 25 Maret 2025" in page and "Baturaja" in page
    assert page.count('text-muted">bawaan<') == 12  # 13 seeded window days, one assigned
    assert "Kerja fleksibel Lebaran 2026" in page


def test_coverage_rules_are_edited_by_bkpsdm_only(login, bkpsdm, head_a, unit_a):
    assert "Puskesmas: minimal 1 dokter" in login(head_a).get("/aturan/").content.decode()
    assert login(head_a).get("/aturan/tambah/").status_code == 403
    client = login(bkpsdm)
    response = client.post(
        "/aturan/tambah/",
        {
            "name": "Makrayu 3 perawat",
            "unit_code": "pkm-makrayu",
            "kind": "min_onsite_count",
            "value": 3,
            "position_keywords": "perawat",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    rule = CoverageRule.objects.get(name="Makrayu 3 perawat")
    assert rule.unit == unit_a


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"unit_code": "tidak-ada"}, "Unit dengan kode &#x27;tidak-ada&#x27; tidak ditemukan."),
        ({}, "Pilih tepat satu sasaran aturan"),
        (
            {"unit_code": "pkm-makrayu", "service_category": "health"},
            "Pilih tepat satu sasaran aturan",
        ),
        ({"service_category": "health", "kind": "min_onsite_share", "value": 120}, "0 sampai 100"),
    ],
)
def test_a_bad_rule_is_refused_with_a_message(login, bkpsdm, unit_a, data, message):
    before = CoverageRule.objects.count()
    post = {"name": "Aturan uji", "kind": "min_onsite_count", "value": 1} | data
    response = login(bkpsdm).post("/aturan/tambah/", post)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert CoverageRule.objects.count() == before


def test_pinning_cells_keeps_their_mode_and_shows_a_lock(
    login, window, days, bkpsdm, opd_a, puskesmas_staff
):
    nurse, clerk = puskesmas_staff["perawat"][0], puskesmas_staff["admin"][0]
    services.assignments_set(
        opd=opd_a,
        window=window,
        employee_ids=[nurse.pk],
        day_ids=[days[0].pk],
        mode=Mode.WFH,
        by=bkpsdm,
    )
    client = login(bkpsdm)
    body = client.post(
        grid_url(window, opd_a, "massal/"),
        {
            "action": "pin",
            "employees": [nurse.pk, clerk.pk],
            "days": [days[0].pk],
            "versions": [versions(nurse, days[:1], 1), versions(clerk, days[:1])],
        },
        **HTMX,
    ).content.decode()
    assert "2 sel jadwal diubah" in body and body.count(">kunci</span>") == 2
    pinned = {(a.employee_id, a.mode) for a in Assignment.objects.filter(pinned=True)}
    assert pinned == {(nurse.pk, "WFH"), (clerk.pk, "WFO")}  # the default WFO is pinned too
    client.post(
        grid_url(window, opd_a, "massal/"),
        {
            "action": "unpin",
            "employees": [nurse.pk],
            "days": [days[0].pk],
            "versions": [versions(nurse, days[:1], 2)],
        },
        **HTMX,
    )
    assert set(Assignment.objects.filter(pinned=True).values_list("employee_id", flat=True)) == {
        clerk.pk
    }


def test_pinning_is_refused_on_an_approved_plan(login, window, days, bkpsdm, opd_a, employee_a):
    Plan.objects.create(opd=opd_a, window=window, status=PlanStatus.APPROVED)
    body = (
        login(bkpsdm)
        .post(
            grid_url(window, opd_a, "massal/"),
            {
                "action": "pin",
                "employees": [employee_a.pk],
                "days": [days[0].pk],
                "versions": [versions(employee_a, days)],
            },
            **HTMX,
        )
        .content.decode()
    )
    assert "terkunci" in body
    assert not Assignment.objects.exists()
