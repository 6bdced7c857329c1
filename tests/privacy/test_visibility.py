"""Show only what a role needs: citizens' contacts, WFA places and raw coordinates, field by field
(README: "Who sees what"); and a Permissions-Policy that allows geolocation on check-in only."""

import pytest

from attendance.models import ServiceFeedback
from schedules.models import Assignment, Mode
from tests.attendance.conftest import make_check_in, make_report
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

CONTACT = "0812-7777-1234"
PLACE = "Pagar Alam, rumah mertua"


@pytest.fixture
def feedback(unit_a, window):
    return ServiceFeedback.objects.create(
        unit=unit_a, window=window, rating=3, comment="Ramah", contact=CONTACT
    )


@pytest.mark.parametrize(
    ("persona", "sees_contact"), [("head_a", True), ("bkpsdm", True), ("mayor", False)]
)
def test_citizens_contacts_reach_only_the_services_head_and_bkpsdm(
    request, login, feedback, persona, sees_contact
):
    page = login(request.getfixturevalue(persona)).get("/pantauan/masukan/").content.decode()
    assert "Ramah" in page  # the comment is for everyone who reads feedback
    assert (CONTACT in page) is sees_contact
    if not sees_contact:
        assert "Kontak warga hanya dapat dilihat" in page


def test_another_opds_head_sees_no_feedback_of_the_service(login, head_b, feedback):
    assert CONTACT not in login(head_b).get("/pantauan/masukan/").content.decode()


def test_the_public_form_says_who_sees_the_contact(client, unit_a):
    page = client.get(f"/masukan/{unit_a.code}/").content.decode()
    assert "Hanya dilihat kepala OPD penyelenggara layanan ini dan BKPSDM" in page
    assert "dihapus otomatis setelah 90 hari" in page


@pytest.mark.parametrize(
    ("persona", "sees_place"), [("head_a", True), ("bkpsdm", True), ("mayor", False)]
)
def test_wfa_places_reach_the_head_and_bkpsdm_not_the_mayors_office(
    request, login, window, employee_a, opd_a, persona, sees_place
):
    from schedules.models import Plan, PlanStatus

    Plan.objects.create(opd=opd_a, window=window, status=PlanStatus.APPROVED)  # read only grid
    Assignment.objects.create(
        employee=employee_a, day=window.days.first(), mode=Mode.WFA, wfa_place=PLACE
    )
    client = login(request.getfixturevalue(persona))
    page = client.get(f"/periode/{window.slug}/rencana/{opd_a.code}/").content.decode()
    assert "WFA" in page
    assert (PLACE in page) is sees_place


@pytest.mark.parametrize("persona", ["head_a", "mayor"])
def test_the_monitor_shows_a_declared_place_to_the_head_only(
    request, login, today, employee_a, persona
):
    make_check_in(
        employee_a, today, mode=Mode.WFA, planned=Mode.WFO, place=PLACE, flags=["mode_mismatch"]
    )
    page = login(request.getfixturevalue(persona)).get("/pantauan/opd/dinkes/").content.decode()
    assert employee_a.name in page
    assert (PLACE in page) is (persona == "head_a")


def test_raw_coordinates_are_shown_nowhere_in_the_portal_or_the_admin(
    client, login, bkpsdm, head_a, today, employee_a
):
    check_in = make_check_in(
        employee_a,
        today,
        latitude="-3.123457",
        longitude="104.765432",
        accuracy_m=37,
        distance_m=250,
        flags=["outside_radius"],
    )
    report = make_report(employee_a, today)
    pages = [
        login(head_a).get("/pantauan/opd/dinkes/"),
        login(head_a).get(f"/laporan/{report.pk}/"),
        login(bkpsdm).get("/pantauan/opd/dinkes/"),
    ]
    admin = UserFactory(role="bkpsdm", is_staff=True, is_superuser=True)
    client.force_login(admin)
    pages += [
        client.get("/admin/attendance/checkin/"),
        client.get(f"/admin/attendance/checkin/{check_in.pk}/change/"),
    ]
    for response in pages:
        assert response.status_code == 200
        text = response.content.decode()
        for raw in ("3.123457", "3,123457", "104.765432", "104,765432"):
            assert raw not in text
        assert "akurasi" not in text.lower()
    assert "250" in pages[-1].content.decode()  # the distance is what the reader needs


def test_geolocation_is_allowed_on_the_check_in_page_only(login, employee_user, employee_a):
    client = login(employee_user)
    check_in = client.get("/presensi/")["Permissions-Policy"]
    assert "geolocation=(self)" in check_in and "camera=()" in check_in
    for path in ["/", "/jadwal-saya/", "/laporan/", "/data-saya/", f"/pegawai/{employee_a.nip}/"]:
        policy = client.get(path)["Permissions-Policy"]
        assert "geolocation=()" in policy and "microphone=()" in policy, path
    assert "geolocation=()" in client.get("/masuk/")["Permissions-Policy"]
