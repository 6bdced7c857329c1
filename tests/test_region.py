"""Another pemda runs the portal: its name, province and time zone come from settings, and dates,
deadlines and check-in times follow the time zone (WIB, WITA or WIT)."""

import os
import subprocess
import sys
from datetime import UTC, date, datetime

import pytest
import time_machine
from django.conf import settings as django_settings
from django.core.cache import cache

from attendance.models import CheckIn
from common import region
from tests.factories import WindowDayFactory, WindowFactory

# 23:30 UTC on 16 March 2026: still the 16th in Jakarta (06:30), already the 17th in Jayapura.
EVENING_UTC = datetime(2026, 3, 16, 23, 30, tzinfo=UTC)


@pytest.fixture
def jayapura(settings):
    settings.WFA_CITY_NAME = "Jayapura"
    settings.WFA_REGION = "Papua"
    settings.TIME_ZONE = "Asia/Jayapura"
    return settings


@pytest.mark.parametrize(
    ("zone", "label"),
    [("Asia/Jakarta", "WIB"), ("Asia/Makassar", "WITA"), ("Asia/Jayapura", "WIT"), ("UTC", "UTC")],
)
def test_the_zone_is_named_the_indonesian_way(settings, zone, label):
    settings.TIME_ZONE = zone
    assert region.zone_label() == label


def test_the_defaults_are_palembang_in_wib():
    assert django_settings.TIME_ZONE == "Asia/Jakarta"
    assert (region.city_name(), region.place_name(), region.zone_label()) == (
        "Kota Palembang",
        "Palembang",
        "WIB",
    )


def test_pages_name_the_configured_city_and_zone(client, jayapura, db):
    page = client.get("/masuk/").content.decode()
    assert "Pemerintah Kota Jayapura" in page and "Palembang" not in page
    assert "waktu server WIT (Asia/Jayapura)" in page
    assert "Pemerintah Kota Jayapura" in client.get("/masukan/").content.decode()


def test_a_kabupaten_is_named_as_one(client, settings, db):
    settings.WFA_CITY_KIND, settings.WFA_CITY_NAME = "Kabupaten", "Banyuasin"
    assert "Pemerintah Kabupaten Banyuasin" in client.get("/masuk/").content.decode()


def test_an_unknown_zone_stops_the_portal_with_a_clear_message():
    env = os.environ | {"WFA_TIME_ZONE": "PST", "DJANGO_SETTINGS_MODULE": "wfa_portal.settings"}
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "WFA_TIME_ZONE harus WIB, WITA atau WIT" in result.stderr


def test_the_zone_is_read_from_its_indonesian_name():
    env = os.environ | {"WFA_TIME_ZONE": "wita", "DJANGO_SETTINGS_MODULE": "wfa_portal.settings"}
    env.pop("DATABASE_URL", None)
    code = (
        "import django; django.setup(); from django.conf import settings; print(settings.TIME_ZONE)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "Asia/Makassar"


def test_the_public_window_follows_the_citys_date(client, jayapura, db):
    """At 23:30 UTC the 17th has begun in Jayapura: its window is the current one there."""
    WindowDayFactory(
        window=WindowFactory(slug="uji-17-maret", name="Periode 17 Maret"), date=date(2026, 3, 17)
    )
    with time_machine.travel(EVENING_UTC, tick=False):
        page = client.get("/masukan/").content.decode()
    assert "Selama <strong>Periode 17 Maret</strong>" in page


def test_a_check_in_is_timed_and_dated_in_the_citys_zone(client, jayapura, employee_user):
    cache.clear()
    day = WindowDayFactory(
        window=WindowFactory(slug="uji-wit", name="Periode uji WIT"), date=date(2026, 3, 17)
    )
    client.force_login(employee_user)
    with time_machine.travel(EVENING_UTC, tick=False):
        response = client.post("/presensi/masuk/", {"mode": "WFO", "day": day.pk}, follow=True)
    assert "Presensi masuk tercatat pukul 08.30 WIT" in response.content.decode()
    assert CheckIn.objects.get().day == day
