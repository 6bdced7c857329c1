"""Retention of fingerprint and e-presensi punches (WFA_RETAIN_DEVICE_PUNCHES_DAYS): punches before
the cutoff go one day per statement, a head's explanations of those days with them, an import's
report once none of its punches is left; the dry run counts the same and changes nothing."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from devicelogs.models import Device, Explanation, LineKind, Punch, PunchImport
from privacy.retention import personal_data_purge

pytestmark = pytest.mark.django_db

WIB = ZoneInfo("Asia/Jakarta")
NOW = datetime(2026, 11, 25, 10, 0, tzinfo=WIB)
CUTOFF = date(2026, 9, 15)  # NOW less 71 days
GONE = [date(2026, 7, 10), date(2026, 8, 31), date(2026, 9, 14)]
KEPT = [date(2026, 9, 15), date(2026, 11, 24)]
PUNCHES = "Rekaman mesin presensi (sidik jari, e-presensi)"
EXPLANATIONS = "Penjelasan kepala atas baris rekonsiliasi mesin"
IMPORTS = "Laporan impor log mesin (nama berkas, pengimpor)"


@pytest.fixture
def punches(employee_a, employee_b, opd_a, head_a, settings):
    """Two punches a day for two people: an old file wholly before the cutoff, one file across
    it, and a recent one; an explanation on an old day and on a kept one."""
    settings.WFA_RETAIN_DEVICE_PUNCHES_DAYS = (NOW.date() - CUTOFF).days
    device = Device.objects.create(code="dinkes-1", name="Mesin lobi", opd=opd_a)
    with time_machine.travel(datetime(2026, 7, 20, 9, tzinfo=WIB), tick=False):
        old = PunchImport.objects.create(device=device, source="file", file_name="juli.dat")
    with time_machine.travel(datetime(2026, 9, 16, 9, tzinfo=WIB), tick=False):
        across = PunchImport.objects.create(device=device, source="file", file_name="sep.dat")
    recent = PunchImport.objects.create(device=device, source="api")
    batches = {GONE[0]: old, GONE[1]: across, GONE[2]: across, KEPT[0]: across, KEPT[1]: recent}
    for day, batch in batches.items():
        for employee in (employee_a, employee_b):
            for hour in (7, 16):
                at = datetime.combine(day, time(hour), tzinfo=WIB)
                Punch.objects.create(device=device, employee=employee, at=at, day=day, batch=batch)
    for day in (GONE[1], KEPT[0]):
        Explanation.objects.create(
            employee=employee_a, date=day, kind=LineKind.NO_PUNCH, note="Sakit", by=head_a
        )
    return {"old": old, "across": across, "recent": recent}


def lines(dry_run=False):
    found = personal_data_purge(dry_run=dry_run, now=NOW)
    return {line.label: line for line in found if line.label in (PUNCHES, EXPLANATIONS, IMPORTS)}


def test_the_dry_run_counts_what_would_go_and_changes_nothing(punches):
    found = lines(dry_run=True)
    assert {label: line.count for label, line in found.items()} == {
        PUNCHES: 4 * len(GONE),
        EXPLANATIONS: 1,
        IMPORTS: 1,
    }
    assert found[PUNCHES].before == CUTOFF
    assert found[PUNCHES].text(dry_run=True) == (
        f"{PUNCHES}: 12 akan dihapus (sebelum 15 September 2026)"
    )
    assert Punch.objects.count() == 4 * (len(GONE) + len(KEPT))
    assert Explanation.objects.count() == 2 and PunchImport.objects.count() == 3


def test_old_punches_go_with_their_explanations_and_the_emptied_import(punches):
    planned = {label: line.count for label, line in lines(dry_run=True).items()}
    assert {label: line.count for label, line in lines().items()} == planned
    assert sorted(set(Punch.objects.values_list("day", flat=True))) == KEPT
    assert Punch.objects.count() == 4 * len(KEPT)
    assert list(Explanation.objects.values_list("date", flat=True)) == [KEPT[0]]
    # the file across the cutoff keeps its report while one of its punches is kept
    assert set(PunchImport.objects.all()) == {punches["across"], punches["recent"]}
    assert sum(line.count for line in lines(dry_run=True).values()) == 0  # nothing left to do


def test_punches_go_one_day_per_statement(punches):
    """A year of a city's punches is millions of rows: never one statement, one transaction."""
    with CaptureQueriesContext(connection) as queries:
        lines()
    deletes = [q["sql"] for q in queries if q["sql"].startswith('DELETE FROM "devicelogs_punch"')]
    by_day = [sql for sql in deletes if '"devicelogs_punch"."day" = ' in sql]
    assert len(by_day) == len(GONE)
    # and the emptied import's cascade, which finds none left
    [cascade] = [sql for sql in deletes if sql not in by_day]
    assert f'"devicelogs_punch"."batch_id" IN ({punches["old"].pk})' in cascade


def test_the_command_says_it_in_indonesian(punches, capsys):
    with time_machine.travel(NOW, tick=False):
        call_command("purge_personal_data", "--dry-run")
    out, _ = capsys.readouterr()
    assert f"{PUNCHES}: 12 akan dihapus (sebelum 15 September 2026)" in out
    assert f"{EXPLANATIONS}: 1 akan dihapus" in out


def test_the_period_follows_the_check_ins_unless_set(settings):
    """Punches serve what check-ins serve: the default period is theirs (five years)."""
    assert settings.WFA_RETAIN_DEVICE_PUNCHES_DAYS == settings.WFA_RETAIN_CHECK_INS_DAYS
    assert timedelta(days=settings.WFA_RETAIN_DEVICE_PUNCHES_DAYS) >= timedelta(days=5 * 365)
