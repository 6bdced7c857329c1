"""Browser tests: Playwright drives the system Chromium against pytest-django's live server.

Playwright cannot download its own browsers here, so we use Debian's Chromium: its headless shell
(package `chromium-headless-shell`, the same engine without the browser's window, the build
Playwright itself runs headless; it takes about a fifth less CPU per test) when installed, else the
`chromium` package, or the binary named by CHROMIUM_PATH. Without either the tests are skipped
with a hint, except when WFA_REQUIRE_E2E=1 (set by .ci/run): then a missing browser is a failure,
so CI never goes green without having run them.
"""

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles.handlers import StaticFilesHandlerMixin
from django.test import Client
from playwright.sync_api import expect, sync_playwright

from tests.conftest import PASSWORD

E2E_DIR = Path(__file__).resolve().parent
CHROMIUM = Path(
    os.environ.get("CHROMIUM_PATH")
    or next(
        (p for p in ("/usr/bin/chromium-headless-shell", "/usr/bin/chromium") if Path(p).is_file()),
        "/usr/bin/chromium-headless-shell",
    )
)
REQUIRED = os.environ.get("WFA_REQUIRE_E2E") == "1"
MISSING_CHROMIUM = (
    "Chromium tidak ditemukan: pasang dengan 'sudo apt-get install chromium-headless-shell' "
    "(Debian/Ubuntu) "
    "lalu jalankan lagi"
)
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
# Screenshots of the journeys and of every page at both widths (screenshots/, gitignored) cost a
# tenth of the browser tests' time; they are taken when asked: WFA_SCREENSHOTS=1 make test.
SCREENSHOTS = os.environ.get("WFA_SCREENSHOTS") == "1"


def pytest_collection_modifyitems(config, items):
    """Mark everything under tests/e2e as `e2e`; skip it when there is no browser to drive.

    The live server answers from another thread, so the tests need a transactional database;
    the flush after each one seeds again what the data migrations seeded (windows, coverage
    rules, the policy: tests/conftest.py), so every page looks like a real one.
    """
    missing = not CHROMIUM.is_file()
    for item in items:
        if not item.path.is_relative_to(E2E_DIR):
            continue
        item.add_marker(pytest.mark.e2e)
        item.add_marker(pytest.mark.django_db(transaction=True))
        if missing and not REQUIRED:
            item.add_marker(pytest.mark.skip(reason=f"{MISSING_CHROMIUM} ({CHROMIUM})"))


@pytest.fixture(autouse=True)
def _fixed_clock(_fixed_clock):
    """Browser tests keep the suite's fixed clock (FIXED_NOW, tests/conftest.py), on purpose.

    Only the server moves: the live server runs in this process, so it reads the travelled clock,
    while Chromium keeps the real one. FIXED_NOW is in the past, and the gap grows with
    every year this suite lives, so the session cookie's Expires (server clock + 10 h,
    SESSION_COOKIE_AGE) is already past for the browser. That is harmless because Django also
    sends Max-Age, which browsers obey over Expires (RFC 6265 section 5.3, checked with Chromium
    156: it keeps such a cookie for Max-Age seconds from its own clock and drops one that has
    only the past Expires). The same holds for the CSRF cookie; the tests marked to travel to
    March 2025 already rely on it.

    So a fixed working Wednesday at 10:00 WIB beats the alternatives: the real clock (no move)
    lets a run at 23:59 WIB straddle midnight and a weekend run meet no working day, and a
    forward jump around midnight would still leave the weekday to chance.

    What this choice assumes, to revisit if it changes: no cookie is set with only an Expires
    (Django's session, CSRF and messages cookies are not), and no page script reads the browser's
    date (`new Date()`): the browser's "today" is the real one, not FIXED_NOW.
    """


@pytest.fixture(scope="session", autouse=True)
def _static_cached_as_in_production():
    """Static files come with WhiteNoise's production header, `Cache-Control: max-age` of a year.

    The live server serves them through Django's static handler, which sends only Last-Modified;
    its Date is the fixed clock's (days behind the browser's), so Chromium found every file stale
    and asked again on every page (about 3,000 requests to the test server per run, half of them
    for files the browser already held). Production (WhiteNoise, WHITENOISE_MAX_AGE) answers
    with a year's max-age, and so does the test server now.
    """
    original = StaticFilesHandlerMixin.serve

    def serve(self, request):
        response = original(self, request)
        response["Cache-Control"] = f"max-age={settings.WHITENOISE_MAX_AGE or 31536000}"
        return response

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(StaticFilesHandlerMixin, "serve", serve)
        yield


