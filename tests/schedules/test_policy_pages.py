"""Policies set by BKPSDM in the portal, the policy a window follows, and cap exceptions."""

from datetime import date

import pytest
from django.db import IntegrityError, transaction

from schedules.models import CapException, FlexPolicy, FlexWindow
from tests.factories import EmployeeFactory

POLICIES = "/kebijakan/"
ADD = "/kebijakan/tambah/"
EXCEPTIONS = "/pengecualian-batas/"


def policy_data(**changes):
    data = {
        "name": "SE MenPANRB No. 2 Tahun 2026",
        "legal_basis": "SE MenPANRB No. 2 Tahun 2026 (16–17 dan 25–27 Maret 2026)",
        "location_flex": "on",
        "allows_wfh": "on",
        "allows_wfa": "on",
        "weekly_cap": "2",
        "time_flex": "on",
        "evaluation_due": "2026-04-30",
        "notes": "",
    }
    return data | changes


def exception_data(employee, **changes):
    data = {
        "employee": employee.pk,
        "reason": "Tugas khusus: posko mudik",
        "days_per_week": "3",
        "starts_on": "2025-03-24",
        "ends_on": "2025-03-30",
    }
    return data | changes


def test_bkpsdm_configures_two_circulars_in_the_portal(login, reference_data, bkpsdm):
    client = login(bkpsdm)
    assert client.post(ADD, policy_data()).status_code == 302
    response = client.post(
        ADD,
        policy_data(
            name="SE MenPANRB No. 8 Tahun 2025",
            legal_basis="SE MenPANRB No. 8 Tahun 2025 (Natal dan Tahun Baru)",
            allows_wfh="",
            weekly_cap="1",
            time_flex="",
            evaluation_due="",
        ),
        follow=True,
    )
    assert (
        "Kebijakan &#x27;SE MenPANRB No. 8 Tahun 2025&#x27; disimpan." in response.content.decode()
    )
    christmas = FlexPolicy.objects.get(name="SE MenPANRB No. 8 Tahun 2025")
    assert (christmas.weekly_cap, christmas.remote_modes(), christmas.time_flex) == (
        1,
        ["WFA"],
        False,
    )
    assert FlexPolicy.history.filter(name=christmas.name).get().history_user == bkpsdm
    page = client.get(POLICIES).content.decode()
    assert "SE MenPANRB No. 2 Tahun 2026" in page and "PermenPANRB No. 4 Tahun 2025" in page


def test_the_seeded_policy_governs_the_windows_since_it_is_in_force(reference_data):
    policy = FlexPolicy.objects.get(name="PermenPANRB No. 4 Tahun 2025")
    assert policy.weekly_cap == 2 and policy.legal_basis
    slugs = set(policy.windows.values_list("slug", flat=True))
    assert {"akhir-tahun-2025", "lebaran-2026"} <= slugs and "lebaran-2025" not in slugs


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"legal_basis": "  "}, "Dasar hukum wajib diisi"),
        ({"weekly_cap": "6"}, "harus antara 0 dan 5"),
        ({"weekly_cap": "-1"}, "harus antara 0 dan 5"),
        ({"weekly_cap": "dua"}, "harus berupa angka 0 sampai 5"),
        ({"allows_wfh": "", "allows_wfa": ""}, "sedikitnya satu mode"),
    ],
)
def test_a_bad_policy_is_refused_and_nothing_is_saved(
    login, reference_data, bkpsdm, changes, message
):
    before = FlexPolicy.objects.count()
    response = login(bkpsdm).post(ADD, policy_data(**changes))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert FlexPolicy.objects.count() == before


def test_the_database_holds_the_cap_between_0_and_5(reference_data):
    for cap in (6, -1):
        with pytest.raises(IntegrityError), transaction.atomic():
            FlexPolicy.objects.create(name=f"x{cap}", legal_basis="x", weekly_cap=cap)
    with pytest.raises(IntegrityError), transaction.atomic():
        FlexPolicy.objects.create(name="tanpa dasar", legal_basis="")


