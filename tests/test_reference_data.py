"""Every test starts from the database as the migrations left it, whatever ran before it: a
transactional test's flush puts back the seeded windows, rules and policy (tests/conftest.py).
The suite's random order (pytest-randomly) runs these before and after one another."""

import pytest
from django.contrib.contenttypes.models import ContentType

from schedules.models import CoverageRule, FlexPolicy, FlexWindow


def _seeded() -> tuple:
    window = FlexWindow.objects.filter(slug="lebaran-2025").first()
    return (
        window is not None and window.days.count() == 5,
        CoverageRule.objects.filter(is_active=True).count() >= 10,
        FlexPolicy.objects.exists(),
        ContentType.objects.get_for_model(FlexWindow).model_class() is FlexWindow,
    )


@pytest.mark.django_db(transaction=True)
def test_a_transactional_test_starts_from_the_seeded_data_and_may_delete_it():
    assert _seeded() == (True, True, True, True)
    FlexWindow.objects.all().delete()
    CoverageRule.objects.all().delete()  # the flush after this test puts them back


@pytest.mark.django_db(transaction=True)
def test_another_transactional_test_finds_them_back():
    assert _seeded() == (True, True, True, True)


def test_a_database_test_finds_them_whatever_ran_before(db):
    assert _seeded() == (True, True, True, True)
