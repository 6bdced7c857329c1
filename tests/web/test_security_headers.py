"""Security headers on every page: a strict Content-Security-Policy and the usual companions."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/masuk/", "/"])
def test_pages_carry_a_strict_content_security_policy(client, head_a, path):
    client.force_login(head_a)
    policy = client.get(path)["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


def test_companion_headers(client):
    response = client.get("/masuk/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_htmx_is_told_not_to_evaluate_code_or_inject_styles(client):
    page = client.get("/masuk/").content.decode()
    assert '"allowEval": false' in page and '"includeIndicatorStyles": false' in page


def test_pages_are_compressed_for_slow_connections(client):
    response = client.get("/masuk/", HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"


def test_a_forged_form_post_gets_an_indonesian_page_and_changes_nothing(db, head_a):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(head_a)
    response = client.post("/keluar/")
    assert response.status_code == 403
    assert "Formulir tidak dapat diterima" in response.content.decode()
    assert client.get("/").status_code == 200  # still signed in: the post did nothing


def test_not_found_and_forbidden_pages_speak_indonesian(client, employee_user):
    client.force_login(employee_user)
    assert "Halaman tidak ditemukan" in client.get("/opd/tidak-ada-sama-sekali/x/").content.decode()
    assert "Akses ditolak" in client.get("/opd/").content.decode()


def test_excel_downloads_are_not_gzipped_twice(login, bkpsdm, window, opd_a):
    # One OPD's workbook downloads at once (the whole city's is a background job).
    response = login(bkpsdm).get("/rekap/lebaran-2025.xlsx?opd=dinkes", HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert "Content-Encoding" not in response
