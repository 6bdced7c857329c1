"""PDF documents for signing and sharing (fpdf2: pure Python, nothing to install beside it).

- `write_plan_pdf`: one OPD's plan for a window: status and approval stamp (who, when), coverage
  per unit and day, the staff x day matrix of modes, and the signature block.
- `write_city_pdf`: the city summary for the mayor: modes per day, plan progress, every OPD x day
  (modes and coverage), essential services per category, and the signature block.

A4, page numbers "Halaman X dari Y" and the window's name in the footer, table headers repeated
on every page, the signature block never alone on a page. The PDF core fonts hold Latin-1 only:
text is folded to it (typographic quotes and dashes to their plain forms, other letters to their
base letter), which keeps the documents free of font files. NIPs are written as text.
"""

import unicodedata
from collections import Counter

from django.db.models import FilteredRelation, Q
from django.utils import timezone
from fpdf import FPDF

from common import region
from common.dates import tanggal
from jobs.files import atomic_path
from opd.models import Employee, ServiceCategory
from reports.documents.staff_sheets import day_heading
from reports.documents.summary_sheets import SHORT_STATUS, coverage_code
from reports.documents.workbook import heads, read_book
from schedules import selectors
from schedules.models import Assignment, PlanStatus
from schedules.models.assignments import REMOTE_MODES
from schedules.selectors import Counts

CONTENT_TYPE = "application/pdf"
FONT = "Helvetica"
LINE = 4.6  # mm per table row at 8 pt
PLAIN = {"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-", "…": "...", "·": "·"}
SIGNATURE_HEIGHT = 38  # mm: place and date, "Mengetahui,", position, room to sign, name, NIP
GREY = (217, 217, 217)
MODE_FILLS = {"WFO": (209, 231, 221), "WFH": (207, 226, 255), "WFA": (255, 243, 205)}


def latin1(value) -> str:
    """`value` as text the core fonts can print (see the module's docstring)."""
    return "".join(_fold(PLAIN.get(ch, ch)) for ch in str(value or ""))


def _fold(ch: str) -> str:
    if ord(ch[0]) < 256:
        return ch
    base = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
    return base if base and all(ord(c) < 256 for c in base) else "?"


def plan_filename(window, opd) -> str:
    return f"rencana-wfa-{window.slug}-{opd.code}.pdf"


def city_filename(window) -> str:
    return f"ringkasan-wfa-{window.slug}.pdf"


