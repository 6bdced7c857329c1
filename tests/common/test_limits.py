"""Rate limits in the shared cache (common/limits.py, common/cache.py)."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.core.cache import cache

from common import limits

pytestmark = pytest.mark.django_db

FEEDBACK = limits.Limit("uji", attempts=3, seconds=3600)


def test_the_default_cache_is_the_databases_so_every_process_shares_it():
    assert settings.CACHES["default"]["BACKEND"] == "common.cache.DatabaseCache"


def test_attempts_are_counted_per_key_and_can_be_given_back():
    assert [limits.hit(FEEDBACK, "36.71.2.3") for _ in range(4)] == [1, 2, 3, 4]
    assert limits.hit(FEEDBACK, "36.71.9.9") == 1
    limits.give_back(FEEDBACK, "36.71.2.3")
    assert limits.hit(FEEDBACK, "36.71.2.3") == 4
    assert limits.hit(limits.Limit("lain", 3, 3600), "36.71.2.3") == 1  # another limit


def test_a_window_starts_again_once_it_has_passed(time_machine):
    for _ in range(3):
        limits.hit(FEEDBACK, "36.71.2.3")
    time_machine.shift(timedelta(seconds=3601))
    assert limits.hit(FEEDBACK, "36.71.2.3") == 1
    limits.give_back(limits.Limit("kosong", 1, 60), "36.71.2.3")  # nothing counted: no error


def test_the_database_cache_increments_and_refuses_a_missing_key():
    cache.set("angka", 41, timeout=60)
    assert cache.incr("angka") == 42
    assert cache.decr("angka", 2) == 40
    assert cache.get("angka") == 40
    with pytest.raises(ValueError):
        cache.incr("tidak-ada")
