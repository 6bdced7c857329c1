"""Searchable pickers: choose one person (or unit) from thousands without a <select> of them all.

A form field keeps its scoped queryset (what may be chosen, which also validates the post); its
widget shows a search box and, as radio buttons, at most LIMIT matches of the search plus the
current choice, never the whole set. With JavaScript, htmx asks `/cari/<jenis>/` as the user
types and swaps the matches in; without it, "Cari" reloads the page (a GET form of its own, so
nothing else of the form travels in the address) and the page renders the same matches.

The search endpoint reads the same scope as the forms (opd/access.py): a head never finds
another OPD's staff, BKPSDM finds the whole city.
"""

import re
from dataclasses import dataclass
from urllib.parse import urlencode

from django import forms
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse

from opd.access import employees_visible_to, units_visible_to

LIMIT = 20
NAME = re.compile(r"^[a-z][a-z0-9_]{0,39}$")  # a form field's name, as the endpoint echoes it


@dataclass(frozen=True)
class Match:
    value: str
    label: str
    detail: str
    checked: bool = False


def employee_candidates(user, *, opd_code: str = ""):
    """Active staff the user may choose: their scope, narrowed to one OPD when asked."""
    staff = employees_visible_to(user).active().select_related("unit__opd")
    return staff.filter(unit__opd__code=opd_code) if opd_code else staff


def unit_candidates(user, *, opd_code: str = ""):
    units = units_visible_to(user).select_related("opd")
    return units.filter(opd__code=opd_code) if opd_code else units


KINDS = {
    # kind: (candidates, the field the value names, search, order)
    "pegawai": (employee_candidates, "pk", lambda qs, text: qs.search(text), ("name", "pk")),
    "unit": (
        unit_candidates,
        "code",
        lambda qs, text: qs.filter(Q(name__icontains=text) | Q(code__icontains=text)),
        ("name", "code"),
    ),
}


def _describe(obj, kind: str) -> tuple[str, str]:
    if kind == "pegawai":
        return obj.name, f"NIP {obj.nip} · {obj.unit.name}, {obj.unit.opd.short_name}"
    return obj.name, f"{obj.code} · {obj.opd.short_name}"


def matches(candidates, kind: str, *, text: str, chosen: str) -> tuple[list[Match], bool]:
    """The current choice first (when it is a candidate), then up to LIMIT matches of `text`;
    and whether there were more. Two queries at most."""
    _, field, search, order = KINDS[kind]
    found: list[Match] = []
    if chosen:
        current = candidates.filter(**{field: chosen}).first() if _valid(kind, chosen) else None
        if current is not None:
            found.append(Match(chosen, *_describe(current, kind), checked=True))
    more = False
    text = (text or "").strip()
    if text:
        rows = list(search(candidates, text).order_by(*order)[: LIMIT + 1])
        more = len(rows) > LIMIT
        found += [
            Match(str(getattr(obj, field)), *_describe(obj, kind))
            for obj in rows[:LIMIT]
            if str(getattr(obj, field)) != chosen
        ]
    return found, more


def _valid(kind: str, value: str) -> bool:
    return value.isdigit() if kind == "pegawai" else len(value) <= 60


def search_url(kind: str, name: str, *, opd_code: str = "") -> str:
    query = {"nama": name} | ({"opd": opd_code} if opd_code else {})
    return f"{reverse('opd:picker', args=[kind])}?{urlencode(query)}"


class SearchPicker(forms.Widget):
    """The widget of a picker field; the form gives it `candidates` (a queryset), the search
    text typed so far (`search`, from the page's ?cari_<name>=) and, optionally, an OPD."""

    def __init__(self, *, kind: str, placeholder: str = "", attrs=None):
        super().__init__(attrs)
        self.kind, self.placeholder = kind, placeholder
        self.candidates = None
        self.search = ""
        self.opd_code = ""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = "" if value in (None, "") else str(value)
        found, more = matches(self.candidates, self.kind, text=self.search, chosen=chosen)
        context = {
            "name": name,
            "id": (attrs or {}).get("id") or f"id_{name}",
            "search": self.search,
            "search_url": search_url(self.kind, name, opd_code=self.opd_code),
            "placeholder": self.placeholder,
            "matches": found,
            "more": more,
            "limit": LIMIT,
            "searched": bool(self.search.strip()),
        }
        return render_to_string("opd/_picker.html", context)

    def value_from_datadict(self, data, files, name):
        return data.get(name)


def picker_field_setup(field, *, candidates, search: str, opd_code: str = "") -> None:
    """Point a picker field's widget at what may be chosen and what was searched."""
    field.widget.candidates = candidates
    field.widget.search = (search or "")[:100]
    field.widget.opd_code = opd_code
