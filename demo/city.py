"""The demo city: Pemerintah Kota Palembang, its OPDs and units, 13,870 ASN, an account per role.

`seed_demo_city()` is what `manage.py seed_demo` runs; tests and benchmarks call it directly. It
only adds what is missing (OPDs and units by code, staff by NIP, accounts by username), so a second
run changes nothing. The data itself comes from demo/catalog.py and demo/people.py.
"""

import time
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from demo.catalog import city_catalog
from demo.names import split_name
from demo.people import city_people
from eligibility.models import Restriction, RestrictionKind
from opd.models import AsnType, Employee, Opd, PositionType, Role, Unit, User
from schedules.eligible import period_end
from schedules.models.policies import NEW_STAFF_MONTHS

PASSWORD = "wfa-demo-2025"
BATCH_SIZE = 2000


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    opd_code: str | None  # only heads have one: User.opd is the OPD they lead
    sees: str  # what the account may see, for the login table
    first_name: str  # used when no staff record backs the account (walikota, small cities)
    last_name: str
    unit_code: str = ""  # a unit head account: User.head_of_unit


DEMO_ACCOUNTS = (
    DemoAccount(
        "bkpsdm", Role.BKPSDM, None, "Seluruh OPD se-kota; boleh mengubah; admin Django",
        "Admin", "BKPSDM",
    ),
    DemoAccount(
        "kepala.dinkes", Role.HEAD, "dinkes", "Hanya Dinas Kesehatan dan 42 puskesmasnya",
        "Kepala", "Dinas Kesehatan",
    ),
    DemoAccount(
        "kepala.dishub", Role.HEAD, "dishub", "Hanya Dinas Perhubungan",
        "Kepala", "Dinas Perhubungan",
    ),
    DemoAccount(
        "walikota", Role.MAYOR, None, "Seluruh kota, hanya baca", "Kantor Wali Kota", "Palembang"
    ),
    DemoAccount(
        "pegawai", Role.EMPLOYEE, None, "Data dirinya: perawat Puskesmas Makrayu",
        "Pegawai", "Demo",
    ),
    DemoAccount(
        "plh.dishub", Role.EMPLOYEE, None,
        "Plh. Kepala Dinas Perhubungan selama periode berjalan; di luar itu datanya sendiri",
        "Plh", "Dishub",
    ),
    DemoAccount(
        "kapus.makrayu", Role.EMPLOYEE, None,
        "Kepala Puskesmas Makrayu: tahap unit evaluasi puskesmasnya, dan datanya sendiri",
        "Kepala", "Puskesmas Makrayu", unit_code="pkm-makrayu",
    ),
)  # fmt: skip


@dataclass
class SeedResult:
    scale: float
    opds_added: int = 0
    units_added: int = 0
    pns_added: int = 0
    pppk_added: int = 0
    accounts_added: int = 0
    employees_total: int = 0
    seconds: float = 0.0

    @property
    def employees_added(self) -> int:
        return self.pns_added + self.pppk_added

    @property
    def added_anything(self) -> bool:
        return any((self.opds_added, self.units_added, self.employees_added, self.accounts_added))


