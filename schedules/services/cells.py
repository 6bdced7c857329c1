"""The one write path for plan cells (employee x day): grid, bulk actions, pins, proposals, undo.

Every change of a cell goes through `cells_write` (modes and WFA places) or `cells_pin` (the
planner's hands-off flag), each one transaction that:
1. locks the OPD's plan row first, so an approval (which takes the same lock) sees all of a change
   or none of it, and refuses an approved plan whoever asks, a command included;
2. checks that this user may edit the plan in its status, that every employee is active in the
   OPD and every day belongs to the window, eligibility per day (a restriction running that day
   makes the person WFO only: eligibility.models), the WFA place, and the versions the user saw;
3. writes and records one history row per changed cell (schedules/services/cell_rows.py: on
   PostgreSQL one upsert statement that also writes the history rows);
4. returns a submitted plan to draft when anyone but its head changed a mode: the head never
   approves content that changed after it was submitted.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from absences.models import away_cells, short_label
from common import region
from common.dates import tanggal
from eligibility.models import restricted_cells
from opd.models import Employee, Opd
from schedules import notices
from schedules.cap import cells_within_cap
from schedules.models import Assignment, FlexWindow, Mode, PlanStatus
from schedules.services.cell_rows import Cell, Row, Value, record_history, stored, write
from schedules.services.plans import (
    editable_plan,
    plan_cells,
    plan_changed_after_submission,
    plan_staff,
    who,
)

CHUNK = 2000
NAMES_LISTED = 10
PLACE_MAX = 200


MISSING_VERSIONS = (
    "Perubahan ditolak: halaman tidak mengirim versi jadwal yang Anda lihat. Muat ulang halaman "
    "lalu ulangi."
)


class StaleEdit(ValidationError):
    """Someone changed the cells since the page was loaded; nothing was written."""


@dataclass
class WriteResult:
    """What a write did, for the message the user reads and for undoing it."""

    changed: int = 0
    # Staff skipped on some day because a restriction ran (PermenPANRB 4/2025), and their cells.
    skipped_ineligible: list[Employee] = field(default_factory=list)
    skipped_restricted: int = 0
    skipped_pinned: int = 0
    skipped_over_cap: int = 0  # cells beyond an employee's weekly cap (PermenPANRB 4/2025)
    skipped_mode: int = 0  # copied cells whose mode the window does not allow (set by builders)
    skipped_away: int = 0  # cells on a day the employee is away (an approved absence)
    returned_to_draft: bool = False
    # [employee id, day id, mode before, place before, version after] per changed cell.
    undo: list[list] = field(default_factory=list)

    def message(self, *, future: bool = False) -> str:
        """'230 sel diubah; 2 pegawai dilewati karena hanya boleh WFO: A, B.' (`future`: what a
        preview says the action would do: 'akan diubah', 'akan dilewati')."""
        will = "akan " if future else ""
        parts = [f"{self.changed} sel jadwal {will}diubah"]
        if self.skipped_ineligible:
            people = self.skipped_ineligible
            names = ", ".join(e.name for e in people[:NAMES_LISTED])
            if len(people) > NAMES_LISTED:
                names += f" dan {len(people) - NAMES_LISTED} lainnya"
            parts.append(f"{len(people)} pegawai {will}dilewati karena hanya boleh WFO: {names}")
        if self.skipped_pinned:
            parts.append(f"{self.skipped_pinned} sel yang dikunci manual {will}dilewati")
        if self.skipped_over_cap:
            parts.append(
                f"{self.skipped_over_cap} sel {will}dilewati karena melebihi batas hari WFH/WFA "
                "per minggu"
            )
        if self.skipped_away:
            parts.append(
                f"{self.skipped_away} sel {will}dilewati karena pegawainya cuti, dinas luar atau "
                "diklat pada hari itu"
            )
        if self.skipped_mode:
            parts.append(
                f"{self.skipped_mode} sel {will}dilewati karena modenya tidak diizinkan pada "
                "periode ini"
            )
        text = "; ".join(parts) + "."
        if self.returned_to_draft:
            text += (
                f" Rencana yang sudah diajukan {will}kembali menjadi draf karena isinya berubah: "
                "ajukan ulang ke Kepala OPD."
            )
        return text


# --- checks ---------------------------------------------------------------------------------


def checked_value(window: FlexWindow, value: Value) -> Value:
    """The value normalised (a place only for WFA, trimmed), or a refusal saying what is wrong."""
    if value.mode not in Mode.values:
        raise ValidationError(f"Mode kerja {value.mode!r} tidak dikenal. Pilih WFO, WFH atau WFA.")
    if value.mode not in window.allowed_modes():
        raise ValidationError(
            f"{value.mode} tidak diizinkan pada {window.name}; mode yang diizinkan: "
            f"{', '.join(window.allowed_modes())}."
        )
    place = " ".join((value.place or "").split()) if value.mode == Mode.WFA else ""
    if value.mode == Mode.WFA and not place:
        raise ValidationError(
            "Tuliskan tempat WFA (mis. 'Lubuklinggau, rumah orang tua'): WFA selalu menyebut "
            "tempatnya agar Kepala OPD tahu di mana pegawai bekerja."
        )
    if len(place) > PLACE_MAX:
        raise ValidationError(f"Tempat WFA paling panjang {PLACE_MAX} karakter.")
    return Value(value.mode, place)


def _check_versions(existing, expected_versions, cells, *, cover_all: bool) -> None:
    """Refuse when a cell's version differs from the one the page showed, or was not sent.

    `cover_all=False` only for a whole-unit action, whose unit may be larger than the page: the
    cells on the page are still checked.
    """
    if expected_versions is None:
        return
    for cell in cells:
        row = existing.get(cell)
        expected = expected_versions.get(cell)
        if expected is None:
            if cover_all:
                raise StaleEdit(MISSING_VERSIONS)
            continue
        if expected != (row.version if row else 0):
            raise StaleEdit(_stale_message(row))


def _stale_message(row: "Row | None") -> str:
    if row is not None:  # who changed it and when, read only for the refusal
        row = Assignment.objects.select_related("employee", "day", "changed_by").get(pk=row.pk)
    if row is None:  # only an admin deleting a row makes a seen cell vanish
        return "Jadwal ini berubah setelah halaman Anda dimuat. Muat ulang halaman lalu ulangi."
    who = "pengguna lain"
    if row.changed_by:
        who = row.changed_by.display_name
    when = timezone.localtime(row.changed_at).strftime("%H.%M")
    return (
        f"Jadwal {row.employee.name} pada {tanggal(row.day.date, weekday=True)} sudah diubah "
        f"oleh {who} pukul {when} {region.zone_label()} setelah halaman Anda dimuat. "
        "Tidak ada yang disimpan; "
        "muat ulang untuk melihat data terbaru."
    )


def _ineligible_error(refused: Mapping[int, tuple[Employee, str, list]]) -> ValidationError:
    names = "; ".join(
        f"{e.name} ({why}) pada {', '.join(tanggal(d.date, weekday=True) for d in days[:3])}"
        + (f" dan {len(days) - 3} hari lainnya" if len(days) > 3 else "")
        for e, why, days in refused.values()
    )
    return ValidationError(
        f"Pegawai berikut hanya boleh WFO pada hari itu (PermenPANRB No. 4/2025): {names}."
    )


def _away_error(employee: Employee, day, kind: str) -> ValidationError:
    return ValidationError(
        f"{employee.name} {short_label(kind)} pada {tanggal(day.date, weekday=True)}: jadwal hari "
        "itu tidak dapat diubah selama ketidakhadirannya berlaku."
    )


def _validated(
    window: FlexWindow,
    values: Mapping[Cell, Value],
    ineligibility: dict[int, str],
    existing: dict[Cell, Row],
    result: WriteResult,
    *,
    away: dict[Cell, str],
    restricted: dict[Cell, str],
    days: dict,
    skip_pinned: bool,
    skip_ineligible: bool,
) -> dict[Cell, Value]:
    """The checking phase: each cell's value checked, pinned cells, remote days of staff who may
    only work on site that day (a restriction runs: eligibility.models) and days away skipped
    (counted in `result`) or refused; the cells to write. Writes nothing.

    `ineligibility`: the employee ids named (active in their OPD); `restricted`: (employee id,
    day id) -> why that day is WFO only; the employees themselves are read only to name them."""
    checked: dict[Value, Value] = {}
    wanted: dict[Cell, Value] = {}
    refused: dict[int, tuple[str, list]] = {}  # in the order met
    for (employee_id, day_id), value in values.items():
        if value not in checked:
            checked[value] = checked_value(window, value)
        value = checked[value]
        row = existing.get((employee_id, day_id))
        if skip_pinned and row is not None and row.pinned:
            result.skipped_pinned += 1
            continue
        if (employee_id, day_id) in away:
            if not skip_ineligible:
                employee = Employee.objects.get(pk=employee_id)
                raise _away_error(employee, days[day_id], away[(employee_id, day_id)])
            result.skipped_away += 1
            continue
        if value.mode != Mode.WFO and (employee_id, day_id) in restricted:
            why = restricted[(employee_id, day_id)]
            refused.setdefault(employee_id, (why, []))[1].append(days[day_id])
            result.skipped_restricted += 1
            continue
        wanted[(employee_id, day_id)] = value
    people = Employee.objects.in_bulk(list(refused)) if refused else {}
    if people and not skip_ineligible:
        raise _ineligible_error({pk: (people[pk], *refused[pk]) for pk in refused})
    result.skipped_ineligible = sorted(people.values(), key=lambda e: e.name)
    return wanted


# --- the two public writes -----------------------------------------------------------------


def cells_write(
    *,
    opd: Opd,
    window: FlexWindow,
    values: Mapping[Cell, Value],
    by,
    expected_versions: Mapping[Cell, int] | None,
    skip_pinned: bool = False,
    skip_ineligible: bool = False,
    versions_cover_all: bool = True,
) -> WriteResult:
    """Write each cell's value (the one path for every change of a mode).

    `expected_versions` maps a cell to the version the user saw (0 = no row); None only for a
    change that is checked otherwise (a proposal's fingerprint, an undo's own versions). Bulk
    actions skip pinned cells and WFO-only staff and say so; a single edit refuses them. One
    transaction: `cells_write_opds`'s.
    """
    return cells_write_opds(
        window=window,
        values={opd: values},
        by=by,
        expected_versions=expected_versions,
        skip_pinned=skip_pinned,
        skip_ineligible=skip_ineligible,
        versions_cover_all=versions_cover_all,
    )[opd.pk]


@transaction.atomic
def cells_write_opds(
    *,
    window: FlexWindow,
    values: Mapping[Opd, Mapping[Cell, Value]],
    by,
    expected_versions: Mapping[Cell, int] | None,
    skip_pinned: bool = False,
    skip_ineligible: bool = False,
    versions_cover_all: bool = True,
) -> dict[int, WriteResult]:
    """`cells_write` for the cells of several OPDs at once (a proposal for the whole city): the
    same locks, checks, history and returns to draft, each OPD's result on its own (OPD id ->
    WriteResult), but the cells read, checked and written together, in a fixed number of queries
    whatever the number of OPDs (issue #31: per OPD, a city's 52 OPDs took a minute).
    """
    opds = sorted(values, key=lambda o: o.pk)
    plans = {opd.pk: editable_plan(opd=opd, window=window, by=by) for opd in opds}
    cells_by_opd = {opd.pk: {e for e, _ in values[opd]} for opd in opds}
    ineligibility, days = plan_staff(
        window=window,
        cells_by_opd=cells_by_opd,
        day_ids={d for opd in opds for _, d in values[opd]},
    )
    existing = stored(ineligibility, days, opd_ids=plans)
    if len(opds) == 1:
        away = away_cells(days.values(), opd=opds[0])
    else:
        away = away_cells(days.values(), opd_ids=list(plans))
    restricted = restricted_cells(days.values(), employee_ids=list(ineligibility))
    results = {pk: WriteResult() for pk in plans}
    wanted: dict[Cell, Value] = {}
    for opd in opds:
        _check_versions(
            existing, expected_versions, values[opd].keys(), cover_all=versions_cover_all
        )
        wanted_here = _validated(
            window,
            values[opd],
            ineligibility,
            existing,
            results[opd.pk],
            away=away,
            restricted=restricted,
            days=days,
            skip_pinned=skip_pinned,
            skip_ineligible=skip_ineligible,
        )
        wanted.update(wanted_here)
    kept, _ = cells_within_cap(
        values=wanted, existing=existing, days=days, skip=skip_ineligible, opd_ids=list(plans)
    )
    opd_of = {e: opd_id for opd_id, ids in cells_by_opd.items() for e in ids}
    for employee_id, _ in wanted.keys() - kept.keys():
        results[opd_of[employee_id]].skipped_over_cap += 1
    for entry in write(kept, existing, by):
        results[opd_of[entry[0]]].undo.append(entry)
    for opd_id, result in results.items():
        plan = plans[opd_id]
        result.changed = len(result.undo)
        if result.changed and plan.status == PlanStatus.SUBMITTED:
            result.returned_to_draft = plan_changed_after_submission(
                plan=plan, by=by, cells=result.changed
            )
        if result.changed and plan.history.filter(status=PlanStatus.APPROVED).exists():
            # Staff were shown an approved schedule: tell them it changed (after a reopening).
            notices.schedules_changed(plan, by, {e for e, _, _, _, _ in result.undo})
    return results


@transaction.atomic
def cells_pin(
    *,
    opd: Opd,
    window: FlexWindow,
    employee_ids: Iterable[int],
    day_ids: Iterable[int],
    pinned: bool,
    by,
    expected_versions: Mapping[Cell, int] | None,
) -> WriteResult:
    """Pin (or unpin) every (employee x day) cell at its current mode; the mode never changes.

    Pinning a cell that has no row pins its default, WFO: the employee stays on site.
    """
    editable_plan(opd=opd, window=window, by=by)
    employees, days = plan_cells(opd=opd, window=window, employee_ids=employee_ids, day_ids=day_ids)
    cells = [(e, d) for e in employees for d in days]
    existing = stored(employees, days)
    _check_versions(existing, expected_versions, cells, cover_all=True)
    now = timezone.now()
    changed = [row.pk for row in existing.values() if row.pinned != pinned]
    Assignment.objects.filter(pk__in=changed).update(
        pinned=pinned, changed_by=by, changed_at=now, version=F("version") + 1
    )
    created = []
    if pinned:
        created = Assignment.objects.bulk_create(
            Assignment(
                employee_id=e, day_id=d, mode=Assignment.DEFAULT_MODE, pinned=True,
                changed_by_id=by.pk if by else None,
            )
            for e, d in cells
            if (e, d) not in existing
        )  # fmt: skip
    record_history([a.pk for a in created], history_type="+", by=by, when=now)
    record_history(changed, history_type="~", by=by, when=now)
    return WriteResult(changed=len(changed) + len(created))


def cells_changed_since(entries: list[list]) -> list[str]:
    """Cells of an earlier write (its undo entries) that someone changed after it, as
    '<name>, <day> (oleh X)': an undo is refused while there is any."""
    wanted = {(e, d): version for e, d, _, _, version in entries}
    later = []
    for start in range(0, len(entries), CHUNK):
        chunk = entries[start : start + CHUNK]
        for row in Assignment.objects.filter(
            employee_id__in={e for e, *_ in chunk}, day_id__in={d for _, d, *_ in chunk}
        ).select_related("employee", "day", "changed_by"):
            version = wanted.get((row.employee_id, row.day_id))
            if version is not None and row.version != version:
                later.append(
                    f"{row.employee.name}, {tanggal(row.day.date, weekday=True)} "
                    f"(oleh {who(row.changed_by)})"
                )
    return sorted(set(later))
