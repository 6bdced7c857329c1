"""Page weight as a user on a slow phone connection pays it: bytes over the wire, first and repeat.

The pages are served the way production serves them: collectstatic with whitenoise's compressed,
hashed storage, static files with a year of caching, pages gzipped. Chromium reports the encoded
(compressed) bytes it received; a repeat visit fetches only the page itself. The figures are
written to bench-results/weight.md (gitignored) and quoted in the README.
"""

from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connections
from django.test.testcases import LiveServerThread
from django.test.utils import override_settings

from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, session_cookie, watch_csp
from tests.factories import EmployeeFactory, WindowDayFactory

# Budgets per page group, bytes over the wire (compressed), HTML + CSS + JS + the rest together:
# a first visit with an empty cache, and a repeat visit (only the page itself, the rest cached).
# Public and staff pages are opened on cheap phones over mobile data; the planning grid and the
# dashboards (Chart.js) on office PCs.
GROUPS = {
    "publik": 150_000,
    "pegawai": 150_000,
    "daftar": 150_000,
    "perencanaan": 200_000,
    "dasbor": 250_000,
}
REPEAT_BUDGET = 50_000
KINDS = {"Document": "html", "Stylesheet": "css", "Script": "js"}  # everything else: "lain"
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


def measure(browser, server, group, name, user, path):
    context = fresh_context(browser, server, user)
    page = context.new_page()
    refused = watch_csp(page)
    first = transferred(page, f"{server}{path}")
    repeat = transferred(page, f"{server}{path}")
    context.close()
    assert not refused, refused
    return Weight(group, name, path, first, repeat)


@dataclass
class Weight:
    """What one page cost: bytes per kind (html, css, js, lain) on a first and a repeat visit."""

    group: str
    name: str
    path: str
    first: dict
    repeat: dict

    def row(self) -> str:
        kinds = " | ".join(kb(self.first.get(kind, 0)) for kind in ("html", "css", "js", "lain"))
        return (
            f"| {self.group} | {self.name} | `{self.path}` | {kinds} | {kb(total(self.first))} "
            f"| {kb(total(self.repeat))} |\n"
        )


def total(kinds: dict) -> int:
    return sum(kinds.values())


def kb(size: int) -> str:
    return f"{size / 1000:.1f} KB"


def fresh_context(browser, server, user):
    """A browser with an empty cache, signed in as `user` (a session made on the server)."""
    context = browser.new_context(locale="id-ID", timezone_id="Asia/Jakarta")
    if user is not None:
        context.add_cookies([session_cookie(user, server)])
    return context


def transferred(page, url) -> dict[str, int]:
    """Encoded bytes of every response the page needed, per kind (0 for what came from cache)."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    kinds, received = {}, {}
    cdp.on(
        "Network.responseReceived",
        lambda event: kinds.__setitem__(event["requestId"], KINDS.get(event["type"], "lain")),
    )
    cdp.on(
        "Network.loadingFinished",
        lambda event: received.__setitem__(event["requestId"], event["encodedDataLength"]),
    )
    page.goto(url, wait_until="networkidle")
    cdp.detach()
    by_kind: dict[str, int] = {}
    for request, size in received.items():
        kind = kinds.get(request, "lain")
        by_kind[kind] = by_kind.get(kind, 0) + size
    return by_kind


@pytest.mark.slow
def test_first_and_repeat_visits_stay_within_budget(
    browser, production_server, bkpsdm, head_a, employee_user, employee_a, window
):
    from django.utils import timezone

    WindowDayFactory(window=window, date=timezone.localdate())  # today is a window day
    EmployeeFactory.create_batch(99, unit=employee_a.unit)  # a 100-row grid page
    pages = [
        ("publik", "masuk", None, "/masuk/"),
        ("publik", "masukan publik", None, "/masukan/"),
        ("pegawai", "beranda pegawai", employee_user, "/"),
        ("pegawai", "presensi", employee_user, "/presensi/"),
        ("pegawai", "laporan saya", employee_user, "/laporan/"),
        ("pegawai", "jadwal saya", employee_user, "/jadwal-saya/"),
        ("daftar", "beranda BKPSDM", bkpsdm, "/"),
        ("daftar", "pegawai OPD (100)", head_a, "/opd/dinkes/pegawai/"),
        ("daftar", "pemeriksaan laporan", head_a, "/laporan/pemeriksaan/"),
        ("perencanaan", "grid 100 baris", bkpsdm, "/periode/lebaran-2025/rencana/dinkes/"),
        ("perencanaan", "status rencana", bkpsdm, "/periode/lebaran-2025/rencana/"),
        ("dasbor", "dasbor kota", bkpsdm, "/dasbor/"),
        ("dasbor", "dasbor OPD", head_a, "/dasbor/dinkes/"),
        ("dasbor", "pantauan", bkpsdm, "/pantauan/"),
    ]
    # A browser of its own, closed before the server stops: a shared one keeps connections
    # alive that the stopping server would break in its request threads.
    own = browser.browser_type.launch(
        executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
    )
    try:
        weights = [measure(own, production_server, *spec) for spec in pages]
    finally:
        own.close()

    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(
        "| kelompok | halaman | alamat | HTML | CSS | JS | lain | kunjungan pertama "
        "| kunjungan ulang |\n|---|---|---|---|---|---|---|---|---|\n"
        + "".join(weight.row() for weight in weights)
    )
    for weight in weights:
        first, repeat = total(weight.first), total(weight.repeat)
        assert first < GROUPS[weight.group], f"{weight.name}: {first} bytes on a first visit"
        assert repeat < REPEAT_BUDGET, f"{weight.name}: {repeat} bytes on a repeat visit"
        assert repeat < first, f"{weight.name}: the repeat visit should come from the cache"
