"""A SIASN staff export read into the same plan as the portal's template, and more: who moved,
who is in the portal but not in the file, and which organisation units (unor) are not mapped.

The columns are found through `SiasnColumn` (headings kept as data, staff_import/models.py); a
unor is matched to a portal unit by `UnitMapping` (by its id first, then its name) or, with no
mapping, by a portal unit of exactly the same name (`name_key`). Staff are matched by NIP only:
the name keeps SIASN's front and back titles ("dr. Siti Aminah, Sp.A") and is just one more
field that may change.

Unlike the template, a SIASN file has no "Aktif" column: everyone in it is at work. The staff of
the file's OPDs who are not in it are *offered* as "keluar/pindah" and deactivated only when
BKPSDM ticks them (`leaving`); rows whose unor is unmapped hold the import back until the unor is
mapped or its rows are skipped explicitly (`skip`). Nothing here writes.
"""

import copy
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone

from common.formulas import starts_formula
from opd.models import AsnType, Employee, PositionType, Unit
from staff_import.columns import FORMULA, RowError, clean_golongan, clean_nip
from staff_import.models import (
    DEFAULT_HEADERS,
    REQUIRED_FIELDS,
    SiasnColumn,
    SiasnField,
    UnitMapping,
    heading_key,
    name_key,
)
from staff_import.rows import StaffUpdate, check_row, refuse

LABELS = dict(SiasnField.choices)
ORDER = {value: index for index, value in enumerate(SiasnField.values)}
# Fields a SIASN row may change; golongan and position type only when the file has the column.
COMPARED = ("name", "asn_type", "position_name", "unit_id", "is_active")
SCIENTIFIC = re.compile(r"^\d(?:[.,]\d+)?[eE]\+?\d+$")  # 1,98503E+17 as a CSV keeps it
STRUCTURAL = {PositionType.JPT, PositionType.ADMINISTRATOR, PositionType.PENGAWAS}


@dataclass
class Unmapped:
    key: str  # "id:<unor id>" or "nama:<name key>": what the preview's skip box posts
    unor_id: str
    unor_name: str
    rows: int
    first_row: int
    skipped: bool = False


def headings() -> dict[str, list[str]]:
    """Each field's accepted headings (normalised): the table's, else the defaults."""
    found = {c.field: c.heading_keys() for c in SiasnColumn.objects.order_by()}
    return {
        key: found.get(key) or [heading_key(h) for h in DEFAULT_HEADERS[key]]
        for key in SiasnField.values
    }


def is_siasn(texts: list[str], known: dict[str, list[str]]) -> bool:
    """A header is SIASN's when it names an organisation unit and no portal "Kode Unit"."""
    keys = {heading_key(t) for t in texts}
    return "kode unit" not in keys and bool(keys & set(known[SiasnField.UNOR_NAME]))


def positions(row: int, texts: list[str], known: dict[str, list[str]]) -> dict[str, int]:
    from openpyxl.utils import get_column_letter

    keys = [heading_key(t) for t in texts]
    found, missing = {}, []
    for field in SiasnField.values:
        at = [i for i, key in enumerate(keys) if key and key in known[field]]
        if len(at) > 1:
            letters = " dan ".join(get_column_letter(i + 1) for i in at)
            raise ValidationError(
                f"Kolom {LABELS[field]} muncul lebih dari sekali di baris judul (baris {row}, "
                f"kolom {letters}); sisakan satu.",
                code="duplicate_column",
            )
        if at:
            found[field] = at[0]
        elif field in REQUIRED_FIELDS:
            missing.append(f"{LABELS[field]} (mis. {DEFAULT_HEADERS[field][0]})")
    if missing:
        raise ValidationError(
            f"Berkas SIASN: kolom wajib tidak ada di baris judul (baris {row}): "
            f"{', '.join(missing)}. Judul kolom yang dikenali dapat ditambah BKPSDM di halaman "
            "Kolom SIASN. Tidak ada data yang diubah.",
            code="missing_column",
        )
    return found


