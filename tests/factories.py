"""factory-boy factories; NIPs are generated valid (birth date, service start, sex, sequence)."""

import itertools
from datetime import date

import factory

from eligibility.models import Restriction, RestrictionKind
from opd.models import AsnType, Employee, Opd, OpdKind, PositionType, Role, Unit, UnitKind, User
from schedules.models import FlexWindow, WindowDay

_sequence = itertools.count(1)


def valid_nip(asn_type: str = "PNS", n: int | None = None) -> str:
    n = next(_sequence) if n is None else n
    born = date(1970 + n % 25, 1 + n % 12, 1 + n % 28)
    sex = "1" if n % 2 else "2"
    if asn_type == "PPPK":
        return f"{born:%Y%m%d}{born.year + 25}21{sex}{1 + n % 999:03d}"
    return f"{born:%Y%m%d}{born.year + 23}{1 + n % 12:02d}{sex}{1 + n % 999:03d}"


class OpdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Opd
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"opd-{n}")
    name = factory.Sequence(lambda n: f"Dinas Contoh {n}")
    short_name = factory.Sequence(lambda n: f"Dinas {n}")
    kind = OpdKind.DINAS


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    opd = factory.SubFactory(OpdFactory)
    code = factory.Sequence(lambda n: f"unit-{n}")
    name = factory.Sequence(lambda n: f"Bidang {n}")
    kind = UnitKind.BIDANG


class EmployeeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Employee
        skip_postgeneration_save = True

    nip = factory.LazyAttribute(lambda o: valid_nip(o.asn_type))
    name = factory.Faker("name", locale="id_ID")
    asn_type = AsnType.PNS
    golongan = factory.LazyAttribute(lambda o: "9" if o.asn_type == AsnType.PPPK else "III/a")
    position_type = PositionType.PELAKSANA
    position_name = "Pengadministrasi Umum"
    unit = factory.SubFactory(UnitFactory)

    @factory.post_generation
    def ineligibility(obj, create, extracted, **kwargs):
        """`ineligibility=RestrictionKind.SANCTION` (or another kind): an open-ended restriction
        of that kind from long ago, i.e. WFO only on every day a test uses."""
        if extracted and create:
            RestrictionFactory(employee=obj, kind=extracted)


class RestrictionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Restriction

    employee = factory.SubFactory(EmployeeFactory)
    kind = RestrictionKind.SANCTION
    reason = "Hukuman disiplin tingkat sedang"
    basis = "SK 800/1/2025"
    start_date = date(2000, 1, 1)
    end_date = None


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="id_ID")
    role = Role.EMPLOYEE
    password = factory.PostGenerationMethodCall("set_password", "rahasia-uji-123")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class WindowFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FlexWindow

    slug = factory.Sequence(lambda n: f"periode-{n}")
    name = factory.Sequence(lambda n: f"Periode uji {n}")
    legal_basis = "SE MenPANRB No. 2 Tahun 2025"


class WindowDayFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WindowDay

    window = factory.SubFactory(WindowFactory)
    date = date(2025, 3, 24)
