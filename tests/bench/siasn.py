"""SIASN staff file figures (#26 item 4): a 20,000-row SIASN export checked (dry run) and applied,
beside a raw-SQL floor in the same run, with the peak memory of each.

The file is what BKPSDM would download for the demo city: every active employee but 100 (who
are then offered as "keluar/pindah"; half of them ticked), one in ten with a new position, one in
fifty moved to another unit of their OPD, and new staff up to 20,000 rows. Unor are given by id
and mapped (UnitMapping rows made for the run: the demo's unit names repeat across OPDs).
The apply runs in a transaction that is rolled back, so the city is left as it was found.

Floor: openpyxl reads the same file (read-only, values), one SELECT of the staff by NIP, one
INSERT of the new rows and one UPDATE of the changed ones through unnest(): no checks, no model
objects, no guard.
"""

import io
import os
import time
import tracemalloc

from django.db import transaction
from openpyxl import Workbook, load_workbook

from opd.models import Employee, PositionType, Unit, User
from staff_import import services
from staff_import.models import UnitMapping
from staff_import.plan import plan_from_bytes
from tests.bench.measure import analyze, raw
from tests.factories import valid_nip

ROWS = int(os.environ.get("BENCH_SIASN_ROWS", "20000"))  # smaller for a quick check
LEFT = 100
HEADERS = ["NIP", "Gelar Depan", "Nama", "Gelar Belakang", "Jenis ASN", "Jenis Jabatan",
           "Golongan", "Jabatan", "Unor ID", "Unit Organisasi"]  # fmt: skip
TYPES = {
    PositionType.JPT: "Jabatan Pimpinan Tinggi",
    PositionType.ADMINISTRATOR: "Jabatan Administrator",
    PositionType.PENGAWAS: "Jabatan Pengawas",
    PositionType.PELAKSANA: "Jabatan Pelaksana",
    PositionType.FUNGSIONAL: "Jabatan Fungsional Tertentu",
}


def run(rec, *, timed, ms):
    bkpsdm = User.objects.get(username="bkpsdm")
    units = list(Unit.objects.select_related("opd").order_by("pk"))
    made = UnitMapping.objects.bulk_create(
        [
            UnitMapping(
                siasn_id=f"U{u.pk}",
                siasn_name=f"{u.name} / {u.opd.name} (bench)",
                name_key=f"bench {u.pk}",
                unit=u,
            )
            for u in units
        ]  # fmt: skip
    )
    try:
        _measure(rec, bkpsdm, units)
    finally:
        UnitMapping.objects.filter(pk__in=[m.pk for m in made]).delete()


