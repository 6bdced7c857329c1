"""Usual service hours for the demo city, so the public service page shows hours on first start.

Not wired into `seed_demo` yet (that command belongs to the demo's owner): call
`service_hours_seed()` after the city is built. Idempotent: a unit that already has usual hours
(the demo's or BKPSDM's own) is left as it is.
"""

from datetime import time

from django.db import transaction

from attendance.models import ServiceHours
from opd.models import ServiceCategory, Unit

WEEKDAYS = ("Senin–Kamis", time(8), time(15, 30))
FRIDAY = ("Jumat", time(8), time(11, 30))
# Typical hours of Indonesian local-government services; None = around the clock.
USUAL = {
    ServiceCategory.HEALTH: [("Senin–Sabtu", time(8), time(14))],
    ServiceCategory.SECURITY_FIRE: [("Setiap hari", None, None)],
    ServiceCategory.TRANSPORT: [("Setiap hari", time(6), time(22))],
    ServiceCategory.SOCIAL_REGISTRY: [WEEKDAYS, FRIDAY],
    ServiceCategory.ONE_STOP: [WEEKDAYS, FRIDAY],
    ServiceCategory.FRONT_DESK: [WEEKDAYS, FRIDAY],
    ServiceCategory.VULNERABLE: [WEEKDAYS, FRIDAY],
}


@transaction.atomic
def service_hours_seed() -> int:
    """Give every essential unit without usual hours its category's typical hours; the count."""
    known = set(ServiceHours.objects.filter(window=None).values_list("unit_id", flat=True))
    rows = [
        ServiceHours(unit_id=unit_id, days=days, opens_at=opens, closes_at=closes)
        for unit_id, category in Unit.objects.essential().values_list("pk", "service_category")
        if unit_id not in known
        for days, opens, closes in USUAL.get(category, [])
    ]
    ServiceHours.objects.bulk_create(rows, batch_size=1000)
    return len(rows)
