"""The evaluation workflow: draft -> submitted -> signed off -> consolidated, and its refusals."""

import pytest
from django.urls import reverse

from evaluations.models import Evaluation, Status
from tests.conftest import BELL

FILLED = {
    "network_ready": "on",
    "devices_ready": "on",
    "readiness_notes": "Sinyal lemah di ruang rekam medis.",
    "narrative": "Layanan tetap berjalan; laporan harian naik.",
}


def url(name, window, unit):
    return reverse(f"evaluations:{name}", args=[window.slug, unit.code])


def messages_of(response) -> str:
    return " ".join(str(m) for m in response.context["messages"])


def test_the_whole_workflow(login, head_a, bkpsdm, august, unit_a):
    client = login(head_a)
    client.post(url("form", august, unit_a), FILLED)
    response = client.post(url("submit", august, unit_a), follow=True)
    assert "dikirim" in messages_of(response)
    response = client.post(url("sign_off", august, unit_a), follow=True)
    assert "disetujui" in messages_of(response)
    client = login(bkpsdm)
    client.post(url("consolidate", august, unit_a))
    evaluation = Evaluation.objects.get(window=august, unit=unit_a)
    assert evaluation.status == Status.CONSOLIDATED
    assert evaluation.network_ready and evaluation.devices_ready
    assert not evaluation.applications_ready
    assert (evaluation.submitted_by, evaluation.signed_off_by) == (head_a, head_a)
    assert evaluation.consolidated_by == bkpsdm and evaluation.consolidated_at
    assert evaluation.history.count() == 5  # created, saved, submitted, signed, consolidated


def test_bkpsdm_may_fill_and_submit_any_unit(login, bkpsdm, august, unit_b):
    client = login(bkpsdm)
    client.post(url("form", august, unit_b), FILLED)
    client.post(url("submit", august, unit_b))
    assert Evaluation.objects.get(unit=unit_b).status == Status.SUBMITTED


def test_submit_without_a_narrative_is_refused(login, head_a, august, unit_a):
    client = login(head_a)
    client.post(url("form", august, unit_a), FILLED | {"narrative": "   "})
    response = client.post(url("submit", august, unit_a), follow=True)
    assert "Uraian evaluasi wajib diisi" in messages_of(response)
    assert Evaluation.objects.get(unit=unit_a).status == Status.DRAFT


@pytest.mark.parametrize(
    ("action", "message"),
    [
        ("sign_off", "Hanya evaluasi yang sudah dikirim dapat disetujui"),
        ("submit", "Uraian evaluasi wajib diisi"),
    ],
)
def test_a_step_in_the_wrong_status_is_refused(login, head_a, august, unit_a, action, message):
    response = login(head_a).post(url(action, august, unit_a), follow=True)
    assert message in messages_of(response)
    assert not Evaluation.objects.exists()  # the refused step rolled back its own draft


def test_consolidating_before_sign_off_is_refused(login, head_a, bkpsdm, august, unit_a):
    login(head_a).post(url("form", august, unit_a), FILLED)
    login(head_a).post(url("submit", august, unit_a))
    response = login(bkpsdm).post(url("consolidate", august, unit_a), follow=True)
    assert "disetujui Kepala OPD" in messages_of(response)
    assert Evaluation.objects.get(unit=unit_a).status == Status.SUBMITTED


def test_a_submitted_evaluation_cannot_be_edited(login, head_a, august, unit_a):
    client = login(head_a)
    client.post(url("form", august, unit_a), FILLED)
    client.post(url("submit", august, unit_a))
    response = client.post(
        url("form", august, unit_a), FILLED | {"narrative": "Ganti"}, follow=True
    )
    assert "tidak dapat diubah" in messages_of(response)
    assert Evaluation.objects.get(unit=unit_a).narrative == FILLED["narrative"]