def _measure(rec, bkpsdm, units):
    data, expected = _file(units)
    size = len(data) / (1024 * 1024)
    analyze("opd_employee", "staff_import_unitmapping")
    first = plan_from_bytes(data)
    leaving = frozenset(e.nip for e in first.departures[: LEFT // 2])
    times = {}

    def portal():
        start = time.perf_counter()
        plan = plan_from_bytes(data, leaving=leaving)
        times["dry"] = time.perf_counter() - start
        assert not plan.blocked, (plan.refused[:3], plan.waiting[:3])
        assert (len(plan.create), len(plan.moves), len(plan.leaving)) == expected, (
            len(plan.create), len(plan.moves), len(plan.leaving))  # fmt: skip
        start = time.perf_counter()
        services.staff_import_apply(plan=plan, by=bkpsdm)
        times["apply"] = time.perf_counter() - start

    def floor():
        _floor(data, leaving)

    # Two pairs, portal then floor: on a shared machine each pair meets about the same load, so
    # each pair's ratio is reported with its wall and this process's CPU time.
    pairs, peaks = [], None
    for trace in (True, False):
        portal_run = _once(portal, trace=trace)
        split = (times["dry"], times["apply"])
        floor_run = _once(floor, trace=trace)
        if trace:
            peaks = (portal_run[2], floor_run[2])
        pairs.append((portal_run, split, floor_run))
    created, moved, left = expected
    text = "; ".join(
        f"run {n}: {p[0]:.1f} s wall, {p[1]:.1f} s CPU (dry run {d:.1f} s, apply {a:.1f} s) vs "
        f"floor {f[0]:.1f} s wall, {f[1]:.1f} s CPU: {p[0] / f[0]:.1f}x wall, "
        f"{p[1] / f[1]:.1f}x CPU"
        for n, (p, (d, a), f) in enumerate(pairs, start=1)
    )
    best = min(p[0] / f[0] for p, _, f in pairs)
    rec.add(
        f"SIASN import, {ROWS:,} rows (dry run + apply)",
        f"{text} ({size:.1f} MB file; {created:,} new, {moved:,} moved or new position, {left} "
        f"ticked as leaving of {len(first.departures)} offered)",
        "<= 10x floor",
        seconds=pairs[-1][0][0],
        floor_seconds=pairs[-1][2][0],
        ratio=best,
    )
    rec.add(
        f"SIASN import, {ROWS:,} rows: peak memory",
        f"{peaks[0]:.0f} MB traced (dry run + apply) vs floor {peaks[1]:.0f} MB; ratio "
        f"{peaks[0] / peaks[1]:.1f}x",
        "",
        peak_mb=peaks[0],
        floor_peak_mb=peaks[1],
    )


def _once(fn, *, trace=True) -> tuple[float, float, float]:
    """(wall seconds, this process's CPU seconds, peak MB traced by tracemalloc) of fn() in a
    transaction rolled back."""
    if trace:
        tracemalloc.start()
    try:
        with transaction.atomic():
            start, cpu = time.perf_counter(), time.process_time()
            fn()
            elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
            transaction.set_rollback(True)
        peak = tracemalloc.get_traced_memory()[1] / (1024 * 1024) if trace else 0.0
    finally:
        if trace:
            tracemalloc.stop()
    return elapsed, cpu, peak


def _file(units) -> tuple[bytes, tuple[int, int, int]]:
    staff = list(Employee.objects.filter(is_active=True).order_by("pk"))
    kept = staff[: min(len(staff), ROWS) - LEFT]
    by_opd: dict[int, list[Unit]] = {}
    for unit in units:
        by_opd.setdefault(unit.opd_id, []).append(unit)
    unit_of = {u.pk: u for u in units}
    rows, moved = [], 0
    for n, e in enumerate(kept):
        unit, position = unit_of[e.unit_id], e.position_name
        changed = False
        if n % 10 == 0:
            position, changed = f"{position} (SIASN)"[:200], True
        if n % 50 == 1:
            siblings = [u for u in by_opd[unit.opd_id] if u.pk != unit.pk]
            if siblings:
                unit, changed = siblings[n % len(siblings)], True
        moved += changed
        rows.append([e.nip, "", e.name, "", e.asn_type, TYPES[e.position_type], e.golongan,
                     position, f"U{unit.pk}", unit.name])  # fmt: skip
    taken = {e.nip for e in staff} | set(Employee.objects.values_list("nip", flat=True))
    n, created = 700_000, 0
    while len(rows) < ROWS:
        nip = valid_nip("PNS", n=n)
        n += 1
        if nip in taken:
            continue
        taken.add(nip)
        unit = units[n % len(units)]
        rows.append([nip, "", f"Pegawai SIASN {n}", "S.Kom", "PNS", "Jabatan Pelaksana", "II/c",
                     "Pengadministrasi Perkantoran", f"U{unit.pk}", unit.name])  # fmt: skip
        created += 1
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Data ASN")
    sheet.append(HEADERS)
    for line in rows:
        sheet.append(line)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue(), (created, moved, LEFT // 2)


def _floor(data: bytes, leaving) -> None:
    book = load_workbook(io.BytesIO(data), read_only=True)
    cells = book.worksheets[0].iter_rows(values_only=True)
    next(cells)
    rows = list(cells)
    book.close()
    known = dict(raw("SELECT nip, id FROM opd_employee"))
    units = dict(raw("SELECT siasn_id, unit_id FROM staff_import_unitmapping WHERE siasn_id <> ''"))
    new = [r for r in rows if r[0] not in known]
    old = [r for r in rows if r[0] in known]
    raw(
        "INSERT INTO opd_employee (nip, name, asn_type, golongan, position_type, position_name, "
        "unit_id, is_active, email, ineligibility) SELECT n, m, 'PNS', 'II/c', 'pelaksana', p, u, "
        "true, '', '' FROM unnest(%s::text[], %s::text[], %s::text[], %s::int[]) AS t(n, m, p, u)",
        [[r[0] for r in new], [f"{r[2]}, {r[3]}" for r in new], [r[7] for r in new],
         [units[r[8]] for r in new]],
    )  # fmt: skip
    raw(
        "UPDATE opd_employee e SET name = t.m, position_name = t.p, unit_id = t.u FROM "
        "unnest(%s::int[], %s::text[], %s::text[], %s::int[]) AS t(i, m, p, u) WHERE e.id = t.i",
        [[known[r[0]] for r in old], [r[2] for r in old], [r[7] for r in old],
         [units[r[8]] for r in old]],
    )  # fmt: skip
    raw(
        "UPDATE opd_employee SET is_active = false, left_on = current_date WHERE nip = ANY(%s)",
        [sorted(leaving)],
    )
