"""Every main page, as the roles that use it, passes axe-core with no serious or critical issue.

axe-core comes from npm (node_modules/axe-core) and is injected into the page by the test; the
context bypasses the Content-Security-Policy for that injection only.
"""

from pathlib import Path

import pytest
from django.conf import settings

from tests.e2e.conftest import ROUND_THREE, visit
from tests.factories import EmployeeFactory

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
GRID = "/periode/lebaran-2025/rencana/dinkes/"

# (persona fixture or None, path) — each page as a role that really uses it.
PAGES = [
    (None, "/masuk/"),
    ("bkpsdm", "/"),
    ("head_a", "/"),
    ("mayor", "/"),
    ("employee_user", "/"),
    ("bkpsdm", "/opd/"),
    ("bkpsdm", "/opd/dinkes/"),
    ("head_a", "/opd/dinkes/pegawai/"),
    ("bkpsdm", "/periode/"),
    ("bkpsdm", "/periode/lebaran-2025/"),
    ("bkpsdm", GRID),
    ("head_a", GRID),
    ("bkpsdm", "/periode/lebaran-2025/rencana/"),
    ("bkpsdm", GRID + "riwayat/"),
    ("bkpsdm", "/aturan/"),
    ("bkpsdm", "/aturan/tambah/"),
    ("employee_user", "/jadwal-saya/"),
    ("bkpsdm", "/pegawai-impor/"),
    ("employee_user", "/presensi/"),
    ("employee_user", "/laporan/"),
    ("head_a", "/laporan/pemeriksaan/"),
    ("head_a", "/pantauan/"),
    ("bkpsdm", "/pantauan/"),
    ("mayor", "/pantauan/masukan/"),
    ("bkpsdm", "/pantauan/periode/lebaran-2025/"),
    (None, "/masukan/"),
    (None, "/masukan/pkm-makrayu/"),
    ("mayor", "/dasbor/"),
    ("mayor", "/dasbor/kota/opd/"),
    ("mayor", "/dasbor/kota/layanan/"),
    ("head_a", "/dasbor/dinkes/"),
    ("head_a", "/dasbor/dinkes/unit/"),
    ("bkpsdm", "/periode/lebaran-2025/usulan/"),
    ("head_a", "/periode/lebaran-2025/rencana/dinkes/preferensi/"),
    ("mayor", "/unduhan/"),
    ("bkpsdm", "/rekap/lebaran-2025/kota/"),
    ("bkpsdm", "/kebijakan/"),
    ("bkpsdm", "/kebijakan/tambah/"),
    ("bkpsdm", "/periode/lebaran-2025/kebijakan/"),
    ("head_a", "/pengecualian-batas/"),
    ("employee_user", "/jadwal-saya/kalender/?bulan=2025-03"),
    (None, "/layanan/"),
    ("bkpsdm", "/layanan/kartu-qr/"),
]


def axe_violations(page) -> list[dict]:
    """The serious and critical violations axe-core finds on the page.

    Every rule still runs; `resultTypes` only spares axe the details of what passed (half its time).
    """
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [v for v in result["violations"] if v["impact"] in ("serious", "critical")]


def axe_problems(page, where: str = "") -> list[str]:
    """The violations as lines of the failure message, with the first three elements of each."""
    return [
        f"{where}{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes'][:3]]}"
        for v in axe_violations(page)
    ]


@pytest.fixture
def axe_page(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, locale="id-ID", timezone_id="Asia/Jakarta", bypass_csp=True
    )
    yield context.new_page()
    context.close()


@pytest.mark.parametrize(("persona", "path"), PAGES, ids=[f"{p}:{u}" for p, u in PAGES])
def test_page_has_no_serious_accessibility_violation(
    request, axe_page, signed_in, employee_a, persona, path
):
    EmployeeFactory.create_batch(3, unit=employee_a.unit)
    request.getfixturevalue("window")
    if persona is not None:
        signed_in(axe_page, request.getfixturevalue(persona))
    axe_page.goto(path)
    problems = axe_problems(axe_page)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("persona", ROUND_THREE)
def test_the_pages_of_round_three_have_no_serious_accessibility_violation(
    request, axe_page, signed_in, round_three, window, persona
):
    """Fingerprint import and its report, reconciliation, restrictions, Plh, the SIASN mapping
    and the weekly PDF's job page, walked in one page per role."""
    signed_in(axe_page, request.getfixturevalue(persona))
    problems = []
    for path in ROUND_THREE[persona]:
        visit(axe_page, path, round_three)
        problems += axe_problems(axe_page, f"{path}: ")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("persona", ["bkpsdm", "head_a", "mayor", "employee_user"])
def test_the_phone_menu_opened_has_no_serious_accessibility_violation(
    request, axe_page, signed_in, persona
):
    axe_page.set_viewport_size({"width": 360, "height": 740})
    signed_in(axe_page, request.getfixturevalue(persona)).goto("/")
    axe_page.get_by_text("Menu", exact=True).click()
    problems = axe_problems(axe_page)
    assert not problems, "\n".join(problems)


def test_the_review_queue_the_picker_and_past_schedule_with_content(
    axe_page, signed_in, head_a, employee_a, employee_user, window
):
    """The pages of issue 23 with what they show at volume: reports with their tick boxes and
    the counts per unit and day, the picker's matches, the past windows folded."""
    from datetime import date

    from tests.attendance.conftest import make_report
    from tests.factories import WindowDayFactory, WindowFactory

    day = window.days.first()
    for employee in EmployeeFactory.create_batch(3, unit=employee_a.unit, name="Siti Uji"):
        make_report(employee, day, items=2)
    past = WindowFactory(slug="lalu", name="Periode lalu")
    WindowDayFactory(window=past, date=date(2024, 1, 8))
    problems = []
    signed_in(axe_page, head_a)
    for path in ("/laporan/pemeriksaan/", "/pengecualian-batas/?cari_employee=siti"):
        axe_page.goto(path)
        problems += [
            f"{path}: {v['id']} ({v['impact']}): {v['help']}" for v in axe_violations(axe_page)
        ]
    signed_in(axe_page, employee_user).goto("/jadwal-saya/sebelumnya/")
    problems += [f"sebelumnya: {v['id']}: {v['help']}" for v in axe_violations(axe_page)]
    assert not problems, "\n".join(problems)
