"""A small city for the dashboards and documents: Dinas Kesehatan with a puskesmas and a
secretariat, Dinas Perhubungan with one bidang, some staff on WFH/WFA, a plan, check-ins, daily
reports and feedback."""

import re
from io import BytesIO

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from attendance.models import CheckIn, DailyReport, ReportStatus, ServiceFeedback
from opd.models import PositionType, ServiceCategory, UnitKind
from schedules.models import Assignment, Mode
from tests.attendance.conftest import today, today_window  # noqa: F401
from tests.factories import EmployeeFactory, OpdFactory, UnitFactory
from tests.targets.fixtures import approved_target  # noqa: F401


@pytest.fixture
def days(window):
    return list(window.days.all())


@pytest.fixture
def admin_unit(opd_a):
    return UnitFactory(
        opd=opd_a,
        code="dinkes-sekretariat",
        name="Sekretariat Dinas Kesehatan",
        kind=UnitKind.SEKRETARIAT,
        service_category=ServiceCategory.NONE,
    )


@pytest.fixture
def staff(employee_a, employee_b, unit_a, admin_unit):
    """Puskesmas Makrayu: a doctor, employee_a (a nurse) and two more nurses; the secretariat:
    two clerks; Dishub: employee_b. Seven active staff, and one inactive who never counts."""
    return {
        "dokter": EmployeeFactory(
            unit=unit_a, name="dr. Rina Sari", position_name="Dokter Ahli Pertama"
        ),
        "perawat": [
            employee_a,
            *(
                EmployeeFactory(unit=unit_a, name=f"Ns. Perawat {i}", position_name="Perawat")
                for i in range(2)
            ),
        ],
        "staf": [
            EmployeeFactory(
                unit=admin_unit, name=f"Staf Umum {i}", position_name="Pengadministrasi"
            )
            for i in range(2)
        ],
        "dishub": employee_b,
        "pensiun": EmployeeFactory(unit=admin_unit, name="Pensiunan", is_active=False),
    }


def assign(employee, day, mode, place=""):
    return Assignment.objects.create(employee=employee, day=day, mode=mode, wfa_place=place)


def check_in(employee, day, *, mode=Mode.WFO):
    return CheckIn.objects.create(
        employee=employee, day=day, planned_mode=mode, mode=mode, checked_in_at=timezone.now()
    )


def report(employee, day, *, status=ReportStatus.SUBMITTED):
    return DailyReport.objects.create(
        employee=employee, day=day, mode=Mode.WFO, status=status, submitted_at=timezone.now()
    )


def feedback(unit, window, rating):
    return ServiceFeedback.objects.create(unit=unit, window=window, rating=rating)


def more_opds(n):
    """`n` extra OPDs, each with a bidang and one employee: the query count must not move."""
    for i in range(n):
        unit = UnitFactory(opd=OpdFactory(code=f"opd-uji-{i}"), kind=UnitKind.BIDANG)
        EmployeeFactory(unit=unit)


def head_employee(opd, unit, name="dr. H. Kepala Dinas, M.Kes."):
    return EmployeeFactory(
        unit=unit,
        name=name,
        position_type=PositionType.JPT,
        position_name=f"Kepala {opd.name}",
    )


def chart_data(response) -> dict:
    """The JSON the page hands to static/js/dashboard.js."""
    import json

    match = re.search(
        r'<script id="dashboard-data" type="application/json">(.*?)</script>',
        response.content.decode(),
        re.S,
    )
    assert match, "no json_script with the chart data"
    return json.loads(match.group(1))


def open_workbook(response):
    """The downloaded workbook, reopened as Excel would read it."""
    return load_workbook(BytesIO(b"".join(response.streaming_content)))