class _Document(FPDF):
    """A4 with the window's name and "Halaman X dari Y" at the foot of every page."""

    def __init__(self, *, landscape: bool, footer: str, title: str):
        super().__init__(orientation="L" if landscape else "P", unit="mm", format="A4")
        self.footer_text = latin1(footer)
        self.set_title(latin1(title))
        self.set_creator(f"Portal WFA {region.city_name()}")
        self.set_margins(10, 10, 10)
        self.set_auto_page_break(True, margin=14)
        self.alias_nb_pages("{nb}")
        self.table_header = None  # (widths, labels): drawn again at the top of each new page
        self.left_columns = 1  # columns of text aligned left; numbers and modes are centred
        self.add_page()

    def footer(self):
        self.set_y(-10)
        self.set_font(FONT, size=7)
        self.cell(self.epw / 2, 4, self.footer_text)
        self.cell(self.epw / 2, 4, f"Halaman {self.page_no()} dari {{nb}}", align="R")

    def header(self):
        if self.table_header is not None and self.page_no() > 1:
            self._header_row(*self.table_header)

    # --- text and tables -------------------------------------------------------------------

    def heading(self, text: str, size: int = 13):
        self.set_font(FONT, "B", size)
        self.multi_cell(0, size * 0.5, latin1(text), new_x="LMARGIN", new_y="NEXT")
        self.ln(1)

    def line_of_text(self, text: str, size: int = 9, style: str = ""):
        self.set_font(FONT, style, size)
        self.multi_cell(0, size * 0.47, latin1(text), new_x="LMARGIN", new_y="NEXT")

    def table(self, widths, labels, rows, *, fills=None, keep_with_end: float = 0):
        """Rows of cells under a grey header that repeats on every page; `fills(row)` gives
        each cell's background colour (or None). `keep_with_end` (mm) is room kept for what
        follows the table on the page of its last rows (the signature block)."""
        widths = self._fit(widths)
        self.table_header = (widths, labels)
        if self.will_page_break(LINE * 3):
            self.add_page()
        else:
            self._header_row(widths, labels)
        self.set_font(FONT, size=8)
        pending = []  # the last rows are held back to keep them with what follows
        for row in rows:
            pending.append(row)
            if len(pending) > 3:
                self._row(widths, pending.pop(0), fills)
        if keep_with_end and self.will_page_break(LINE * len(pending) + keep_with_end):
            self.add_page()
        for row in pending:
            self._row(widths, row, fills)
        self.table_header = None
        self.ln(2)

    def _row(self, widths, row, fills):
        colours = fills(row) if fills else None
        for index, (width, value) in enumerate(zip(widths, row, strict=True)):
            colour = colours[index] if colours else None
            if colour:
                self.set_fill_color(*colour)
            align = "L" if index < self.left_columns else "C"
            text = self._clip(value, width)
            self.cell(width, LINE, text, border=1, align=align, fill=bool(colour))
        self.ln(LINE)

    def _fit(self, widths):
        scale = self.epw / sum(widths)
        return [w * scale for w in widths]

    def _header_row(self, widths, labels):
        self.set_font(FONT, "B", 7.5)
        self.set_fill_color(*GREY)
        lines = max(
            len(self.multi_cell(w, 3.6, latin1(x), dry_run=True, output="LINES"))
            for w, x in zip(widths, labels, strict=True)
        )
        height = 3.6 * lines + 1
        x, y = self.get_x(), self.get_y()
        for width, label in zip(widths, labels, strict=True):
            self.rect(x, y, width, height, style="DF")
            self.set_xy(x, y + 0.5)
            self.multi_cell(width, 3.6, latin1(label), align="C")
            x += width
        self.set_xy(self.l_margin, y + height)
        self.set_font(FONT, size=8)

    def _clip(self, value, width) -> str:
        """The value shortened with "..." so that it fits its cell."""
        text = latin1("" if value is None else value)
        if self.get_string_width(text) <= width - 2:
            return text
        while text and self.get_string_width(text + "...") > width - 2:
            text = text[:-1]
        return text + "..."

    def signature(self, *, today, position: str, name: str, nip: str):
        """'Mengetahui, <position>' with room to sign, kept on one page with what precedes it."""
        if self.will_page_break(SIGNATURE_HEIGHT):
            self.add_page()
        x = self.l_margin + self.epw * 0.6
        lines = [
            (f"{region.place_name()}, {tanggal(today)}", ""),
            ("Mengetahui,", ""),
            (position, ""),
            ("", ""),
            ("", ""),
            (name or "(.................................................)", "B"),
            (f"NIP. {nip}" if nip else "NIP. ......", ""),
        ]
        self.ln(3)
        for text, style in lines:
            self.set_x(x)
            self.set_font(FONT, style, 9)
            self.cell(self.epw * 0.4, 4.6, latin1(text), new_x="LMARGIN", new_y="NEXT")


def _save(pdf: _Document, out) -> None:
    if hasattr(out, "write"):
        out.write(pdf.output())
        return
    with atomic_path(out) as temporary:
        pdf.output(str(temporary))


def _stamp(plan) -> str:
    """Who approved the plan and when, or its status."""
    if plan is None:
        return "Status rencana: Draf (belum diajukan)."
    label = plan.get_status_display()
    if plan.status == PlanStatus.APPROVED and plan.acted_at:
        who = plan.acted_by.get_full_name() or plan.acted_by.username if plan.acted_by else "-"
        when = timezone.localtime(plan.acted_at)
        at = f"{when:%H.%M} {region.zone_label()}"
        return f"DISETUJUI oleh {who} pada {tanggal(when.date())} pukul {at}."
    return f"Status rencana: {label}."


