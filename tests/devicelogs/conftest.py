import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from devicelogs.models import Device, DeviceUser, IdKind
from tests.factories import EmployeeFactory, WindowDayFactory

TODAY = date(2026, 11, 25)  # the suite's fixed clock: Wednesday 25 November 2026, 10:00 WIB


@pytest.fixture
def device(opd_a):
    return Device.objects.create(code="dinkes-1", name="Mesin lobi Dinkes", opd=opd_a)


@pytest.fixture
def numbered_device(opd_a, employee_a):
    found = Device.objects.create(
        code="dinkes-2", name="Mesin lantai 2", opd=opd_a, id_kind=IdKind.DEVICE
    )
    DeviceUser.objects.create(device=found, device_user_id="17", employee=employee_a)
    return found


@pytest.fixture
def nurse(unit_a):
    return EmployeeFactory(unit=unit_a, name="Rina Marlina", position_name="Perawat")


@pytest.fixture
def today_in_window(reference_data):
    """25 November 2026 as a window day (the plan then decides who is WFO)."""
    return WindowDayFactory(date=TODAY)


def attlog(*lines: str, name: str = "1_attlog.dat") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, ("\n".join(lines) + "\n").encode())


def line(user_id: str, moment: str, verify: int = 1, state: int = 0) -> str:
    return f"{user_id:>9}\t{moment}\t{verify}\t{state}\t0\t0"


def xlsx(rows, header=("No. ID", "Waktu", "Verifikasi", "Status")) -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile("log.xlsx", out.getvalue())


def check(client, device, upload):
    return client.post("/presensi-mesin/periksa/", {"device": device.pk, "file": upload})


def confirm(client, response):
    return client.post("/presensi-mesin/konfirmasi/", {"token": response.context["token"]})
