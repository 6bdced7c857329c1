"""The formula guard (common/formulas.py): whatever precedes the sign, a formula stays text."""

import csv
import io

from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook

from common.formulas import SIGNS, csv_safe, starts_formula
from common.xlsx import text

# What spreadsheets skip before a formula's sign: spaces of every width, line breaks, tabs,
# invisible format characters.
LEADING = st.text(
    alphabet=st.sampled_from(
        [" ", "\t", "\n", "\r", "\u00a0", "\u3000", "\u2003", "\u200b", "\ufeff"]
    ),
    max_size=4,
)
SIGN = st.sampled_from(sorted(SIGNS))
PAYLOAD = st.text(max_size=30)


def read_back(value: str) -> str:
    """The value as a CSV reader gets it back from the row the export writes."""
    out = io.StringIO()
    csv.writer(out).writerow([value, "x"])
    return next(csv.reader(io.StringIO(out.getvalue())))[0]


@given(LEADING, SIGN, PAYLOAD)
def test_any_prefix_before_a_sign_is_guarded(leading, sign, payload):
    value = leading + sign + payload
    assert starts_formula(value)
    assert read_back(csv_safe(value)) == "'" + value  # shown as typed, never run
    cell = text(Workbook(write_only=True).create_sheet(), value)
    assert cell.data_type == "s" and cell.quotePrefix


@given(LEADING, st.text(min_size=1).filter(lambda t: not starts_formula(t)))
def test_text_without_a_sign_is_left_as_typed(leading, rest):
    assert csv_safe(leading + rest) == leading + rest  # the skipped characters add no sign


def test_the_cases_of_the_issue():
    for risky in [" =1+1", "\n=1+1", "＝1+1", "|calc", "＋62", "－1", "＠A1", "  ｜cmd"]:
        assert csv_safe(risky) == "'" + risky
    for plain in ["Siti Aminah", "0811-000-111", "", "12 =", "a=b"]:
        assert csv_safe(plain) == plain
    assert csv_safe(None) == ""
