"""`manage.py seed_demo`: the demo city of Palembang, built once and only once.

The full city is seeded a single time per test (about 14,000 rows), so the checks are grouped.
The demo windows and their activity are tested on a smaller city in test_demo_life.py.
"""

import hashlib
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count, Q

from demo.city import PASSWORD, seed_demo_city
from opd.models import (
    PNS_GOLONGAN,
    PPPK_GOLONGAN,
    AsnType,
    Employee,
    Opd,
    OpdKind,
    PositionType,
    Role,
    ServiceCategory,
    Unit,
    UnitKind,
    User,
)
from opd.nip import parse_nip

# Later code and tests look these OPDs up by code.
REQUIRED_OPD_CODES = {
    "dinkes", "dishub", "bkpsdm", "satpolpp", "damkar", "dukcapil", "dinsos", "dpmptsp",
    "rsud-bari", "rsud-gandus", "setda", "pendidikan", "kec-ilir-barat-i",
}  # fmt: skip
PUSKESMAS_POSTS = (
    "Dokter",
    "Perawat",
    "Bidan",
    "Apoteker",
    "Pranata Laboratorium Kesehatan",
    "Pengadministrasi Perkantoran",
)


def _snapshot():
    rows = Employee.objects.order_by("nip").values_list("nip", "name", "unit_id")
    digest = hashlib.sha256("\n".join(f"{n}|{m}|{u}" for n, m, u in rows).encode()).hexdigest()
    counts = {model.__name__: model.objects.count() for model in (Opd, Unit, Employee, User)}
    return counts, digest


def _assert_valid_staff():
    """Every NIP parses for its ASN type (judged on 1 Jan 2025: no date depends on today)."""
    rows = Employee.objects.values_list("nip", "asn_type", "golongan")
    for nip, asn_type, golongan in rows:
        parse_nip(nip, asn_type, today=date(2025, 1, 1))
        assert golongan in (PPPK_GOLONGAN if asn_type == AsnType.PPPK else PNS_GOLONGAN), nip


def _assert_structure():
    units = Unit.objects.annotate(
        staff=Count("employees"),
        heads=Count(
            "employees",
            filter=Q(
                employees__position_type__in=[PositionType.ADMINISTRATOR, PositionType.PENGAWAS]
            ),
        ),
    )
    assert not units.exclude(heads=1).exists(), "every unit has exactly one head"
    assert not units.filter(kind=UnitKind.PUSKESMAS).exclude(staff__range=(40, 90)).exists()
    assert not units.filter(kind=UnitKind.KELURAHAN).exclude(staff__range=(8, 15)).exists()
    assert not units.filter(kind=UnitKind.KANTOR_KECAMATAN).exclude(staff__range=(20, 35)).exists()
    jpts = Opd.objects.annotate(
        jpt=Count("units__employees", filter=Q(units__employees__position_type=PositionType.JPT))
    )
    assert not jpts.exclude(jpt=1).exists(), "every OPD has exactly one JPT"
    puskesmas = Unit.objects.filter(kind=UnitKind.PUSKESMAS)
    for post in PUSKESMAS_POSTS:
        staffed = puskesmas.filter(employees__position_name__contains=post).distinct().count()
        assert staffed == 42, post
    for code, post in [
        ("damkar", "Pemadam Kebakaran"),
        ("satpolpp", "Polisi Pamong Praja"),
        ("dishub", "Penguji Kendaraan Bermotor"),
        ("dishub", "Petugas Lalu Lintas"),
    ]:
        assert Employee.objects.filter(unit__opd__code=code, position_name__contains=post).exists()


def _assert_accounts(client):
    expected = {
        "bkpsdm": (Role.BKPSDM, None),
        "kepala.dinkes": (Role.HEAD, "dinkes"),
        "kepala.dishub": (Role.HEAD, "dishub"),
        "walikota": (Role.MAYOR, None),
        "pegawai": (Role.EMPLOYEE, None),
    }
    users = {u.username: u for u in User.objects.select_related("opd", "employee__unit__opd")}
    for username, (role, opd_code) in expected.items():
        user = users[username]
        assert (user.role, user.opd.code if user.opd else None) == (role, opd_code), username
        assert user.first_name and user.last_name, username
        assert client.login(username=username, password=PASSWORD), username
    assert users["bkpsdm"].is_staff and users["bkpsdm"].is_superuser
    assert users["walikota"].first_name == "Kantor Wali Kota"
    for username in ("kepala.dinkes", "kepala.dishub"):
        head = users[username].employee
        assert head.position_type == PositionType.JPT
        assert head.unit.opd.code == username.removeprefix("kepala.")
    nurse = users["pegawai"].employee
    assert nurse.unit.code == "pkm-makrayu" and "Perawat" in nurse.position_name
    assert not nurse.restrictions.exists()  # eligible, so the demo can put them on WFH
    assert nurse.unit.kecamatan == "Ilir Barat II"  # citizens find it by its kecamatan


@pytest.mark.django_db
def test_seed_demo_builds_palembang_once(client, settings):
    # A fast hasher only for this test: five logins with PBKDF2 would cost seconds.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    out = StringIO()
    call_command("seed_demo", "--city-only", stdout=out)
    assert "Pegawai ditambahkan: 13.870 (PNS 9.377, PPPK 4.493)" in out.getvalue()
    assert "wfa-demo-2025" in out.getvalue()

    assert Opd.objects.count() >= 50
    assert Opd.objects.filter(kind=OpdKind.KECAMATAN).count() == 18
    assert set(Opd.objects.filter(code__in=REQUIRED_OPD_CODES).values_list("code", flat=True)) == (
        REQUIRED_OPD_CODES
    )
    front_desk = Unit.objects.filter(service_category=ServiceCategory.FRONT_DESK)
    assert front_desk.filter(kind=UnitKind.KELURAHAN).count() == 107
    assert front_desk.filter(kind=UnitKind.KANTOR_KECAMATAN).count() == 18
    puskesmas = Unit.objects.filter(
        opd__code="dinkes", kind=UnitKind.PUSKESMAS, service_category=ServiceCategory.HEALTH
    )
    assert puskesmas.filter(latitude__isnull=False).count() == 42
    assert (
        Unit.objects.filter(
            opd__code="damkar",
            kind=UnitKind.POS_DAMKAR,
            service_category=ServiceCategory.SECURITY_FIRE,
        ).count()
        == 8
    )
    assert Unit.objects.filter(
        opd__code="dpmptsp", name="Mal Pelayanan Publik", service_category="one_stop"
    ).exists()
    assert str(Unit.objects.get(code="setda-umum").latitude) == "-2.991000"

    assert Employee.objects.filter(asn_type=AsnType.PNS).count() == 9377
    assert Employee.objects.filter(asn_type=AsnType.PPPK).count() == 4493
    assert 2500 <= Employee.objects.filter(unit__opd__code="dinkes").count() <= 3500
    assert 60 <= Employee.objects.filter(restrictions__isnull=False).distinct().count() <= 280
    assert 20 <= Employee.objects.filter(is_active=False).count() <= 140
    _assert_valid_staff()
    _assert_structure()
    _assert_accounts(client)

    before = _snapshot()
    out = StringIO()
    call_command("seed_demo", "--city-only", stdout=out)
    assert "Tidak ada yang ditambahkan" in out.getvalue()
    assert _snapshot() == before


@pytest.mark.django_db
def test_seed_demo_scales_the_staff():
    result = seed_demo_city(scale=0.1)

    assert (result.pns_added, result.pppk_added) == (938, 449)
    assert Employee.objects.count() == 938 + 449
    _assert_valid_staff()