def _number(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def seed_demo_city(*, scale: float = 1.0, stdout=None) -> SeedResult:
    """Build (or complete) the demo city; `scale` multiplies the staff, 1.0 is the real city.

    Progress goes to `stdout` (a file or a command's OutputWrapper) when given. Keep to one scale
    per database: another scale builds other people, who would be added beside the first.
    """
    started = time.perf_counter()
    result = SeedResult(scale=scale)
    catalog = city_catalog()
    people = city_people(catalog, scale=scale)
    with transaction.atomic():
        result.opds_added = _add_opds(catalog)
        result.units_added, unit_ids = _add_units(catalog)
        _add_employees(people, unit_ids, result)
        result.accounts_added = _add_accounts()
    result.employees_total = Employee.objects.count()
    result.seconds = time.perf_counter() - started
    if stdout is not None:
        _report(result, stdout)
    return result


def _add_opds(catalog) -> int:
    existing = set(Opd.objects.values_list("code", flat=True))
    new = [
        Opd(code=o.code, name=o.name, short_name=o.short_name, kind=o.kind)
        for o in catalog
        if o.code not in existing
    ]
    Opd.objects.bulk_create(new)
    return len(new)


def _add_units(catalog) -> tuple[int, dict[str, int]]:
    opd_ids = dict(Opd.objects.values_list("code", "id"))
    existing = dict(Unit.objects.values_list("code", "kecamatan"))
    new, placed = [], []
    for opd in catalog:
        for spec in opd.units:
            if spec.code in existing:
                if spec.kecamatan and not existing[spec.code]:  # a city seeded before the field
                    placed.append((spec.code, spec.kecamatan))
                continue
            lat, lon = spec.location or (None, None)
            new.append(
                Unit(
                    opd_id=opd_ids[opd.code],
                    code=spec.code,
                    name=spec.name,
                    kind=spec.kind,
                    service_category=spec.category,
                    kecamatan=spec.kecamatan,
                    latitude=lat,
                    longitude=lon,
                )
            )
    Unit.objects.bulk_create(new)
    for code, kecamatan in placed:
        Unit.objects.filter(code=code).update(kecamatan=kecamatan)
    return len(new), dict(Unit.objects.values_list("code", "id"))


def _add_employees(people, unit_ids: dict[str, int], result: SeedResult) -> None:
    existing = set(Employee.objects.values_list("nip", flat=True))
    new = [
        Employee(
            nip=p.nip,
            name=p.name,
            asn_type=p.asn_type,
            golongan=p.golongan,
            position_type=p.position_type,
            position_name=p.position_name,
            unit_id=unit_ids[p.unit_code],
            is_active=p.is_active,
        )
        for p in people
        if p.nip not in existing
    ]
    Employee.objects.bulk_create(new, batch_size=BATCH_SIZE)
    _add_restrictions([p for p in people if p.ineligibility and p.nip not in existing])
    result.pppk_added = sum(e.asn_type == AsnType.PPPK for e in new)
    result.pns_added = len(new) - result.pppk_added


DEMO_SK = "SK demo"


def _add_restrictions(people) -> None:
    """The city's sanctioned staff (open-ended) and new appointees (from the first of this month,
    for the default policy period): records, as BKPSDM would keep them (eligibility.models)."""
    start = timezone.localdate().replace(day=1)
    ids = dict(Employee.objects.filter(nip__in=[p.nip for p in people]).values_list("nip", "id"))
    Restriction.objects.bulk_create(
        (
            Restriction(
                employee_id=ids[p.nip], kind=RestrictionKind.SANCTION, start_date=start,
                reason="Hukuman disiplin tingkat sedang", basis=f"{DEMO_SK} hukuman disiplin",
            )
            if p.ineligibility == "sanction"
            else Restriction(
                employee_id=ids[p.nip], kind=RestrictionKind.APPOINTMENT, start_date=start,
                end_date=period_end(start, NEW_STAFF_MONTHS), basis=f"{DEMO_SK} pengangkatan",
            )
            for p in people
        ),
        batch_size=BATCH_SIZE,
    )  # fmt: skip


def account_employee(username: str) -> Employee | None:
    """The staff record behind a demo account; None if the city is too small to have it.

    Someone with a family name is preferred, so that the account has a first and a last name.
    """
    staff = Employee.objects.filter(is_active=True, account__isnull=True).order_by("nip")
    if username == "bkpsdm":
        staff = staff.filter(
            unit__opd__code="bkpsdm", position_name__startswith="Analis Sumber Daya Manusia"
        )
    elif username.startswith("kepala."):
        staff = staff.filter(
            unit__opd__code=username.removeprefix("kepala."), position_type=PositionType.JPT
        )
    elif username == "plh.dishub":  # an administrator of Dishub stands in for its head
        staff = staff.filter(unit__opd__code="dishub", position_type=PositionType.ADMINISTRATOR)
    elif username == "kapus.makrayu":  # a unit head account (#25): not a nurse of the unit
        staff = staff.filter(unit__code="pkm-makrayu").exclude(position_name__contains="Perawat")
    elif username == "pegawai":  # eligible, so the demo can put them on WFH or WFA
        staff = staff.filter(
            unit__code="pkm-makrayu",
            position_name__contains="Perawat",
            restrictions__isnull=True,
        )
    else:
        return None
    candidates = list(staff[:20])
    return next((e for e in candidates if split_name(e.name)[1]), None) or (
        candidates[0] if candidates else None
    )


def _add_accounts() -> int:
    existing = set(User.objects.values_list("username", flat=True))
    missing = [a for a in DEMO_ACCOUNTS if a.username not in existing]
    if not missing:
        return 0
    # One hash for them all: the password is published anyway, and each hash costs ~0.3 s.
    password = make_password(PASSWORD)
    opd_ids = dict(Opd.objects.values_list("code", "id"))
    unit_ids = dict(
        Unit.objects.filter(code__in=[a.unit_code for a in missing]).values_list("code", "id")
    )
    for account in missing:
        employee = account_employee(account.username)
        if employee is not None:
            first_name, last_name = split_name(employee.name)
        else:
            first_name, last_name = account.first_name, account.last_name
        User.objects.create(
            username=account.username,
            password=password,
            role=account.role,
            opd_id=opd_ids.get(account.opd_code),
            head_of_unit_id=unit_ids.get(account.unit_code),
            employee=employee,
            first_name=first_name,
            last_name=last_name,
            # Demo addresses: `make run` prints the emails on the console, nothing leaves.
            email=f"{account.username}@demo.palembang.go.id",
            is_staff=account.role == Role.BKPSDM,
            is_superuser=account.role == Role.BKPSDM,
        )
    return len(missing)


def _report(result: SeedResult, stdout) -> None:
    if not result.added_anything:
        lines = [
            "Tidak ada yang ditambahkan: kota demo sudah lengkap "
            f"({_number(result.employees_total)} pegawai)."
        ]
    else:
        lines = [
            f"OPD ditambahkan: {result.opds_added}",
            f"Unit kerja ditambahkan: {_number(result.units_added)}",
            f"Pegawai ditambahkan: {_number(result.employees_added)} "
            f"(PNS {_number(result.pns_added)}, PPPK {_number(result.pppk_added)})",
            f"Akun demo ditambahkan: {result.accounts_added}",
        ]
    stdout.write("\n".join(lines) + "\n")
