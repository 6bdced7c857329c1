"""Which pemda runs the portal: its name, province and time zone (WIB, WITA or WIT).

Read from settings (WFA_CITY_NAME, WFA_CITY_KIND, WFA_REGION, WFA_TIME_ZONE) on every call, so a
test that overrides TIME_ZONE sees its own zone named. Templates reach these through the
`{% city %}`, `{% place %}`, `{% region %}` and `{% zone %}` tags (a builtin library, no load).
"""

from django import template
from django.conf import settings

register = template.Library()


def zone_label() -> str:
    """WIB, WITA or WIT for the configured TIME_ZONE (its IANA name for any other zone)."""
    for label, name in settings.WFA_TIME_ZONES.items():
        if name == settings.TIME_ZONE:
            return label
    return settings.TIME_ZONE


def place_name() -> str:
    """The city's own name, as written before a date under a signature: "Palembang"."""
    return settings.WFA_CITY_NAME


def city_name() -> str:
    """The city with its kind, as in "Pemerintah Kota Palembang"."""
    return f"{settings.WFA_CITY_KIND} {settings.WFA_CITY_NAME}".strip()


def region_name() -> str:
    return settings.WFA_REGION


@register.simple_tag(name="zone")
def zone_tag() -> str:
    return zone_label()


@register.simple_tag(name="city")
def city_tag() -> str:
    return city_name()


@register.simple_tag(name="place")
def place_tag() -> str:
    return place_name()


@register.simple_tag(name="region")
def region_tag() -> str:
    return region_name()


@register.simple_tag(name="time_zone_name")
def time_zone_name_tag() -> str:
    return settings.TIME_ZONE