@pytest.fixture(scope="session")
def browser(live_server):
    """One Chromium for the whole run.

    It asks for live_server only so that the server is stopped after the browser: Chromium closing
    its keep-alive connections to a stopped server woke request threads that then touched the
    shared in-memory SQLite connection from the wrong thread.
    """
    if not CHROMIUM.is_file():
        pytest.fail(f"WFA_REQUIRE_E2E=1 but {CHROMIUM} is missing. {MISSING_CHROMIUM}")
    # Playwright's sync API keeps an asyncio loop running in this thread, which makes Django
    # refuse ORM calls from the test body (factories, assertions) as "async unsafe". They are
    # not: the loop never runs our code. Only for as long as the browser lives.
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    """A fresh browser context per test (no cookies carried over), as a user in Palembang sees it.

    `page.goto("/masuk/")` is relative to the live server.
    """
    context = browser.new_context(
        base_url=live_server.url, locale="id-ID", timezone_id="Asia/Jakarta"
    )
    page = context.new_page()
    refused = watch_csp(page)
    yield page
    context.close()
    assert not refused, f"the Content-Security-Policy refused: {refused}"


def watch_csp(page) -> list[str]:
    """Collect what the browser's Content-Security-Policy refused on this page.

    An inline script or style that the policy blocks fails silently for the user (a dead
    button); the browser tests turn it into a failure. Tests that open their own contexts
    call this on their pages too.
    """
    refused: list[str] = []

    def on_console(message):
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            refused.append(message.text)

    page.on("console", on_console)
    return refused


@pytest.fixture
def login_as(page, live_server):
    """Sign in through the real login form: `login_as(head_a)` leaves `page` on the home page."""

    def _login_as(user, password=PASSWORD):
        page.goto("/masuk/")
        page.locator("#id_username").fill(user.username)
        page.locator("#id_password").fill(password)
        page.get_by_role("button", name="Masuk").click()
        expect(page).to_have_url(f"{live_server.url}/")
        return page

    return _login_as


def session_cookie(user, url: str) -> dict:
    """A session of `user` made on the server, as the cookie a browser at `url` would hold."""
    client = Client()
    client.force_login(user)
    return {
        "name": settings.SESSION_COOKIE_NAME,
        "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
        "url": url,
        "httpOnly": True,
        "secure": settings.SESSION_COOKIE_SECURE,
        "sameSite": "Lax",
    }


@pytest.fixture
def signed_in(live_server):
    """`signed_in(page, user)`: the browser holds a session of `user`, made on the server.

    For tests about other pages (accessibility, page widths, page weight): the login form costs
    two page loads per test and is tested on its own (test_login_journey) and in every journey,
    which sign in through it with `login_as`.
    """

    def _signed_in(page, user):
        page.context.add_cookies([session_cookie(user, live_server.url)])
        return page

    return _signed_in


@pytest.fixture
def screenshot():
    """`screenshot(page, "home-bkpsdm")` saves screenshots/home-bkpsdm.png (gitignored).

    Only with WFA_SCREENSHOTS=1 (see SCREENSHOTS); otherwise it does nothing and returns None.
    """
    folder = Path(settings.BASE_DIR) / "screenshots"

    def _screenshot(page, name, *, full_page=True):
        if not SCREENSHOTS:
            return None
        folder.mkdir(exist_ok=True)
        path = folder / f"{name}.png"
        page.screenshot(path=path, full_page=full_page)
        return path

    return _screenshot


# The pages added in round 3, for the walks (accessibility, page widths), as the roles that use
# them; `{restriction}` and `{mapping}` are filled in from the `round_three` fixture. CHECK is
# the fingerprint import's dry-run report, reached by uploading a file (`visit`).
CHECK = "/presensi-mesin/periksa/"
ROUND_THREE = {
    "bkpsdm": [
        "/presensi-mesin/",
        CHECK,
        "/presensi-mesin/rekonsiliasi/",
        "/presensi-mesin/rekonsiliasi/dinkes/",
        "/pembatasan-wfo/",
        "/pembatasan-wfo/catat/",
        "/pembatasan-wfo/{restriction}/",
        "/plh/",
        "/plh/tunjuk/?opd=dinkes",
        "/pegawai-impor/kolom-siasn/",
        "/pegawai-impor/unor/",
        "/pegawai-impor/unor/tambah/",
        "/pegawai-impor/unor/{mapping}/",
        "/laporan/mingguan/opd.pdf?opd=dinkes",
    ],
    "head_a": [
        "/presensi-mesin/rekonsiliasi/dinkes/",
        "/pembatasan-wfo/",
        "/pembatasan-wfo/{restriction}/",
        "/plh/",
        "/plh/tunjuk/",
        "/laporan/mingguan/opd.pdf",
        "/unduhan/{job}/",
    ],
    "mayor": [
        "/presensi-mesin/rekonsiliasi/",
        "/presensi-mesin/rekonsiliasi/dinkes/",
        "/pembatasan-wfo/",
        "/pembatasan-wfo/{restriction}/",
    ],
}