# --- one cell at a time -------------------------------------------------------------------------


def _text(value) -> str:
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        value = int(value)
    return " ".join(str(value).split()) if value is not None else ""


def _nip(value) -> str:
    text = "" if isinstance(value, float) else _text(value)  # a number: clean_nip explains
    if SCIENTIFIC.match(text):
        raise RowError(
            f"NIP tertulis sebagai angka ilmiah ({text}) sehingga digit terakhirnya hilang: "
            "format kolom NIP sebagai Teks sebelum menyimpan berkas, lalu ekspor ulang dari SIASN."
        )
    return clean_nip(value)


def _name(cells: dict) -> str:
    name = _text(cells.get(SiasnField.NAME))
    if not name:
        raise RowError("wajib diisi.")
    front = _text(cells.get(SiasnField.FRONT_TITLE))
    back = _text(cells.get(SiasnField.BACK_TITLE)).lstrip(", ")
    if front and not name.lower().startswith(front.lower()):
        name = f"{front} {name}"
    if back and not name.lower().endswith(back.lower()):
        name = f"{name}, {back}"
    return name


def _asn_type(value) -> str:
    text = _text(value).upper()
    if "PPPK" in text or "P3K" in text:
        return AsnType.PPPK
    if "PNS" in text:  # "PNS", "CPNS", "PNS Daerah Kab/Kota"
        return AsnType.PNS
    raise RowError(f"Jenis ASN harus memuat PNS atau PPPK, tertulis {_text(value)!r}.")


def _position_type(value, current: Employee | None) -> str | None:
    """SIASN's wording ("Jabatan Fungsional Tertentu", "Fungsional Umum", "Struktural"...);
    None when the file says nothing and the portal's value stays."""
    text = _text(value).lower()
    if not text:
        if current is None:
            raise RowError(
                "kosong; pegawai baru memerlukan jenis jabatan (JPT, Administrator, Pengawas, "
                "Pelaksana atau Fungsional)."
            )
        return None
    for words, kind in (
        (("pimpinan tinggi", "jpt"), PositionType.JPT),
        (("administrator",), PositionType.ADMINISTRATOR),
        (("pengawas",), PositionType.PENGAWAS),
        (("pelaksana", "fungsional umum"), PositionType.PELAKSANA),
        (("fungsional",), PositionType.FUNGSIONAL),
    ):
        if any(word in text for word in words):
            return kind
    if "struktural" in text:
        if current is not None and current.position_type in STRUCTURAL:
            return None  # SIASN does not say which level; the portal's stays
        raise RowError(
            f"{_text(value)!r} tidak menyebut tingkatnya; untuk pegawai baru tulis JPT, "
            "Administrator atau Pengawas."
        )
    raise RowError(
        f"Jenis jabatan {_text(value)!r} tidak dikenal; pilihan: JPT, Administrator, Pengawas, "
        "Pelaksana, Fungsional."
    )


def _golongan(value, asn_type: str | None, current: Employee | None) -> str | None:
    if not _text(value):
        if current is None:
            raise RowError(
                "kosong; pegawai baru memerlukan golongan (mis. III/a, atau 7 untuk PPPK)."
            )
        return None
    return clean_golongan(value, asn_type)


# --- the whole file -----------------------------------------------------------------------------