def test_bkpsdm_picks_a_windows_policy_and_the_window_takes_its_modes(login, window, bkpsdm):
    wfa_only = FlexPolicy.objects.create(
        name="Hanya WFA", legal_basis="SE uji", allows_wfh=False, weekly_cap=1
    )
    client = login(bkpsdm)
    url = f"/periode/{window.slug}/kebijakan/"
    assert client.post(url, {"policy": wfa_only.pk}).status_code == 302
    window.refresh_from_db()
    assert window.policy == wfa_only and window.allowed_modes() == ["WFO", "WFA"]
    # A forged choice changes nothing.
    response = client.post(url, {"policy": 999999})
    assert response.status_code == 400 and "tidak ditemukan" in response.content.decode()
    window.refresh_from_db()
    assert window.policy == wfa_only


def test_changing_a_policy_changes_the_modes_of_its_windows(login, reference_data, bkpsdm):
    policy = FlexPolicy.objects.get(name="PermenPANRB No. 4 Tahun 2025")
    data = policy_data(name=policy.name, legal_basis=policy.legal_basis, location_flex="")
    assert login(bkpsdm).post(f"/kebijakan/{policy.pk}/ubah/", data).status_code == 302
    assert FlexWindow.objects.get(slug="lebaran-2026").allowed_modes() == ["WFO"]


def test_the_head_grants_an_exception_for_their_own_staff_and_it_is_in_history(
    login, reference_data, head_a, employee_a
):
    response = login(head_a).post(EXCEPTIONS, exception_data(employee_a), follow=True)
    assert f"Pengecualian untuk {employee_a.name} dicatat: 3 hari" in response.content.decode()
    exception = CapException.objects.get()
    assert exception.granted_by == head_a and exception.days_per_week == 3
    assert exception.history.get().history_user == head_a
    page = login(head_a).get(EXCEPTIONS).content.decode()
    assert "Tugas khusus: posko mudik" in page


def test_a_head_cannot_grant_for_another_opd(login, reference_data, head_b, employee_a):
    response = login(head_b).post(EXCEPTIONS, exception_data(employee_a))
    assert response.status_code == 400
    assert "Pegawai tidak ditemukan di OPD Anda." in response.content.decode()
    assert not CapException.objects.exists()


def test_bkpsdm_grants_for_any_opd(login, reference_data, bkpsdm, employee_b):
    assert login(bkpsdm).post(EXCEPTIONS, exception_data(employee_b)).status_code == 302
    assert CapException.objects.get().employee == employee_b


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"reason": "   "}, "Tuliskan alasannya"),
        ({"days_per_week": "0"}, "antara 1 dan 5"),
        ({"days_per_week": "6"}, "antara 1 dan 5"),
        ({"ends_on": "2025-03-01"}, "Tanggal akhir tidak boleh sebelum tanggal mulai."),
        ({"starts_on": "besok"}, "Masukkan tanggal yang valid"),
    ],
)
def test_a_bad_exception_is_refused_and_nothing_is_saved(
    login, reference_data, head_a, employee_a, changes, message
):
    response = login(head_a).post(EXCEPTIONS, exception_data(employee_a, **changes))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not CapException.objects.exists()


def test_an_inactive_employee_gets_no_exception(login, reference_data, head_a, unit_a):
    gone = EmployeeFactory(unit=unit_a, is_active=False)
    assert login(head_a).post(EXCEPTIONS, exception_data(gone)).status_code == 400
    assert not CapException.objects.exists()


def test_revoking_is_kept_in_history_and_another_opd_gets_404(
    login, reference_data, head_a, head_b, employee_a
):
    exception = CapException.objects.create(
        employee=employee_a,
        reason="Kondisi pribadi",
        starts_on=date(2025, 3, 24),
        ends_on=date(2025, 3, 30),
    )
    url = f"/pengecualian-batas/{exception.pk}/cabut/"
    assert login(head_b).post(url).status_code == 404
    assert login(head_a).post(url).status_code == 302
    assert not CapException.objects.exists()
    assert exception.history.latest().history_type == "-"
    assert exception.history.latest().history_user == head_a
