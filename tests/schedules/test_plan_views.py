"""The plan-status list: filtered by status and sorted by GET parameters; bad values ignored."""

import re

import pytest

from schedules import services
from schedules.models import Mode, Plan, PlanStatus
from tests.conftest import BELL
from tests.factories import OpdFactory


def overview(client, window, **params):
    response = client.get(f"/periode/{window.slug}/rencana/", params)
    assert response.status_code == 200
    return response.content.decode()


def opd_order(page):
    """The OPD names in table order."""
    body = page[page.index("<tbody>") : page.index("</tbody>")]
    return re.findall(r'/rencana/[\w-]+/">([^<]+)</a>', body)


@pytest.fixture
def city(window, opd_a, opd_b, employee_a, employee_b, puskesmas_staff, bkpsdm):
    """Dinkes short on a doctor (draft), Dishub approved, an empty Dinas Sosial (draft)."""
    OpdFactory(code="dinsos", name="Dinas Sosial", short_name="Dinsos")
    Plan.objects.create(opd=opd_b, window=window, status=PlanStatus.APPROVED)
    services.assignments_set(
        opd=opd_a,
        window=window,
        employee_ids=[puskesmas_staff["dokter"].pk],
        day_ids=[d.pk for d in window.days.all()][:2],
        mode=Mode.WFH,
        by=bkpsdm,
    )


def test_the_list_is_filtered_by_status(login, window, bkpsdm, city):
    client = login(bkpsdm)
    assert opd_order(overview(client, window, status="approved")) == ["Dinas Perhubungan"]
    page = overview(client, window, status="draft")
    assert opd_order(page) == ["Dinas Kesehatan", "Dinas Sosial"]
    assert "2 dari 3 OPD" in page
    assert 'aria-current="page" href="?status=draft&amp;urut=opd">Draf: 2</a>' in page
    page = overview(client, window, status="review")
    assert opd_order(page) == [] and "Tidak ada OPD dengan status ini." in page


def test_the_list_is_sorted_by_the_chosen_column(login, window, bkpsdm, city):
    client = login(bkpsdm)
    by_name = ["Dinas Kesehatan", "Dinas Perhubungan", "Dinas Sosial"]
    assert opd_order(overview(client, window)) == by_name
    assert opd_order(overview(client, window, urut="kekurangan"))[0] == "Dinas Kesehatan"
    assert opd_order(overview(client, window, urut="status")) == [
        "Dinas Kesehatan",
        "Dinas Sosial",
        "Dinas Perhubungan",  # draft before approved, in the workflow's order
    ]
    page = overview(client, window, urut="pegawai", status="draft")
    assert opd_order(page) == ["Dinas Kesehatan", "Dinas Sosial"]  # 11 staff, then none
    assert 'aria-sort="descending"><a href="?status=draft&amp;urut=pegawai">' in page


@pytest.mark.parametrize(
    "params",
    [
        {"status": "hapus"},
        {"urut": "name; DROP TABLE"},
        {"status": "<script>", "urut": "-status"},
        {"status": ["draft", "approved"], "urut": ""},
    ],
)
def test_bad_parameters_are_ignored_without_an_error(login, window, bkpsdm, city, params):
    page = overview(login(bkpsdm), window, **params)
    if isinstance(params.get("status"), list):  # the last of repeated values counts
        assert opd_order(page) == ["Dinas Perhubungan"]
    else:
        assert opd_order(page) == ["Dinas Kesehatan", "Dinas Perhubungan", "Dinas Sosial"]
    assert "<script>" not in page.split("<main", 1)[-1].split("</main>")[0]


def test_the_head_sees_only_their_own_opd_whatever_the_filter(login, window, head_a, city):
    client = login(head_a)
    assert opd_order(overview(client, window, urut="status")) == ["Dinas Kesehatan"]
    assert opd_order(overview(client, window, status="approved")) == []


@pytest.mark.parametrize("opds", [1, 8])
def test_the_list_query_count_does_not_grow_with_opds(
    login, window, bkpsdm, city, opds, django_assert_num_queries
):
    OpdFactory.create_batch(opds)
    client = login(bkpsdm)
    # 11 whatever the number of OPDs (session, user, window, OPDs with their staff, plans,
    # coverage's rules, days, units, staff and remote counts, remote cells), then the bell
    with django_assert_num_queries(12 + BELL):
        overview(client, window, urut="terakhir", status="draft")


def test_reading_a_plan_s_history_never_creates_the_plan(login, bkpsdm, window, opd_a):
    page = login(bkpsdm).get(f"/periode/{window.slug}/rencana/{opd_a.code}/riwayat/")
    assert page.status_code == 200
    assert not Plan.objects.exists()  # a GET reads; only the workflow creates the plan row