class Units:
    """How a unor finds its portal unit: mapping by id, mapping by name, same name."""

    def __init__(self):
        self.by_id, self.by_name, self.skipped = {}, {}, set()
        for mapping in UnitMapping.objects.order_by():
            target = "skip" if mapping.skip else mapping.unit_id
            if mapping.siasn_id:
                self.by_id[mapping.siasn_id] = target
            self.by_name[mapping.name_key] = target
        self.units = {unit.pk: unit for unit in Unit.objects.order_by()}
        # A name two portal units share ("Sekretariat" in every OPD) matches neither on its own.
        named: dict[str, list[int]] = {}
        for unit in self.units.values():
            named.setdefault(name_key(unit.name), []).append(unit.pk)
        self.same_name = {key: pks[0] for key, pks in named.items() if len(pks) == 1}
        self.found: dict[str, tuple[int | str | None, bool]] = {}

    def resolve(self, unor_id: str, unor_name: str) -> tuple[int | str | None, bool]:
        """(unit id, "skip" or None; whether matched by name with no mapping row)."""
        key = (unor_id, unor_name)
        if key not in self.found:
            target, automatic = None, False
            nkey = name_key(unor_name)
            if unor_id and unor_id in self.by_id:
                target = self.by_id[unor_id]
            elif nkey in self.by_name:
                target = self.by_name[nkey]
            elif nkey in self.same_name:
                target, automatic = self.same_name[nkey], True
            self.found[key] = (target, automatic)
        return self.found[key]


def unmapped_key(unor_id: str, unor_name: str) -> str:
    return f"id:{unor_id}" if unor_id else f"nama:{name_key(unor_name)}"


def plan_siasn(plan, rows, *, existing, skip=frozenset(), leaving=frozenset(), today=None):
    """Fill `plan` (staff_import.plan.ImportPlan) from SIASN rows; `existing(nips)` gives the
    portal's employees by NIP. `skip`: unmapped keys whose rows BKPSDM left out; `leaving`: the
    NIPs ticked "keluar/pindah"."""
    today = today or timezone.localdate()
    units = Units()
    read, nips_in_file, unmapped = [], set(), {}
    for number, cells in rows:
        plan.rows += 1
        errors = {}
        for field, value in cells.items():
            if isinstance(value, str) and starts_formula(value):
                errors[field] = FORMULA
        values = {}
        try:
            values["nip"] = _nip(cells.get(SiasnField.NIP))
            nips_in_file.add(values["nip"])
        except RowError as exc:
            errors.setdefault(SiasnField.NIP, exc.message)
        read.append((number, cells, values, errors))
    found = existing(nips_in_file)
    first_row: dict[str, int] = {}
    opds_in_file = set()
    for number, cells, values, errors in read:
        nip = values.get("nip")
        if nip in first_row and SiasnField.NIP not in errors:
            errors[SiasnField.NIP] = (
                f"NIP {nip} sudah ada di baris {first_row[nip]} berkas ini; "
                "satu pegawai satu baris."
            )
        elif nip:
            first_row.setdefault(nip, number)
        current = found.get(nip)
        unor_id = _text(cells.get(SiasnField.UNOR_ID))
        unor_name = _text(cells.get(SiasnField.UNOR_NAME))
        target, automatic = (None, False)
        if not unor_name and not unor_id:
            errors.setdefault(SiasnField.UNOR_NAME, "wajib diisi.")
        else:
            target, automatic = units.resolve(unor_id, unor_name)
        if target == "skip":
            plan.skipped_rows += 1
            continue
        if target is None and SiasnField.UNOR_NAME not in errors:
            key = unmapped_key(unor_id, unor_name)
            entry = unmapped.setdefault(
                key, Unmapped(key, unor_id, unor_name, 0, number, skipped=key in skip)
            )
            entry.rows += 1
            if entry.skipped:
                plan.skipped_rows += 1
                continue
        if target not in (None, "skip"):
            opds_in_file.add(units.units[target].opd_id)
            if automatic:
                plan.matched_by_name[unmapped_key(unor_id, unor_name)] = (
                    unor_id,
                    unor_name,
                    target,
                )
        employee = _employee(cells, values, errors, current, units.units.get(target))
        if target is None and not errors:
            plan.held_rows += 1  # a good row waiting for its unor to be mapped
            continue
        check_row(employee, errors, failed=set(errors))
        if errors:
            refuse(plan, number, errors, labels=LABELS, order=ORDER)
            continue
        _compare(plan, number, employee, current, cells, today, units)
    plan.unmapped = sorted(unmapped.values(), key=lambda u: u.first_row)
    _departures(plan, nips_in_file, opds_in_file, leaving, today)


