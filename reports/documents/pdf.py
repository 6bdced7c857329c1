"""PDF documents for signing and sharing (fpdf2, with the building blocks of common/pdf.py).

- `write_plan_pdf`: one OPD's plan for a window: status and approval stamp (who, when), coverage
  per unit and day, the staff x day matrix of modes, and the signature block of the OPD's head.
- `write_city_pdf`: the city summary for the mayor: modes per day, plan progress, every OPD x day
  (modes and coverage), essential services per category, and the signature block of the head of
  BKPSDM.

A4 landscape, PDF/A-2b with the font embedded (common/pdf.py). No cell is cut: NIPs keep their 18
digits, names, positions, units, places, statuses and OPD names wrap inside their cells. A window
with more days than fit beside the names on one page width is printed in sections of days (each
repeating the NIP and the names), the days shared evenly between them: a column of modes narrower
than its word, or names squeezed to a word a line, would be harder to read than a second pass.
"""

from collections import Counter
from math import ceil

from django.conf import settings
from django.db.models import FilteredRelation, Q
from django.utils import timezone

from absences.models import AWAY_LEGEND, away_cells
from common import region
from common.dates import tanggal
from common.pdf import HEADER_SIZE, Document, fit_columns
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
MODE_FILLS = {"WFO": (209, 231, 221), "WFH": (207, 226, 255), "WFA": (255, 243, 205)}
AWAY_FILL = (236, 236, 236)  # a day away (leave, travel, training), marked with its kind
NIP_SAMPLE = "0" * 18  # a NIP's 18 digits (DejaVu's digits share one width)
# The least widths (mm) of the staff table's columns that wrap (name, position, unit, places):
# the days beside them are split into sections when these would get less.
STAFF_TEXT = {"Nama": 34, "Jabatan": 30, "Unit": 28}
PLACES = ("Tempat WFA", 24)


def plan_filename(window, opd) -> str:
    return f"rencana-wfa-{window.slug}-{opd.code}.pdf"


def city_filename(window) -> str:
    return f"ringkasan-wfa-{window.slug}.pdf"


def _document(book, *, footer: str, title: str) -> Document:
    days = book.days
    span = f": {tanggal(days[0].date)} – {tanggal(days[-1].date)}" if days else ""
    return Document(landscape=True, footer=footer, title=title, subject=f"{book.window.name}{span}")


def _save(pdf: Document, out) -> None:
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
        who += f" selaku {plan.acted_as}" if plan.acted_as else ""  # a Plh/Plt signs as such
        when = timezone.localtime(plan.acted_at)
        at = f"{when:%H.%M} {region.zone_label()}"
        return f"DISETUJUI oleh {who} pada {tanggal(when.date())} pukul {at}."
    return f"Status rencana: {label}."


