"""The dry run of a device log (a file or a partner's post): which punches are new, which
already stored, which device user ids nobody is, which rows are refused. Nothing here writes;
`devicelogs.services.punches_store` writes what a clean check found, in one transaction.
"""

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.utils import timezone

from devicelogs.models import Device, DeviceUser, IdKind, Punch
from devicelogs.reading import Read, Row
from opd.models import Employee

LOOKUP_CHUNK = 900  # SQLite's limit on the parameters of one statement
SHOWN = 200
EARLIEST = datetime(2000, 1, 1).date()  # a clock never set says 1970 or 2000-01-01
FUTURE_SLACK = timedelta(minutes=10)


@dataclass
class Report:
    """The per-file report: rows read, matched, unknown ids, duplicates, refused rows."""

    device: Device
    name: str = ""
    sha256: str = ""
    lines: int = 0
    matched: int = 0
    unknown: Counter = field(default_factory=Counter)  # device user id -> rows
    in_file_duplicates: int = 0
    already: int = 0
    refused: list[tuple[int, str]] = field(default_factory=list)
    # The new punches: (employee id, moment, day, verify, state).
    new: list[tuple] = field(default_factory=list)
    first_at: datetime | None = None
    last_at: datetime | None = None
    earlier: object = None  # the PunchImport of the same bytes on this device, if any

    @property
    def duplicates(self) -> int:
        return self.in_file_duplicates + self.already

    @property
    def unknown_rows(self) -> int:
        return sum(self.unknown.values())

    @property
    def can_store(self) -> bool:
        return not self.refused and bool(self.new)

    def unknown_shown(self):
        return self.unknown.most_common(SHOWN)

    def refused_shown(self):
        return self.refused[:SHOWN]

    def summary(self) -> dict:
        """The figures as plain data (the API's answer, the job's message)."""
        return {
            "rows_read": self.lines,
            "matched": self.matched,
            "new": len(self.new),
            "duplicates": self.duplicates,
            "unknown_ids": self.unknown_rows,
            "refused": len(self.refused),
        }


def fingerprint(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def check(device: Device, read: Read, *, name: str = "", sha256: str = "") -> Report:
    """Match every row to an employee and to what is stored already; write nothing."""
    from devicelogs.models import PunchImport

    report = Report(device=device, name=name, sha256=sha256, lines=read.lines)
    report.refused = list(read.refused)
    now = timezone.now()
    rows: list[Row] = []
    for row in read.rows:
        if row.at.date() < EARLIEST:
            report.refused.append(
                (
                    row.number,
                    f"waktu {row.at:%Y-%m-%d} sebelum tahun 2000: jam mesin belum disetel.",
                )
            )
        elif row.at > now + FUTURE_SLACK:
            report.refused.append(
                (row.number, f"waktu {row.at:%Y-%m-%d %H:%M} di masa depan: periksa jam mesin.")
            )
        else:
            rows.append(row)
    report.refused.sort()
    people = employees_of(device, {row.user_id for row in rows})
    seen: set[tuple[int, datetime]] = set()
    matched: list[tuple[int, Row]] = []
    for row in rows:
        employee_id = people.get(row.user_id)
        if employee_id is None:
            report.unknown[row.user_id] += 1
            continue
        key = (employee_id, row.at)
        if key in seen:
            report.in_file_duplicates += 1
            continue
        seen.add(key)
        matched.append((employee_id, row))
    report.matched = len(matched) + report.in_file_duplicates
    if matched:
        report.first_at = min(row.at for _, row in matched)
        report.last_at = max(row.at for _, row in matched)
        stored = set(
            Punch.objects.filter(
                device=device, at__gte=report.first_at, at__lte=report.last_at
            ).values_list("employee_id", "at")
        )
        for employee_id, row in matched:
            if (employee_id, row.at) in stored:
                report.already += 1
            else:
                report.new.append((employee_id, row.at, row.at.date(), row.verify, row.state))
    if sha256:
        report.earlier = (
            PunchImport.objects.filter(device=device, sha256=sha256).order_by("at").first()
        )
    return report


def employees_of(device: Device, user_ids: set[str]) -> dict[str, int]:
    """{device user id: employee id}: the device's own mapping first, then (for a device that
    stores NIPs) the NIP itself."""
    found: dict[str, int] = {}
    ids = sorted(user_ids)
    for start in range(0, len(ids), LOOKUP_CHUNK):
        chunk = ids[start : start + LOOKUP_CHUNK]
        found.update(
            DeviceUser.objects.filter(device=device, device_user_id__in=chunk).values_list(
                "device_user_id", "employee_id"
            )
        )
    if device.id_kind == IdKind.NIP:
        rest = [i for i in ids if i not in found and i.isdigit()]
        for start in range(0, len(rest), LOOKUP_CHUNK):
            chunk = rest[start : start + LOOKUP_CHUNK]
            found.update(Employee.objects.filter(nip__in=chunk).values_list("nip", "pk"))
    return found
