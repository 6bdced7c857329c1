"""Page weight as a user on a slow phone connection pays it: bytes over the wire, first and repeat.

The pages are served the way production serves them: collectstatic with whitenoise's compressed,
hashed storage, static files with a year of caching, pages gzipped. Chromium reports the encoded
(compressed) bytes it received; a repeat visit fetches only the page itself. The figures are
written to bench-results/weight.md (gitignored) and quoted in the README.
"""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connections
from django.test.testcases import LiveServerThread
from django.test.utils import override_settings

from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, watch_csp
from tests.factories import EmployeeFactory, WindowDayFactory

FIRST_VISIT_BUDGET = {"masuk": 150_000, "presensi": 150_000}  # bytes, compressed
REPEAT_BUDGET = 50_000
RESULTS = Path(settings.BASE_DIR) / "bench-results" / "weight.md"


@pytest.fixture
def production_server(tmp_path):
    """A live server with production static files: hashed, compressed, cached for a year."""
    storages = settings.STORAGES | {
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}
    }
    with override_settings(
        STATIC_ROOT=tmp_path / "static", STORAGES=storages, WHITENOISE_MAX_AGE=31536000
    ):
        call_command("collectstatic", interactive=False, verbosity=0)
        in_memory = {
            c.alias: c for c in connections.all() if c.vendor == "sqlite" and c.is_in_memory_db()
        }
        for connection in in_memory.values():
            connection.inc_thread_sharing()  # the server thread uses the test's in-memory db
        # No static handler of Django's test server: whitenoise answers, as in production.
        server = LiveServerThread("127.0.0.1", lambda app: app, in_memory, port=0)
        server.daemon = True
        server.start()
        server.is_ready.wait()
        if server.error:
            raise server.error
        yield f"http://127.0.0.1:{server.port}"
        server.terminate()
        server.join()
        for connection in in_memory.values():
            connection.dec_thread_sharing()


def measure(browser, server, name, user, path):
    context = fresh_context(browser, server, user)
    page = context.new_page()
    refused = watch_csp(page)
    first = transferred(page, f"{server}{path}")
    repeat = transferred(page, f"{server}{path}")
    context.close()
    assert not refused, refused
    return name, path, first, repeat


def fresh_context(browser, server, user):
    """A browser with an empty cache, signed in as `user` (through the real login form)."""
    context = browser.new_context(locale="id-ID", timezone_id="Asia/Jakarta")
    if user is None:
        return context
    page = context.new_page()
    page.goto(f"{server}/masuk/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", "rahasia-uji-123")
    page.click("button[type=submit]")
    page.wait_for_url(f"{server}/")
    cookies = context.cookies()
    context.close()  # its cache is warm now
    cold = browser.new_context(locale="id-ID", timezone_id="Asia/Jakarta")
    cold.add_cookies(cookies)
    return cold


def transferred(page, url) -> int:
    """Encoded bytes of every response the page needed (0 for what came from the cache)."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    received = []
    cdp.on("Network.loadingFinished", lambda event: received.append(event["encodedDataLength"]))
    page.goto(url, wait_until="networkidle")
    cdp.detach()
    return sum(received)


def test_first_and_repeat_visits_stay_within_budget(
    browser, production_server, bkpsdm, employee_user, employee_a, window
):
    from django.utils import timezone

    WindowDayFactory(window=window, date=timezone.localdate())  # today is a window day
    EmployeeFactory.create_batch(99, unit=employee_a.unit)  # a 100-row grid page
    pages = [
        ("masuk", None, "/masuk/"),
        ("beranda", bkpsdm, "/"),
        ("grid 100 baris", bkpsdm, "/periode/lebaran-2025/rencana/dinkes/"),
        ("presensi", employee_user, "/presensi/"),
        ("dasbor", bkpsdm, "/dasbor/"),
    ]
    # A browser of its own, closed before the server stops: a shared one keeps connections
    # alive that the stopping server would break in its request threads.
    own = browser.browser_type.launch(
        executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
    )
    try:
        rows = [measure(own, production_server, *spec) for spec in pages]
    finally:
        own.close()

    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(
        "| halaman | alamat | kunjungan pertama | kunjungan ulang |\n|---|---|---|---|\n"
        + "".join(
            f"| {n} | `{p}` | {f / 1000:.1f} KB | {r / 1000:.1f} KB |\n" for n, p, f, r in rows
        )
    )
    for name, _path, first, repeat in rows:
        assert repeat < REPEAT_BUDGET, f"{name}: {repeat} bytes on a repeat visit"
        if name in FIRST_VISIT_BUDGET:
            assert first < FIRST_VISIT_BUDGET[name], f"{name}: {first} bytes on a first visit"
        assert repeat < first, f"{name}: the repeat visit should come from the cache"
