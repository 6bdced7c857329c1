"""A proposal as the difference from the current plan, per OPD, in data a page or a terminal shows.

`Proposal.summary()` is plain JSON (stored with the proposal); `summary_lines()` prints it.
"""

from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from statistics import mean

from common.dates import tanggal
from schedules.planner.problem import STATUS_LABELS, Status
from schedules.planner.unit import UnitOutcome

MAX_PRINTED = 20


@dataclass
class OpdOutcome:
    opd: object
    units: list[UnitOutcome] = field(default_factory=list)

    @property
    def locked(self) -> bool:
        return any(u.status == Status.LOCKED for u in self.units)

    def cells(self) -> list[list]:
        """[employee id, day id, mode, place] for every cell that changes."""
        cells = []
        for unit in self.units:
            ids = [person.id for person in unit.problem.people]
            days = [day.pk for day in unit.problem.days]
            cells.extend([ids[i], days[j], mode, place] for (i, j), (mode, place) in unit.changed)
        return cells


@dataclass
class PlannerResult:
    window: object
    opd: object | None
    fingerprint: str
    seconds: float
    opds: list[OpdOutcome]
    # Seconds per phase: load (wall: the database), then the CPU seconds of prepare, rotation,
    # solver and explain summed over the units (over the processes, when several planned them).
    phases: dict[str, float] = field(default_factory=dict)

    def cells(self) -> dict[str, list[list]]:
        return {str(o.opd.pk): cells for o in self.opds if (cells := o.cells())}

    def units(self) -> list[UnitOutcome]:
        return [u for o in self.opds for u in o.units]

    def summary(self) -> dict:
        opds = [_opd_summary(o) for o in self.opds]
        spreads = [u.spread for u in self.units() if u.spread is not None]
        return {
            "window": self.window.slug,
            "window_name": self.window.name,
            "scope": self.opd.code if self.opd else "",
            "scope_name": self.opd.name if self.opd else "Seluruh kota",
            "seconds": round(self.seconds, 3),
            "changed": sum(o["changed"] for o in opds),
            "remote": sum(o["remote"] for o in opds),
            "staff": sum(o["staff"] for o in opds),
            "wishes_total": sum(o["wishes_total"] for o in opds),
            "wishes_granted": sum(o["wishes_granted"] for o in opds),
            "shortfalls": sum(len(o["shortfalls"]) for o in opds),
            "statuses": _count_statuses(self.units()),
            "spread_max": max(spreads, default=0),
            "spread_mean": round(mean(spreads), 2) if spreads else 0,
            "opds": opds,
        }


def _count_statuses(units) -> list[list]:
    counts = Counter(u.status for u in units)
    return [[str(s), STATUS_LABELS[s], counts[s]] for s in Status if counts[s]]


def _day(day) -> str:
    return _date_label(day.date)


@lru_cache(maxsize=256)
def _date_label(when) -> str:
    """A window's few days, each written once (a city's 10,000 wishes name five days)."""
    return tanggal(when, weekday=True)


def _opd_summary(outcome: OpdOutcome) -> dict:
    granted, refused, shortfalls, units = [], [], [], []
    for u in outcome.units:
        for w in u.wishes:
            (granted if w.granted else refused).append(_wish_row(u, w))
        shortfalls.extend(_shortfall_row(u, s) for s in u.shortfalls)
        units.append(_unit_row(u))
    opd = outcome.opd
    return {
        "id": opd.pk,
        "code": opd.code,
        "name": opd.name,
        "locked": outcome.locked,
        "changed": sum(u["changed"] for u in units),
        "remote": sum(u["remote"] for u in units),
        "staff": sum(u["staff"] for u in units),
        "wishes_total": len(granted) + len(refused),
        "wishes_granted": len(granted),
        "granted": granted,
        "refused": refused,
        "shortfalls": shortfalls,
        "statuses": _count_statuses(outcome.units),
        "seconds": round(sum(u.seconds for u in outcome.units), 3),
        "units": units,
    }


def _wish_row(u, w) -> dict:
    return {
        "employee": w.person.name,
        "nip": w.person.nip,
        "unit": u.unit.name,
        "day": _day(w.day),
        "mode": w.wish.mode,
        "place": w.wish.place,
        "reason": w.reason,
    }


def _shortfall_row(u, s) -> dict:
    return {
        "unit": u.unit.name,
        "day": _day(s.day),
        "rule": s.rule.name,
        "staff": s.staff,
        "required": s.required,
        "planned": s.planned,
        "reason": s.reason,
    }


def _unit_row(u) -> dict:
    return {
        "name": u.unit.name,
        "status": str(u.status),
        "label": STATUS_LABELS[u.status],
        "staff": len(u.problem.people),
        "remote": u.remote_cells,
        "changed": len(u.changed),
        "spread": u.spread,
        "shortfalls": len(u.shortfalls),
        "seconds": round(u.seconds, 3),
    }


def _number(n) -> str:
    return f"{n:,}".replace(",", ".")


def _decimal(x: float, places: int = 2) -> str:
    return f"{x:.{places}f}".replace(".", ",")


def summary_lines(summary: dict) -> list[str]:
    """The same summary the proposal page shows, as lines for the terminal."""
    lines = []
    for o in summary["opds"]:
        head = (
            f"{o['code']}\t{o['name']}: {_number(o['changed'])} sel berubah, "
            f"{_number(o['remote'])} sel WFH/WFA; preferensi {o['wishes_granted']}/"
            f"{o['wishes_total']} dikabulkan; {len(o['shortfalls'])} aturan tidak terpenuhi; "
            f"unit: {', '.join(f'{n} {label}' for _, label, n in o['statuses'])}; "
            f"{_decimal(o['seconds'])} detik"
        )
        lines.append(head + (" (rencana disetujui: dibiarkan)" if o["locked"] else ""))
        for r in o["refused"][:MAX_PRINTED]:
            lines.append(f"  preferensi ditolak: {r['employee']}, {r['day']}, {r['mode']}: "
                         f"{r['reason']}")  # fmt: skip
        if len(o["refused"]) > MAX_PRINTED:
            lines.append(f"  ... dan {len(o['refused']) - MAX_PRINTED} preferensi ditolak lainnya")
        for s in o["shortfalls"][:MAX_PRINTED]:
            lines.append(
                f"  tidak terpenuhi: {s['unit']}, {s['day']}, aturan '{s['rule']}': perlu "
                f"{s['required']} di kantor, paling banyak {s['planned']}: {s['reason']}"
            )
        if len(o["shortfalls"]) > MAX_PRINTED:
            lines.append(f"  ... dan {len(o['shortfalls']) - MAX_PRINTED} lainnya")
    lines.append(
        f"Jumlah ({summary['window_name']}, {summary['scope_name']}): "
        f"{_number(summary['changed'])} sel berubah; preferensi {summary['wishes_granted']}/"
        f"{summary['wishes_total']} dikabulkan; {summary['shortfalls']} aturan tidak terpenuhi; "
        f"selisih hari di kantor per unit maks {summary['spread_max']}, rata-rata "
        f"{_decimal(summary['spread_mean'])}; unit: "
        f"{', '.join(f'{n} {label}' for _, label, n in summary['statuses'])}; "
        f"waktu {_decimal(summary['seconds'])} detik."
    )
    return lines
