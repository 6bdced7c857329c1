"""Dates written the Indonesian way: "Senin, 24 Maret 2025".

Django's own Indonesian locale names the days and months; `tanggal` asks it in Indonesian whatever
language is active (a task worker or a command may run without one), so emails, workbooks, PDFs
and messages read the same as the pages.
"""

from datetime import date

from django.utils import translation
from django.utils.formats import date_format


def tanggal(d: date, weekday: bool = False) -> str:
    with translation.override("id"):
        return date_format(d, "l, j F Y" if weekday else "j F Y")


def hari(d: date) -> str:
    """The day's name: "Senin"."""
    with translation.override("id"):
        return date_format(d, "l")


def bulan_tahun(d: date) -> str:
    """The month and year: "Maret 2025"."""
    with translation.override("id"):
        return date_format(d, "F Y")