def write_plan_pdf(out, *, window, opd) -> None:
    """One OPD's plan (see the module's docstring)."""
    book = read_book(window=window, opd=opd)
    plan = book.plans.get(opd.pk)
    pdf = _Document(
        landscape=True, footer=f"{window.name} · {opd.name}", title=f"Rencana {opd.name}"
    )
    pdf.heading(f"Rencana kerja fleksibel {opd.name}")
    pdf.line_of_text(f"{window.name} · {window.legal_basis}")
    pdf.line_of_text(_stamp(plan), size=10, style="B")
    pdf.line_of_text("Pegawai tanpa penugasan dihitung WFO.", size=8)
    pdf.ln(2)
    _unit_coverage_table(pdf, book)
    _staff_modes_table(pdf, book, opd)
    position, name, nip = heads(opd).get(opd.pk) or (f"Kepala {opd.name}", "", "")
    pdf.signature(today=book.today, position=position, name=name, nip=nip)
    _save(pdf, out)


def _unit_coverage_table(pdf: _Document, book) -> None:
    """Planned WFO against the essential-service rule, for each unit a rule applies to."""
    ruled = [u for u in book.units if any(book.cover.unit_day(u.pk, d.pk).ruled for d in book.days)]
    if not ruled:
        return
    pdf.heading("Layanan esensial: wajib di kantor per unit dan hari", size=10)
    labels = ["Unit"] + [day_heading(d) for d in book.days]
    rows = []
    for unit in ruled:
        row = [unit.name]
        for day in book.days:
            status = book.cover.unit_day(unit.pk, day.pk)
            planned = book.counts.unit_day(unit.pk, day.pk).wfo
            if not status.ruled:
                row.append("-")
            else:
                row.append(
                    f"{planned}/{status.required}"
                    + (f" kurang {status.shortfall}" if status.shortfall else " OK")
                )
        rows.append(row)
    pdf.table([60] + [28] * len(book.days), labels, rows)


def _staff_modes_table(pdf: _Document, book, opd) -> None:
    """The staff x day matrix of modes, kept on a page with the signature block that follows."""
    pdf.heading("Mode kerja per pegawai", size=10)
    labels = (
        ["NIP", "Nama", "Jabatan", "Unit"] + [day_heading(d) for d in book.days] + ["Tempat WFA"]
    )
    widths = [30, 52, 48, 44] + [11] * len(book.days) + [40]
    pdf.left_columns = 4
    pdf.table(
        widths,
        labels,
        _staff_mode_rows(opd, book.day_index),
        fills=_mode_fills,
        keep_with_end=SIGNATURE_HEIGHT,
    )
    pdf.left_columns = 1


def _staff_mode_rows(opd, index):
    """[nip, name, position, unit, mode per day..., WFA place] for each active employee.

    One streamed query: the remote assignments joined onto the staff, folded into a row per
    employee (no assignment reads as WFO)."""
    remote = FilteredRelation(
        "assignments",
        condition=Q(assignments__day__in=list(index), assignments__mode__in=REMOTE_MODES),
    )
    rows = (
        Employee.objects.active()
        .filter(unit__opd=opd)
        .annotate(away=remote)
        .order_by("unit__name", "name", "pk")
        .values_list(
            "pk",
            "nip",
            "name",
            "position_name",
            "unit__name",
            "away__day_id",
            "away__mode",
            "away__wfa_place",
        )
    )
    current, row = None, None
    for pk, nip, name, position, unit, day_id, mode, place in rows.iterator(chunk_size=2000):
        if pk != current:
            if row is not None:
                yield row
            current = pk
            row = [nip, name, position, unit] + [Assignment.DEFAULT_MODE.value] * len(index) + [""]
        if day_id is not None:
            row[4 + index[day_id]] = mode
            if place and not row[-1]:
                row[-1] = place
    if row is not None:
        yield row


def _mode_fills(row):
    return [None] * 4 + [MODE_FILLS.get(m) for m in row[4:-1]] + [None]


