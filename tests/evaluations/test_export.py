"""The print-ready workbook of the evaluation pack, read back with openpyxl."""

from io import BytesIO

from django.urls import reverse
from openpyxl import load_workbook

from evaluations.models import Evaluation, Status
from tests.factories import UnitFactory


def read(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(BytesIO(response.content))


def export(client, window, **params):
    return client.get(reverse("evaluations:export", args=[window.slug]), params)


def test_the_city_workbook_reads_back(login, bkpsdm, activity, august, unit_a, unit_b):
    Evaluation.objects.create(
        window=august, unit=unit_a, status=Status.SUBMITTED, narrative="=Baik", network_ready=True
    )
    ws = read(export(login(bkpsdm), august)).active
    assert ws["A1"].value.startswith("Evaluasi kerja fleksibel")
    assert ws["A5"].value == "OPD" and ws["I5"].value == "Laporan harian dikirim (sebelum)"
    rows = {row[1]: row for row in ws.iter_rows(min_row=6, values_only=True)}
    assert set(rows) == {unit_a.name, unit_b.name}
    mine = rows[unit_a.name]
    assert mine[2:4] == ("Dikirim unit", "Ya") and mine[7] == "=Baik"  # text, not a formula
    assert mine[8:10] == (1, 3)  # reports filed before, after
    assert mine[-2:] == (2, 4.5)  # average rating before, after
    assert rows[unit_b.name][2] == "Belum diisi"


def test_the_workbook_is_print_ready(login, bkpsdm, august, unit_a):
    ws = read(export(login(bkpsdm), august)).active
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9
    assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows == "$5:$5"
    assert ws.oddFooter.center.text == "Halaman &P dari &N"


def test_a_head_gets_their_own_opd_only(login, head_a, head_b, august, unit_a, unit_b):
    ws = read(export(login(head_a), august)).active
    names = [row[1] for row in ws.iter_rows(min_row=6, values_only=True)]
    assert names == [unit_a.name]
    assert export(login(head_b), august, opd=unit_a.opd.code).status_code == 404


def test_bkpsdm_may_export_one_opd(login, bkpsdm, august, unit_a, unit_b):
    ws = read(export(login(bkpsdm), august, opd=unit_a.opd.code)).active
    assert [row[1] for row in ws.iter_rows(min_row=6, values_only=True)] == [unit_a.name]


# session, user; window; units; evaluations; the window's days; 4 figure queries x 2 periods.
EXPORT_QUERIES = 5 + 1 + 8


def test_the_export_runs_a_constant_number_of_queries(
    login, bkpsdm, august, unit_a, opd_a, django_assert_num_queries
):
    client = login(bkpsdm)
    with django_assert_num_queries(EXPORT_QUERIES):
        export(client, august)
    for _ in range(30):
        Evaluation.objects.create(window=august, unit=UnitFactory(opd=opd_a), narrative="n")
    with django_assert_num_queries(EXPORT_QUERIES):
        export(client, august)
