"""`manage.py import_staff <file.xlsx> [--dry-run]`: the same checks as the upload page."""

import io
import re

import pytest
from django.core.management import CommandError, call_command

from opd.models import Employee
from tests.staff_import import xlsx_builders as build

pytestmark = pytest.mark.django_db


@pytest.fixture
def write(tmp_path):
    def _write(data: bytes, name="pegawai.xlsx"):
        path = tmp_path / name
        path.write_bytes(data)
        return str(path)

    return _write


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_staff", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_a_dry_run_reports_and_writes_nothing(write, unit_a, employee_a):
    path = write(build.workbook([build.row(), build.employee_row(employee_a)]))
    before = build.staff_snapshot()
    out, err = run(path, "--dry-run")
    assert out == ""
    assert "2 baris data: 1 akan ditambahkan, 0 akan diperbarui, 1 tidak berubah, 0 ditolak." in err
    assert "Uji coba (--dry-run): tidak ada yang disimpan." in err
    assert build.staff_snapshot() == before


def test_it_imports_a_good_file(write, unit_a, employee_a):
    path = write(build.workbook([build.row(), build.employee_row(employee_a, golongan="IV/a")]))
    out, err = run(path, "-v", "2")
    assert f"Diperbarui {employee_a.nip}: Golongan: III/a → IV/a" in out
    assert "Impor selesai: 1 pegawai ditambahkan, 1 diperbarui, 0 tidak berubah." in err
    assert Employee.objects.get(nip=build.GOOD_PNS).unit == unit_a
    employee_a.refresh_from_db()
    assert employee_a.golongan == "IV/a"


def test_refused_rows_are_printed_and_exit_1_with_nothing_written(write, unit_a):
    path = write(build.workbook([build.row(), build.row(nip="12345", name="Salah")]))
    before = build.staff_snapshot()
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command("import_staff", path, stdout=out, stderr=err)
    assert exit_.value.code == 1
    assert out.getvalue() == "Baris 3, kolom NIP: NIP harus 18 digit, tertulis 5 digit.\n"
    assert "Impor tidak dijalankan" in err.getvalue()
    assert build.staff_snapshot() == before


@pytest.mark.parametrize(
    "builder, message",
    [
        (build.not_a_zip, "isinya bukan arsip ZIP"),
        (build.renamed_docx, "dokumen Word (.docx) yang diganti namanya"),
        (build.zip_bomb, "Berkas ditolak sebagai 'zip bomb'"),
        (build.macro_workbook, "Berkas berisi makro (VBA)"),
        (build.xml_bomb, "memuat deklarasi DTD atau entitas XML"),
        (build.external_link_workbook, "tautan eksternal"),
    ],
)
def test_a_hostile_file_exits_2_with_its_reason(write, unit_a, builder, message):
    path = write(builder())
    before = build.staff_snapshot()
    with pytest.raises(CommandError, match=re.escape(message)) as e:
        run(path)
    assert e.value.returncode == 2
    assert build.staff_snapshot() == before


def test_a_50_mb_file_is_refused_by_its_size_without_being_read(tmp_path, unit_a):
    path = tmp_path / "besar.xlsx"
    with path.open("wb") as f:
        f.truncate(50 * 1024 * 1024)  # zero-filled, and sparse: nothing to read before refusing
    with pytest.raises(CommandError, match=r"Berkas terlalu besar \(50 MB\)") as e:
        run(str(path))
    assert e.value.returncode == 2


def test_a_missing_file_exits_2(tmp_path):
    with pytest.raises(CommandError, match="tidak dapat dibuka") as e:
        run(str(tmp_path / "tidak-ada.xlsx"))
    assert e.value.returncode == 2


def test_a_file_without_the_columns_exits_2(write, unit_a):
    path = write(build.workbook([["x"]], headers=["NIP", "Nama"]))
    with pytest.raises(CommandError, match="Kolom wajib tidak ada di baris judul") as e:
        run(path)
    assert e.value.returncode == 2
