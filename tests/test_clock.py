"""The suite's default clock (tests/conftest.py `_fixed_clock`) and the ways a test leaves it."""

import time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from tests.conftest import FIXED_NOW

JAKARTA = ZoneInfo("Asia/Jakarta")
SATURDAY_NIGHT = datetime(2025, 3, 29, 23, 30, tzinfo=JAKARTA)


def test_every_test_starts_on_a_working_wednesday_morning_in_palembang():
    assert timezone.localdate() == FIXED_NOW.date()
    assert timezone.localdate().weekday() == 2
    assert FIXED_NOW <= timezone.now() < FIXED_NOW + timedelta(minutes=1)


def test_the_fixed_clock_ticks_so_durations_pass():
    before = timezone.now()
    time.sleep(0.01)
    assert timezone.now() > before


@pytest.mark.time_machine(SATURDAY_NIGHT, tick=False)
def test_a_marker_chooses_another_moment():
    assert timezone.now() == SATURDAY_NIGHT


def test_move_to_chooses_another_moment(time_machine):
    time_machine.move_to(SATURDAY_NIGHT, tick=False)
    assert timezone.now() == SATURDAY_NIGHT


def test_travel_nests_on_the_fixed_clock_and_returns_to_it():
    with time_machine.travel(SATURDAY_NIGHT, tick=False):
        assert timezone.now() == SATURDAY_NIGHT
    assert timezone.localdate() == FIXED_NOW.date()