@pytest.fixture
def round_three(settings, tmp_path, opd_a, unit_a, employee_a, employee_user, head_a, bkpsdm):
    """What those pages show at their fullest: a fingerprint machine with today's punches (one
    late, one unknown number) and an explanation, a sanction with a long SK number, a Plh, a
    SIASN unor mapping; the weekly PDF made in the background (its job page, not the file). The
    fingerprint file has the long name a user gives a file saved from the machine's software."""
    from datetime import datetime, time, timedelta

    from django.utils import timezone

    from devicelogs.models import Device, DeviceUser, Explanation, LineKind, Punch, PunchImport
    from eligibility.models import RestrictionKind
    from opd.models import Delegation
    from reports.documents.exports import week_pdf_start
    from staff_import.models import UnitMapping
    from tests.factories import EmployeeFactory, RestrictionFactory

    settings.WFA_PLAN_PDF_IMMEDIATE_MAX_STAFF = 0
    today = timezone.localdate()
    device = Device.objects.create(code="dinkes-lobi", name="Mesin lobi Dinkes", opd=opd_a)
    log = tmp_path / "Presensi_Mesin_Lobi_Dinas_Kesehatan_Kota_Palembang_November_2026.dat"
    batch = PunchImport.objects.create(device=device, source="file", file_name=log.name)
    DeviceUser.objects.create(device=device, device_user_id="17", employee=employee_a)
    late = EmployeeFactory(
        unit=unit_a, name="Dr. dr. Raden Ayu Kusumawardhani Setyaningrum, Sp.PD-KGEH, M.Kes."
    )
    for employee, hour in ((employee_a, 7), (late, 9)):
        at = timezone.make_aware(datetime.combine(today, time(hour, 41)))
        Punch.objects.create(device=device, employee=employee, at=at, day=today, batch=batch)
    Explanation.objects.create(
        employee=late, date=today, kind=LineKind.OUTSIDE_HOURS, note="Rapat di Dinkes Provinsi",
        by=head_a,
    )  # fmt: skip
    restriction = RestrictionFactory(
        employee=employee_a, kind=RestrictionKind.SANCTION, start_date=today, end_date=None,
        basis="SK Wali Kota Palembang Nomor 800.1.6.4/1234/BKPSDM/2026 tentang Hukuman Disiplin",
    )  # fmt: skip
    Delegation.objects.create(
        opd=opd_a, account=employee_user, kind="plh", starts_on=today,
        ends_on=today + timedelta(days=6), basis="Surat Perintah 800/77/Dinkes/2026",
        named_by=bkpsdm,
    )  # fmt: skip
    mapping = UnitMapping.objects.create(
        siasn_id="8ae48286-7a5c-11e9-9a2f-0242ac110002",
        siasn_name="Bidang Pencegahan dan Pengendalian Penyakit Menular dan Tidak Menular",
        unit=unit_a,
    )
    log.write_text(
        f"{employee_a.nip:>18}\t{today} 07:12:09\t1\t0\t0\t0\n"
        f"{'31':>18}\t{today} 07:00:00\t1\t0\t0\t0\n"
    )
    job, _ = week_pdf_start(user=head_a, opd=opd_a, monday=today - timedelta(today.weekday()))
    return {"restriction": restriction.pk, "mapping": mapping.pk, "job": job.pk, "log": log}


def visit(page, path: str, round_three: dict | None = None):
    """Open `path` (its `{restriction}` style parts filled in); CHECK uploads the attlog. A
    refused or missing page fails here: the walks check pages, not error pages. What the page
    folds (`<details>`: the reconciliation per unit) is opened, so the walks see it too."""
    if round_three is not None:
        path = path.format(**round_three)
    if path != CHECK:
        response = page.goto(path)
        assert response.ok, f"{path}: {response.status}"
    else:
        page.goto("/presensi-mesin/")
        page.get_by_label("Mesin presensi").select_option(label="Mesin lobi Dinkes (dinkes-lobi)")
        page.get_by_label("Berkas log (attlog .dat/.txt, CSV atau .xlsx)").set_input_files(
            str(round_three["log"])
        )
        page.get_by_role("button", name="Periksa berkas").click()
        expect(page.get_by_test_id("rows-read")).to_have_text("2")
    page.evaluate("document.querySelectorAll('main details').forEach((d) => { d.open = true; })")