def _sections(days: list, room: float, width: float) -> list[list]:
    """The days in as few sections as fit `room` mm at `width` mm a day, shared evenly."""
    per_section = max(1, int(room // width))
    count = max(1, ceil(len(days) / per_section))
    size = ceil(len(days) / count) if days else 0
    return [days[i : i + size] for i in range(0, len(days), size)] or [[]]


def _section_title(title: str, days: list, index: int, count: int) -> str:
    if count == 1:
        return title
    return f"{title} ({index} dari {count}: {tanggal(days[0].date)} – {tanggal(days[-1].date)})"


def _day_width(pdf: Document, days: list, *samples: str) -> float:
    """A day column as wide as its widest sample value and the words of its heading."""
    words = {w for d in days for w in day_heading(d).split()}
    return max(
        [pdf.text_width(x) for x in samples] + [pdf.text_width(w, HEADER_SIZE, "B") for w in words]
    )


def write_plan_pdf(out, *, window, opd) -> None:
    """One OPD's plan (see the module's docstring)."""
    book = read_book(window=window, opd=opd)
    plan = book.plans.get(opd.pk)
    pdf = _document(book, footer=f"{window.name} · {opd.name}", title=f"Rencana {opd.name}")
    pdf.heading(f"Rencana kerja fleksibel {opd.name}")
    pdf.line_of_text(f"{window.name} · {window.legal_basis}")
    pdf.line_of_text(_stamp(plan), size=10, style="B")
    pdf.line_of_text(f"Pegawai tanpa penugasan dihitung WFO; {AWAY_LEGEND}.", size=8)
    pdf.ln(2)
    _unit_coverage_table(pdf, book)
    _staff_modes_table(pdf, book, opd)
    position, name, nip = heads(opd).get(opd.pk) or (f"Kepala {opd.name}", "", "")
    pdf.signature(today=book.today, position=position, name=name, nip=nip)
    _save(pdf, out)


def _unit_coverage_table(pdf: Document, book) -> None:
    """Planned WFO against the essential-service rule, for each unit a rule applies to."""
    ruled = [u for u in book.units if any(book.cover.unit_day(u.pk, d.pk).ruled for d in book.days)]
    if not ruled:
        return
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
    day_width = _day_width(pdf, book.days, "9999/9999", "kurang 999")
    sections = _sections(book.days, pdf.epw - 50, day_width)
    title = "Layanan esensial: wajib di kantor per unit dan hari"
    start = 1
    for n, days in enumerate(sections, 1):
        pdf.heading(_section_title(title, days, n, len(sections)), size=10)
        unit = ("Unit", 50, pdf.want(row[0] for row in rows), "L")
        specs = [unit] + [(day_heading(d), day_width, 0, "C") for d in days]
        part = [[row[0], *row[start : start + len(days)]] for row in rows]
        pdf.table(fit_columns(pdf.epw, specs), part)
        start += len(days)


def _staff_modes_table(pdf: Document, book, opd) -> None:
    """The staff x day matrix of modes, kept on a page with the signature block that follows."""
    nip = pdf.text_width(NIP_SAMPLE)
    day_width = _day_width(pdf, book.days, "WFO", "WFH", "WFA", "CAP", "DIK")
    least = nip + sum(STAFF_TEXT.values()) + PLACES[1]
    sections = _sections(book.days, pdf.epw - least, day_width)
    rows = list(_staff_mode_rows(opd, book.day_index, away_cells(book.days, opd=opd)))
    text = [
        (label, w, pdf.want(row[i] for row in rows), "L")
        for i, (label, w) in enumerate(STAFF_TEXT.items(), 1)
    ]
    places = (*PLACES, pdf.want(row[-1] for row in rows), "L")
    start = 0
    for n, days in enumerate(sections, 1):
        pdf.heading(_section_title("Mode kerja per pegawai", days, n, len(sections)), size=10)
        specs = (
            [("NIP", nip, 0, "L")]
            + text
            + [(day_heading(d), day_width, 0, "C") for d in days]
            + [places]
        )
        part = ([*row[:4], *row[4 + start : 4 + start + len(days)], row[-1]] for row in rows)
        last = n == len(sections)
        pdf.table(
            fit_columns(pdf.epw, specs),
            part,
            fills=_mode_fills,
            keep_with_end=pdf.SIGNATURE_HEIGHT if last else 0,
        )
        start += len(days)


def _staff_mode_rows(opd, index, away):
    """[nip, name, position, unit, mode per day..., WFA places] for each active employee.

    One streamed query: the remote assignments joined onto the staff, folded into a row per
    employee (no assignment reads as WFO); the WFA places each once, in the order of the days.
    A day away (`away`: absences.away_cells) shows its absence kind (CT, DL, ...)."""
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
    days_away: dict[int, list[tuple[int, str]]] = {}
    for (employee_id, day_id), kind in away.items():
        days_away.setdefault(employee_id, []).append((index[day_id], kind))
    current, row, places = None, None, {}
    for pk, nip, name, position, unit, day_id, mode, place in rows.iterator(chunk_size=2000):
        if pk != current:
            if row is not None:
                yield _with_away(row, places, days_away.get(current, ()))
            current, places = pk, {}
            row = [nip, name, position, unit] + [Assignment.DEFAULT_MODE.value] * len(index)
        if day_id is not None:
            row[4 + index[day_id]] = mode
            if place:
                places[index[day_id]] = place
    if row is not None:
        yield _with_away(row, places, days_away.get(current, ()))


def _with_away(row: list, places: dict[int, str], away) -> list:
    for i, kind in away:
        row[4 + i] = kind
        places.pop(i, None)
    return [*row, _places(places)]


def _places(by_day: dict[int, str]) -> str:
    """The WFA places of an employee, each once, in the order of the days."""
    return "; ".join(dict.fromkeys(by_day[i] for i in sorted(by_day)))


def _mode_fills(row):
    return [None] * 4 + [MODE_FILLS.get(m, AWAY_FILL) for m in row[4:-1]] + [None]


def write_city_pdf(out, *, window, progress=None) -> None:
    """The city summary for the mayor (see the module's docstring)."""
    book = read_book(window=window)
    total = len(book.opds)
    if progress is not None:
        progress(0, total, "Menghitung ringkasan kota")
    pdf = _document(book, footer=window.name, title=f"Ringkasan {window.name}")
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
    _opd_days_tables(pdf, book, progress)
    _essential_categories_table(pdf, book)
    position, name, nip = _bkpsdm_head(book)
    pdf.signature(today=book.today, position=position, name=name, nip=nip)
    _save(pdf, out)


def _bkpsdm_head(book) -> tuple[str, str, str]:
    """The head of BKPSDM (the OPD coded settings.WFA_BKPSDM_OPD) from the staff data: position,
    name and NIP; without one, the position alone (the block leaves lines to write on)."""
    fallback = (f"Kepala BKPSDM {region.city_name()}", "", "")
    bkpsdm = next((o for o in book.opds if o.code == settings.WFA_BKPSDM_OPD), None)
    if bkpsdm is None:
        return fallback
    return heads(bkpsdm).get(bkpsdm.pk) or fallback


def _city_days_table(pdf: Document, book) -> None:
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
    labels = ["Hari", "Pegawai aktif", "WFO", "WFH", "WFA", "Aturan layanan esensial kurang"]
    weights = [60, 25, 25, 25, 25, 40]
    specs = [
        (lab, 10, w, "L" if i == 0 else "C")
        for i, (lab, w) in enumerate(zip(labels, weights, strict=True))
    ]
    pdf.table(fit_columns(pdf.epw, specs), rows)


def _opd_days_tables(pdf: Document, book, progress) -> None:
    """Every OPD: staff, plan status, then per day WFO/WFH/WFA and its coverage."""
    title = "Per OPD: WFO/WFH/WFA dan layanan esensial per hari"
    staff = pdf.text_width("Pegawai", HEADER_SIZE, "B")
    status = max(pdf.text_width(w) for label in SHORT_STATUS.values() for w in label.split())
    day_width = _day_width(pdf, book.days, "99999/9999/9999", "Kurang 999")
    sections = _sections(book.days, pdf.epw - 50 - staff - status, day_width)
    rows = list(_opd_day_rows(book, progress))
    opd_width = pdf.want(row[0] for row in rows)
    start = 3
    for n, days in enumerate(sections, 1):
        pdf.heading(_section_title(title, days, n, len(sections)), size=10)
        specs = [("OPD", 50, opd_width, "L"), ("Pegawai", staff, 0, "C")]
        specs += [("Status", status, 0, "C")]
        specs += [(f"{day_heading(d)} O/H/A · layanan", day_width, 0, "C") for d in days]
        part = [[*row[:3], *row[start : start + len(days)]] for row in rows]
        last = n == len(sections)
        # The last rows stay with the next table's heading, or with the signature.
        keep = (
            (20 if any(u.is_essential for u in book.units) else pdf.SIGNATURE_HEIGHT) if last else 0
        )
        pdf.table(fit_columns(pdf.epw, specs), part, keep_with_end=keep)
        start += len(days)


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


def _essential_categories_table(pdf: Document, book) -> None:
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
        specs = [
            ("Kategori layanan", 30, 90, "L"),
            ("Unit", 10, 40, "C"),
            ("Unit-hari yang kurang", 10, 60, "C"),
        ]
        pdf.table(
            fit_columns(pdf.epw, specs),
            [[ServiceCategory(c).label, n, short[c]] for c, n in sorted(essential.items())],
            keep_with_end=pdf.SIGNATURE_HEIGHT,
        )
