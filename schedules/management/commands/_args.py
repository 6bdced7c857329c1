"""The arguments the schedules commands share: a window by its slug, an OPD by its code.

A name that matches nothing is refused with exit code 2 (a bad argument), in Indonesian.
The leading underscore keeps Django from taking this module for a command.
"""

from django.core.management.base import CommandError

from opd.models import Opd
from schedules.models import FlexWindow


def window_or_refuse(slug: str) -> FlexWindow:
    """The window called `slug`; refused with the slugs that exist."""
    flex_window = FlexWindow.objects.filter(slug=slug).first()
    if flex_window is None:
        known = ", ".join(FlexWindow.objects.values_list("slug", flat=True))
        raise CommandError(f"Periode '{slug}' tidak ditemukan. Yang ada: {known}.", returncode=2)
    return flex_window


def opd_or_refuse(code: str | None) -> Opd | None:
    """The OPD with `code`, or None (the whole city) when no code is given."""
    if not code:
        return None
    opd = Opd.objects.filter(code=code).first()
    if opd is None:
        raise CommandError(f"OPD dengan kode '{code}' tidak ditemukan.", returncode=2)
    return opd
