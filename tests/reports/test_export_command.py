"""`manage.py export_workbook`: the same workbook from the command line."""

import errno

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook, load_workbook

from common.xlsx import text
from schedules.models import Mode
from tests.reports.conftest import assign


def test_it_writes_the_city_workbook(tmp_path, window, days, staff, capsys):
    assign(staff["perawat"][1], days[0], Mode.WFH)
    out = tmp_path / "rekap.xlsx"
    call_command("export_workbook", "--window", "lebaran-2025", "--out", str(out))
    wb = load_workbook(out)
    assert wb.sheetnames == [
        "Ringkasan",
        "Rincian per hari",
        "Layanan Esensial",
        "Kehadiran",
        "Dinkes",
        "Dishub",
    ]
    assert wb["Ringkasan"]["E7"].value == 1  # one WFH in Dinkes on Monday
    said = capsys.readouterr().out
    assert f"ditulis ke {out}: 6 lembar" in said and "seluruh kota" in said


def test_it_writes_one_opd(tmp_path, window, staff):
    out = tmp_path / "dishub.xlsx"
    call_command("export_workbook", "--window", "lebaran-2025", "--opd", "dishub", "--out", out)
    assert load_workbook(out).sheetnames[-1] == "Dishub"
    assert len(load_workbook(out).sheetnames) == 5


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--window", "tidak-ada"], "Periode 'tidak-ada' tidak ditemukan. Periode yang ada: "),
        (["--window", "lebaran-2025", "--opd", "xyz"], "OPD dengan kode 'xyz' tidak ditemukan."),
    ],
)
def test_an_unknown_window_or_opd_exits_with_2(tmp_path, window, staff, args, message):
    out = tmp_path / "rekap.xlsx"
    with pytest.raises(CommandError) as error:
        call_command("export_workbook", *args, "--out", str(out))
    assert error.value.returncode == 2
    assert message in str(error.value)
    assert not out.exists()


def test_a_wrong_target_exits_with_2(tmp_path, window):
    with pytest.raises(CommandError) as error:
        call_command("export_workbook", "--window", "lebaran-2025", "--out", tmp_path / "x.csv")
    assert error.value.returncode == 2 and ".xlsx" in str(error.value)
    with pytest.raises(CommandError) as error:
        call_command(
            "export_workbook", "--window", "lebaran-2025", "--out", tmp_path / "no" / "x.xlsx"
        )
    assert error.value.returncode == 2 and "tidak ada" in str(error.value)


def test_plain_text_stays_a_plain_string_and_risky_text_a_forced_string_cell():
    from openpyxl import Workbook

    ws = Workbook(write_only=True).create_sheet("Uji")
    assert text(ws, "Puskesmas Makrayu") == "Puskesmas Makrayu"
    assert text(ws, None) == ""
    assert text(ws, "Nama\x01") == "Nama"  # a control character XML cannot hold
    for risky in ["=1+1", "+62 811", "-", "@A1", "\t=1", "#REF!", "\r\n=1"]:
        cell = text(ws, risky)
        assert cell.value == risky and cell.data_type == "s" and cell.quotePrefix


def test_a_full_disk_leaves_no_file_and_says_so(tmp_path, window, staff, monkeypatch):
    """The disk fills up half-way through the save: no truncated file under the target's name
    (nor a temporary one left behind), and a message instead of a traceback."""
    out = tmp_path / "rekap.xlsx"
    out.write_bytes(b"the previous export")

    save = Workbook.save

    def save_until_the_disk_is_full(self, filename):
        save(self, filename)
        with open(filename, "r+b") as half:
            half.truncate(100)  # what the disk took before it was full
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(Workbook, "save", save_until_the_disk_is_full)
    with pytest.raises(CommandError) as error:
        call_command("export_workbook", "--window", "lebaran-2025", "--out", str(out))
    assert error.value.returncode == 1
    assert str(error.value) == (
        "Ruang penyimpanan server penuh: rekap.xlsx tidak dapat disimpan dan tidak ada yang "
        "diubah. Minta pengelola server mengosongkan ruang disk, lalu coba lagi."
    )
    assert out.read_bytes() == b"the previous export"  # untouched
    assert [p.name for p in tmp_path.iterdir()] == ["rekap.xlsx"]


def test_the_file_appears_whole_under_its_name(tmp_path, window, staff):
    out = tmp_path / "rekap.xlsx"
    call_command("export_workbook", "--window", "lebaran-2025", "--out", str(out))
    assert [p.name for p in tmp_path.iterdir()] == ["rekap.xlsx"]
    assert oct(out.stat().st_mode & 0o777) == "0o644"
