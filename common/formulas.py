"""Text a spreadsheet could take for a formula (CSV and formula injection), told by one rule.

Excel, LibreOffice and Google Sheets start a formula at = + - @ and run DDE commands after |;
they also skip leading whitespace and line breaks, and Excel reads the full-width signs of East
Asian keyboards (＝ ＋ － ＠ ｜) as the ASCII ones. So a value is risky when its first character
after any whitespace or control character is one of those. Every export that writes what a user
typed asks `starts_formula` (workbooks, common/xlsx.py) or writes `csv_safe` (CSV files).
"""

import unicodedata

SIGNS = frozenset("=+-@|＝＋－＠｜")


def starts_formula(value) -> bool:
    """Whether a spreadsheet could run `value` (as text) as a formula or command."""
    value = str(value)
    if value[:1].isalnum():  # most text: decided by its first character
        return False
    for char in value:
        if char.isspace() or unicodedata.category(char) in ("Cc", "Cf"):
            continue  # spreadsheets skip these before a formula's sign
        return char in SIGNS
    return False


def csv_safe(value) -> str:
    """`value` as CSV text that stays text: a risky value gets a leading apostrophe, which
    spreadsheets show as text and do not run (OWASP's advice for CSV injection)."""
    text = "" if value is None else str(value)
    return f"'{text}" if starts_formula(text) else text
