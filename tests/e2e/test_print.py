"""The dashboard and the plan pages print on A4 without the menu, tables the page's width and each
chart inside its own box (not over its neighbour's labels)."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from tests.factories import EmployeeFactory

pytestmark = pytest.mark.time_machine(datetime(2025, 3, 24, 9, tzinfo=ZoneInfo("Asia/Jakarta")))
# A4 within the 10 mm margins of portal.css, at 96 dpi: portrait, and landscape for the grid.
A4 = {"width": 718, "height": 1047}
A4_LANDSCAPE = {"width": 1047, "height": 718}
GRID = "/periode/lebaran-2025/rencana/dinkes/"

# Every chart's canvas within its box; the page no wider than the paper.
LAYOUT = """() => {
  const outside = [];
  for (const canvas of document.querySelectorAll(".chart-box canvas")) {
    const c = canvas.getBoundingClientRect(), box = canvas.parentElement.getBoundingClientRect();
    if (c.right > box.right + 1 || c.bottom > box.bottom + 1 || c.width === 0) {
      outside.push(canvas.dataset.chart);
    }
  }
  return {outside, width: document.documentElement.scrollWidth, view: window.innerWidth};
}"""


@pytest.mark.parametrize(
    ("persona", "path"),
    [
        ("bkpsdm", "/dasbor/"),
        ("head_a", "/dasbor/dinkes/"),
        ("bkpsdm", "/periode/lebaran-2025/rencana/"),
        ("bkpsdm", GRID),
    ],
)
def test_a_printed_page_has_no_menu_and_fits_the_paper(
    request, page, login_as, employee_a, window, persona, path
):
    EmployeeFactory.create_batch(3, unit=employee_a.unit)
    page.set_viewport_size({"width": 1366, "height": 900})
    login_as(request.getfixturevalue(persona))
    page.goto(path)

    paper = A4_LANDSCAPE if path == GRID else A4
    page.set_viewport_size(paper)
    page.emulate_media(media="print")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")

    expect(page.get_by_role("navigation", name="Navigasi utama")).to_be_hidden()
    expect(page.get_by_role("button", name="Keluar")).to_be_hidden()
    expect(page.locator("footer")).to_be_hidden()
    layout = page.evaluate(LAYOUT)
    assert layout["outside"] == [], f"charts outside their box: {layout['outside']}"
    assert layout["width"] <= layout["view"], f"{path} is {layout['width']} px on A4"
    for table in page.locator("main table").all()[:3]:
        assert table.bounding_box()["width"] <= paper["width"]