def _employee(cells, values, errors, current, unit: Unit | None) -> Employee:
    employee = copy.copy(current) if current is not None else Employee(email="")
    employee.is_active = True
    employee.nip = values.get("nip", "")
    steps = [
        (SiasnField.NAME, lambda: _name(cells)),
        (SiasnField.ASN_TYPE, lambda: _asn_type(cells.get(SiasnField.ASN_TYPE))),
        (SiasnField.POSITION_NAME, lambda: _required(cells.get(SiasnField.POSITION_NAME))),
        (SiasnField.POSITION_TYPE,
         lambda: _position_type(cells.get(SiasnField.POSITION_TYPE), current)),
        (SiasnField.GOLONGAN,
         lambda: _golongan(cells.get(SiasnField.GOLONGAN), employee.asn_type, current)),
    ]  # fmt: skip
    attributes = {
        SiasnField.NAME: "name",
        SiasnField.ASN_TYPE: "asn_type",
        SiasnField.POSITION_NAME: "position_name",
        SiasnField.POSITION_TYPE: "position_type",
        SiasnField.GOLONGAN: "golongan",
    }
    for field, step in steps:
        if field in errors:
            continue
        try:
            value = step()
        except RowError as exc:
            errors[field] = exc.message
            continue
        if value is not None:
            setattr(employee, attributes[field], value)
    if unit is not None:
        employee.unit = unit  # the object, so the preview names it without a query
    return employee


def _required(value) -> str:
    text = _text(value)
    if not text:
        raise RowError("wajib diisi.")
    return text


def _compare(plan, number, employee, current, cells, today, units) -> None:
    if current is None:
        plan.create.append(employee)
        return
    fields = [name for name in COMPARED if getattr(current, name) != getattr(employee, name)]
    fields += [
        name
        for name in ("golongan", "position_type")
        if getattr(current, name) != getattr(employee, name)
    ]
    if not fields:
        plan.unchanged += 1
        return
    changes = []
    for name in fields:
        old, new = getattr(current, name), getattr(employee, name)
        if name == "unit_id":
            changes.append(f"Unit: {_unit_name(units, old)} → {_unit_name(units, new)}")
        elif name == "is_active":
            changes.append("Aktif kembali: tidak → ya")
        elif name == "position_type":
            changes.append(f"Jenis jabatan: {PositionType(old).label} → {PositionType(new).label}")
        else:
            label = {"name": "Nama", "asn_type": "Jenis ASN", "position_name": "Jabatan",
                     "golongan": "Golongan"}[name]  # fmt: skip
            changes.append(f"{label}: {old} → {new}")
    if "unit_id" in fields:  # dated: the days before count the employee in the old unit
        employee.previous_unit_id, employee.moved_on = current.unit_id, today
        fields += ["previous_unit_id", "moved_on"]
    if "is_active" in fields:
        employee.left_on = None
        fields.append("left_on")
    update = StaffUpdate(row=number, employee=employee, fields=fields, changes=changes)
    plan.update.append(update)


def _unit_name(units: Units, pk) -> str:
    unit = units.units.get(pk)
    return unit.name if unit else str(pk)


def _departures(plan, nips_in_file, opds_in_file, leaving, today) -> None:
    if not opds_in_file:
        return
    staff = (
        Employee.objects.filter(unit__opd_id__in=opds_in_file, is_active=True)
        .select_related("unit")
        .order_by("unit__name", "name", "pk")
    )
    for employee in staff.iterator(chunk_size=2000):
        if employee.nip in nips_in_file:
            continue
        plan.departures.append(employee)
        if employee.nip in leaving:
            gone = copy.copy(employee)
            gone.is_active, gone.left_on = False, today
            plan.update.append(
                StaffUpdate(
                    row=0,
                    employee=gone,
                    fields=["is_active", "left_on"],
                    changes=[f"Keluar/pindah: dinonaktifkan mulai {today:%d-%m-%Y}"],
                )
            )