def test_a_malformed_post_changes_nothing(login, head_a, august, unit_a):
    response = login(head_a).post(url("form", august, unit_a), {"narrative": "x" * 5001})
    assert response.status_code == 200
    assert "5000" in response.content.decode()
    assert not Evaluation.objects.exists()


def test_another_opds_unit_is_not_found(login, head_b, august, unit_a):
    client = login(head_b)
    assert client.get(url("form", august, unit_a)).status_code == 404
    assert client.post(url("form", august, unit_a), FILLED).status_code == 404
    assert client.post(url("submit", august, unit_a)).status_code == 404
    assert not Evaluation.objects.exists()


def test_the_mayors_office_reads_but_never_writes(login, mayor, august, unit_a):
    client = login(mayor)
    page = client.get(url("form", august, unit_a))
    assert page.status_code == 200 and "Simpan draf" not in page.content.decode()
    assert client.post(url("form", august, unit_a), FILLED).status_code == 403
    assert not Evaluation.objects.exists()


def test_the_form_shows_the_figures_beside_the_checklist(login, head_a, activity, august, unit_a):
    page = login(head_a).get(url("form", august, unit_a)).content.decode()
    assert "Laporan harian diterima" in page and "Simpan draf" in page
    assert "4,5" in page or "4.5" in page  # the average rating after


def test_the_list_shows_only_the_heads_own_units(login, head_a, august, unit_a, unit_b):
    page = login(head_a).get(reverse("evaluations:list", args=[august.slug])).content.decode()
    assert unit_a.name in page and unit_b.name not in page


def test_the_window_page_and_menu_link_to_the_evaluations(login, bkpsdm, august):
    page = login(bkpsdm).get(reverse("schedules:window", args=[august.slug])).content.decode()
    assert reverse("evaluations:list", args=[august.slug]) in page
    assert reverse("evaluations:current") in page


# session, user; window; units; evaluations (with who signed, joined); the page's bell.
LIST_QUERIES = 5 + BELL


def test_the_list_runs_a_constant_number_of_queries(
    login, bkpsdm, august, unit_a, opd_a, django_assert_num_queries
):
    from tests.factories import UnitFactory

    client = login(bkpsdm)
    with django_assert_num_queries(LIST_QUERIES):
        client.get(reverse("evaluations:list", args=[august.slug]))
    for _ in range(30):
        unit = UnitFactory(opd=opd_a)
        Evaluation.objects.create(window=august, unit=unit, narrative="n")
    with django_assert_num_queries(LIST_QUERIES):
        client.get(reverse("evaluations:list", args=[august.slug]))


def test_the_admin_lists_evaluations_read_only(client, august, unit_a):
    from tests.factories import UserFactory

    Evaluation.objects.create(window=august, unit=unit_a, narrative="n")
    client.force_login(UserFactory(is_staff=True, is_superuser=True, role="bkpsdm"))
    url = reverse("admin:evaluations_evaluation_changelist")
    assert client.get(url, {"q": "makrayu"}).status_code == 200
    assert client.get(reverse("admin:evaluations_evaluation_add")).status_code == 403


def test_the_dashboards_show_how_far_the_evaluations_are(login, bkpsdm, head_a, window, unit_a):
    """On the pages of every OPD and of an OPD's units; the one-screen dashboards link to it."""
    page = login(bkpsdm).get(f"/dasbor/kota/opd/?periode={window.slug}").content.decode()
    assert "Evaluasi (PermenPANRB 4/2025 Pasal 35)" in page
    assert "unit sudah mulai mengisi evaluasi periode ini" in page
    assert f'href="/evaluasi/{window.slug}/"' in page
    code = head_a.opd.code
    page = login(head_a).get(f"/dasbor/{code}/unit/?periode={window.slug}").content.decode()
    assert "Evaluasi (PermenPANRB 4/2025 Pasal 35)" in page
    page = login(head_a).get(f"/dasbor/{code}/?periode={window.slug}").content.decode()
    assert f'href="/evaluasi/{window.slug}/"' in page
