"""Before vs after figures per unit (evaluations/figures.py)."""

from datetime import date

from evaluations.figures import as_planned_share, before_dates, comparison, unit_figures
from tests.evaluations.conftest import AFTER, BEFORE
from tests.factories import UnitFactory


def test_before_is_the_same_number_of_working_days_before_the_window():
    assert before_dates(AFTER) == BEFORE  # skips the weekend of 9-10 August
    assert before_dates([]) == []


def test_before_skips_national_holidays():
    # 18 August 2025 is cuti bersama (HUT RI), 17 August a Sunday, 16 a Saturday.
    assert before_dates([date(2025, 8, 19)]) == [date(2025, 8, 15)]


def test_figures_before_and_after(activity, august, unit_a):
    figures = unit_figures(august, [unit_a.pk])
    assert figures["before_days"] == BEFORE
    before, after = figures["before"][unit_a.pk], figures["after"][unit_a.pk]
    assert (before["reports_filed"], before["reports_accepted"], before["outputs"]) == (1, 1, 1)
    assert (after["reports_filed"], after["reports_accepted"], after["outputs"]) == (3, 2, 4)
    assert (before["checked_in"], before["as_planned"], before["flagged"]) == (2, 1, 1)
    assert (after["checked_in"], after["as_planned"], after["flagged"]) == (3, 3, 0)
    assert as_planned_share(before) == 0.5 and as_planned_share(after) == 1.0
    assert (before["feedback"], before["rating"]) == (1, 2)
    assert (after["feedback"], after["rating"]) == (2, 4.5)


def test_a_unit_without_activity_has_zeros(activity, august, opd_a):
    quiet = UnitFactory(opd=opd_a, code="quiet")
    figures = unit_figures(august, [quiet.pk])
    assert figures["after"][quiet.pk]["reports_filed"] == 0
    assert figures["after"][quiet.pk]["rating"] is None
    assert as_planned_share(figures["after"][quiet.pk]) is None
    rows = comparison(figures, quiet.pk)
    assert [row["aspect"] for row in rows][:1] == ["Kinerja"]


# Four aggregate queries per period (reports, outputs, check-ins, feedback), two periods; the
# window's days are one more. Constant whatever the number of units.
FIGURE_QUERIES = 1 + 4 * 2


def test_figures_run_a_constant_number_of_queries(
    activity, august, unit_a, opd_a, django_assert_num_queries
):
    with django_assert_num_queries(FIGURE_QUERIES):
        unit_figures(august, [unit_a.pk])
    units = [UnitFactory(opd=opd_a).pk for _ in range(20)]
    with django_assert_num_queries(FIGURE_QUERIES):
        unit_figures(august, [unit_a.pk, *units])