def write_city_pdf(out, *, window, progress=None) -> None:
    """The city summary for the mayor (see the module's docstring)."""
    book = read_book(window=window)
    total = len(book.opds)
    if progress is not None:
        progress(0, total, "Menghitung ringkasan kota")
    pdf = _Document(landscape=True, footer=window.name, title=f"Ringkasan {window.name}")
    pdf.heading(f"Ringkasan kerja fleksibel {region.city_name()} · {window.name}")
    pdf.line_of_text(f"{window.legal_basis}")
    pdf.line_of_text(f"Seluruh kota ({total} OPD) · dibuat {tanggal(book.today)}")
    statuses = Counter(selectors.status_of(book.plans, o.pk) for o in book.opds)
    pdf.line_of_text(
        "Rencana OPD: "
        + ", ".join(f"{label} {statuses.get(value, 0)}" for value, label in PlanStatus.choices),
        size=9,
        style="B",
    )
    pdf.ln(2)
    _city_days_table(pdf, book)
    pdf.heading("Per OPD: WFO/WFH/WFA dan layanan esensial per hari", size=10)
    labels = ["OPD", "Pegawai", "Status"] + [
        f"{day_heading(d)}\nO/H/A · layanan" for d in book.days
    ]
    rows = _opd_day_rows(book, progress)
    pdf.table([70, 16, 20] + [34] * len(book.days), labels, rows, keep_with_end=20)
    _essential_categories_table(pdf, book)
    pdf.signature(today=book.today, position=f"Kepala BKPSDM {region.city_name()}", name="", nip="")
    _save(pdf, out)


def _city_days_table(pdf: _Document, book) -> None:
    """The whole city's modes per day, with the essential-service rules left short."""
    all_units = [u.pk for u in book.units]
    rows = []
    for day in book.days:
        counts = book.counts.total(all_units, day.pk)
        short = sum(book.cover.unmet(o.pk, day.pk) for o in book.opds)
        rows.append(
            [
                tanggal(day.date, weekday=True),
                counts.staff,
                counts.wfo,
                counts.wfh,
                counts.wfa,
                short,
            ]
        )
    pdf.heading("Mode kerja seluruh kota per hari", size=10)
    pdf.table(
        [60, 25, 25, 25, 25, 40],
        ["Hari", "Pegawai aktif", "WFO", "WFH", "WFA", "Aturan layanan esensial kurang"],
        rows,
    )


def _opd_day_rows(book, progress):
    """A row per OPD (staff, plan status, O/H/A and coverage per day), reporting progress."""
    total = len(book.opds)
    unit_ids: dict[int, list[int]] = {}
    for unit in book.units:
        unit_ids.setdefault(unit.opd_id, []).append(unit.pk)
    for done, opd in enumerate(book.opds, 1):
        ids = unit_ids.get(opd.pk, [])
        first = book.counts.total(ids, book.days[0].pk) if book.days else Counts()
        row = [opd.name, first.staff, SHORT_STATUS[selectors.status_of(book.plans, opd.pk)]]
        for day in book.days:
            c = book.counts.total(ids, day.pk)
            row.append(f"{c.wfo}/{c.wfh}/{c.wfa} · {coverage_code(book.cover, opd.pk, day.pk)}")
        if progress is not None:
            progress(done, total, "Menulis tabel per OPD")
        yield row


def _essential_categories_table(pdf: _Document, book) -> None:
    """Essential units per service category and the unit-days left short."""
    essential = Counter()
    short = Counter()
    for unit in book.units:
        if unit.is_essential:
            essential[unit.service_category] += 1
            short[unit.service_category] += sum(
                1 for d in book.days if book.cover.unit_day(unit.pk, d.pk).shortfall
            )
    if essential:
        pdf.heading("Layanan esensial per kategori", size=10)
        pdf.table(
            [90, 40, 60],
            ["Kategori layanan", "Unit", "Unit-hari yang kurang"],
            [[ServiceCategory(c).label, n, short[c]] for c, n in sorted(essential.items())],
        )
