"""What every endpoint shares: scoped lookups (another OPD's object is a 404) and the read log."""

from django.shortcuts import get_object_or_404
from rest_framework.exceptions import ParseError

from opd.access import allowed, opds_visible_to
from opd.disclosure import note_read
from schedules.models import FlexWindow


def window_of(slug: str) -> FlexWindow:
    return get_object_or_404(FlexWindow, slug=slug)


def opd_of(user, code: str):
    """The OPD by code, within the user's scope: another OPD's code is a 404."""
    return get_object_or_404(opds_visible_to(user), code=code)


def may_see_places(user) -> bool:
    return allowed(user, "schedules.view_wfa_places")


def note(request, kind, employee_ids, *, detail=""):
    """The read log, as for pages (opd.disclosure): the middleware writes it once the response
    succeeded. DRF wraps Django's request; the note goes on Django's."""
    note_read(getattr(request, "_request", request), kind, employee_ids, detail=f"API: {detail}")


def filter_param(request, name: str) -> str | None:
    """A query filter such as ?opd=dinkes: None when absent, 400 when empty or too long."""
    value = request.query_params.get(name)
    if value is None:
        return None
    if not value or len(value) > 60:
        raise ParseError(f"Saringan '{name}' tidak sah.")
    return value
