"""Masukan masyarakat: the public pages and their abuse cases, and who reads the feedback."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from attendance import services
from attendance.models import ServiceFeedback
from tests.conftest import BELL
from tests.factories import WindowDayFactory, WindowFactory

FORM = "/masukan/pkm-makrayu/"
GOOD = {"rating": "4", "comment": "Antrean cepat, petugas ramah.", "contact": "0811-000-111"}


def test_the_public_list_shows_essential_services_by_opd(client, window, unit_a, unit_b):
    page = client.get("/masukan/").content.decode()
    assert "Puskesmas Makrayu" in page and "Dinas Kesehatan" in page
    assert "Bidang Lalu Lintas" not in page  # not an essential service
    assert "Kerja fleksibel Lebaran 2025" in page or window.name in page
    assert f'href="{FORM}?periode=' in page


def test_the_public_list_searches_and_chooses_a_window(client, window, unit_a, damkar):
    page = client.get("/masukan/", {"q": "damkar"}).content.decode()
    assert "Pos Damkar Sako" in page and "Puskesmas Makrayu" not in page
    page = client.get("/masukan/", {"periode": window.slug}).content.decode()
    assert f"<strong>{window.name}</strong>" in page


def test_a_citizen_rates_a_service_without_logging_in(client, window, unit_a):
    assert client.get(FORM).status_code == 200
    response = client.post(FORM, GOOD | {"periode": window.slug})
    # A thank-you page of its own, not the long list: reloading it sends nothing again.
    assert response.status_code == 302 and response["Location"] == f"{FORM}terima-kasih/"
    page = client.get(response["Location"]).content.decode()
    assert "Masukan Anda untuk <strong>Puskesmas Makrayu</strong> sudah tersimpan." in page
    assert "https://www.lapor.go.id" in page
    feedback = ServiceFeedback.objects.get()
    assert (feedback.unit, feedback.window, feedback.rating) == (unit_a, window, 4)
    assert feedback.comment == GOOD["comment"] and feedback.contact == GOOD["contact"]
    assert feedback.via_qr is False


def test_a_unit_that_is_not_an_essential_service_has_no_form(client, unit_b):
    assert client.get(f"/masukan/{unit_b.code}/").status_code == 404
    assert client.post(f"/masukan/{unit_b.code}/", GOOD).status_code == 404


def test_without_the_csrf_token_nothing_is_stored(unit_a):
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(FORM, GOOD)
    assert response.status_code == 403
    assert "CSRF" in response.content.decode()
    strict.get(FORM)  # the form sets the cookie; with its token the post goes through
    token = strict.cookies["csrftoken"].value
    assert strict.post(FORM, GOOD | {"csrfmiddlewaretoken": token}).status_code == 302
    assert ServiceFeedback.objects.count() == 1


def test_the_honeypot_rejects_bots_and_says_why(client, unit_a):
    response = client.post(FORM, GOOD | {"website": "http://spam.example"})
    assert response.status_code == 400
    assert "kolom tersembunyi" in response.content.decode()
    assert not ServiceFeedback.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"rating": ""}, "Pilih nilai 1 sampai 5"),
        ({"rating": "0"}, "Pilih"),
        ({"rating": "6"}, "Pilih"),
        ({"rating": "lima"}, "Pilih"),
        ({"comment": "x" * 1001}, "1000"),
        ({"contact": "x" * 201}, "200"),
        (
            {"comment": "beli http://a.example http://b.example www.c.example"},
            "terlalu banyak tautan",
        ),
        ({"comment": "nol\x00byte"}, "Karakter null tidak diizinkan"),
    ],
)
def test_bad_input_is_refused_with_the_reason_and_nothing_is_stored(client, unit_a, data, message):
    response = client.post(FORM, GOOD | data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Masukan belum tersimpan" in page
    assert message.lower() in page.lower()
    assert not ServiceFeedback.objects.exists()


def test_an_address_is_rate_limited(client, settings, unit_a):
    settings.FEEDBACK_RATE_LIMIT = (2, 3600)
    for _ in range(2):
        assert client.post(FORM, GOOD, REMOTE_ADDR="36.71.2.3").status_code == 302
    response = client.post(FORM, GOOD, REMOTE_ADDR="36.71.2.3")
    assert response.status_code == 429
    assert "Terlalu banyak masukan dari alamat jaringan Anda" in response.content.decode()
    assert ServiceFeedback.objects.count() == 2
    # Another address is not affected.
    assert client.post(FORM, GOOD, REMOTE_ADDR="36.71.9.9").status_code == 302


def test_a_typo_does_not_use_up_the_quota_but_a_bot_does(client, settings, unit_a):
    settings.FEEDBACK_RATE_LIMIT = (2, 3600)
    for _ in range(3):
        assert client.post(FORM, GOOD | {"rating": ""}).status_code == 400
    assert client.post(FORM, GOOD | {"website": "x"}).status_code == 400
    assert client.post(FORM, GOOD).status_code == 302
    assert client.post(FORM, GOOD).status_code == 429


def test_behind_the_proxy_a_forged_forwarded_for_does_not_escape_the_limit(
    client, settings, unit_a
):
    settings.WFA_TRUSTED_PROXIES = ["127.0.0.1"]  # the test client's address: our proxy
    settings.FEEDBACK_RATE_LIMIT = (1, 3600)
    assert client.post(FORM, GOOD, HTTP_X_FORWARDED_FOR="1.1.1.1, 36.71.2.3").status_code == 302
    response = client.post(FORM, GOOD, HTTP_X_FORWARDED_FOR="2.2.2.2, 36.71.2.3")
    assert response.status_code == 429
    # Straight to the server, not through the proxy: the header is nobody's word.
    settings.WFA_TRUSTED_PROXIES = []
    assert client.post(FORM, GOOD, HTTP_X_FORWARDED_FOR="36.71.2.3").status_code == 302
    assert client.post(FORM, GOOD, HTTP_X_FORWARDED_FOR="36.71.9.9").status_code == 429


def test_text_is_stored_as_typed_and_shown_escaped(client, login, bkpsdm, unit_a):
    attack = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    client.post(FORM, GOOD | {"comment": attack, "contact": "<b>saya</b>"})
    assert ServiceFeedback.objects.get().comment == attack
    page = login(bkpsdm).get("/pantauan/masukan/").content.decode()
    assert "<script>alert" not in page and "<img src=x" not in page and "<b>saya" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert "&lt;b&gt;saya&lt;/b&gt;" in page


def test_the_public_pages_need_no_login_and_refuse_other_methods(client, unit_a):
    assert client.get("/masukan/").status_code == 200
    assert client.post("/masukan/").status_code == 405
    assert client.put(FORM).status_code == 405


# --- who reads the feedback -----------------------------------------------------------------


@pytest.fixture
def feedback(unit_a, damkar, window):
    ServiceFeedback.objects.create(unit=unit_a, window=window, rating=2, comment="Lama sekali")
    ServiceFeedback.objects.create(unit=damkar, window=window, rating=5, comment="Cepat datang")


def test_bkpsdm_and_the_mayor_see_all_feedback(login, bkpsdm, mayor, feedback):
    for user in (bkpsdm, mayor):
        page = login(user).get("/pantauan/masukan/").content.decode()
        assert "Lama sekali" in page and "Cepat datang" in page
        assert "Nilai rata-rata terendah" in page


def test_a_head_sees_feedback_on_their_own_units(login, head_a, feedback):
    page = login(head_a).get("/pantauan/masukan/").content.decode()
    assert "Lama sekali" in page and "Cepat datang" not in page


def test_the_staff_list_filters(login, bkpsdm, feedback, window):
    client = login(bkpsdm)
    page = client.get("/pantauan/masukan/", {"nilai": "5"}).content.decode()
    assert "Cepat datang" in page and "Lama sekali" not in page
    page = client.get(
        "/pantauan/masukan/", {"opd": "dinkes", "periode": window.slug}
    ).content.decode()
    assert "Lama sekali" in page and "Cepat datang" not in page


def test_employees_may_not_read_feedback(login, employee_user, client, feedback):
    assert login(employee_user).get("/pantauan/masukan/").status_code == 403


def test_anonymous_is_sent_to_login_for_the_staff_list(client):
    response = client.get("/pantauan/masukan/")
    assert response.status_code == 302 and response["Location"].startswith("/masuk/")


@pytest.mark.parametrize("count", [1, 50])
def test_the_staff_list_runs_a_fixed_number_of_queries(
    login, bkpsdm, unit_a, window, django_assert_num_queries, count
):
    ServiceFeedback.objects.bulk_create(
        ServiceFeedback(unit=unit_a, window=window, rating=1 + i % 5) for i in range(count)
    )
    client = login(bkpsdm)
    # session, user, window filter, OPDs, lowest averages, count, page, windows (filter list)
    with django_assert_num_queries(8 + BELL):
        assert client.get("/pantauan/masukan/").status_code == 200


def test_the_list_defaults_to_the_current_window_then_the_next(client, window, unit_a):
    from datetime import timedelta

    from django.utils import timezone

    from tests.factories import WindowDayFactory

    later = WindowDayFactory(
        window__slug="akhir-tahun",
        window__name="Akhir tahun",
        date=timezone.localdate() + timedelta(days=30),
    )
    assert "Selama <strong>Akhir tahun</strong>" in client.get("/masukan/").content.decode()
    WindowDayFactory(window__slug="kini", window__name="Periode kini", date=timezone.localdate())
    assert "Selama <strong>Periode kini</strong>" in client.get("/masukan/").content.decode()
    client.post(FORM, GOOD)
    assert ServiceFeedback.objects.get().window.slug == "kini"
    assert later.window.feedback.count() == 0


def test_feedback_goes_only_to_a_window_that_has_begun(client, window, unit_a):
    """A coming window (or a draft) has no service to rate: its slug posted by hand is refused."""
    coming = WindowFactory(slug="mendatang", name="Periode mendatang")
    WindowDayFactory(window=coming, date=date(2026, 12, 7))
    response = client.post(FORM, GOOD | {"periode": "mendatang"})
    assert response.status_code == 400
    assert "sedang berjalan atau sudah selesai" in response.content.decode()
    assert client.post(FORM, GOOD | {"periode": "tidak-ada"}).status_code == 400
    assert not ServiceFeedback.objects.exists()
    # Asked for on the page, the coming window is not offered: the form rates the latest begun.
    page = client.get(FORM, {"periode": "mendatang"}).content.decode()
    assert 'name="periode" value="mendatang"' not in page
    assert client.post(FORM, GOOD).status_code == 302
    assert ServiceFeedback.objects.get().window != coming
    with pytest.raises(ValidationError):
        services.feedback_record(unit=unit_a, window=coming, rating=5, comment="", contact="")
