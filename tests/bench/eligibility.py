"""Pembatasan WFO (issue 25, eligibility with a period): the BKPSDM list page with 5,000
restrictions in the city (about a third of the demo's staff), all shown, 50 a page, against a
raw-SQL floor that reads the same page (the count and the 50 rows with employee, unit and OPD);
and the one write path refusing a remote day of a restricted person (the per-day check).

The restrictions made for the run carry the basis BENCH_BASIS and are deleted after it.
"""

from datetime import date, timedelta

from django.test import Client

from eligibility.models import Restriction, RestrictionKind
from opd.models import Employee, User
from tests.bench.measure import analyze, beside, paired, raw

BENCH_BASIS = "bench-pembatasan"
COUNT = 5_000
KINDS = [RestrictionKind.TRANSFER, RestrictionKind.SANCTION, RestrictionKind.SANCTION]


def run(rec, *, timed, ms):
    _clean()
    try:
        _setup()
        _list(rec)
    finally:
        _clean()


def _clean():
    Restriction.history.filter(basis=BENCH_BASIS).delete()
    Restriction.objects.filter(basis=BENCH_BASIS).delete()


def _setup():
    staff = list(
        Employee.objects.active()
        .filter(restrictions__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)[:COUNT]
    )
    start = date(2025, 1, 1)
    Restriction.objects.bulk_create(
        [
            Restriction(
                employee_id=pk, kind=KINDS[i % 3],
                start_date=start + timedelta(days=i % 200), end_date=None if i % 2 else
                start + timedelta(days=400 + i % 300), basis=BENCH_BASIS,
            )
            for i, pk in enumerate(staff)
        ],
        batch_size=2000,
    )  # fmt: skip
    analyze("eligibility_restriction")


FLOOR = (
    "SELECT r.id, r.kind, r.reason, r.basis, r.start_date, r.end_date, e.name, e.nip, u.name, "
    "o.name, o.short_name FROM eligibility_restriction r "
    "JOIN opd_employee e ON e.id = r.employee_id JOIN opd_unit u ON u.id = e.unit_id "
    "JOIN opd_opd o ON o.id = u.opd_id ORDER BY r.start_date DESC, r.id DESC LIMIT 50"
)


def _list(rec):
    bkpsdm = User.objects.get(username="bkpsdm")
    client = Client()
    client.force_login(bkpsdm)
    url = "/pembatasan-wfo/?tampil=semua"
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    total = Restriction.objects.count()

    def portal():
        client.get(url)

    def floor():
        raw("SELECT count(*) FROM eligibility_restriction")
        raw(FLOOR)

    ours, base = paired(portal, floor)
    beside(
        rec,
        f"restriction list, {total:,} in the city, 50 a page",
        ours,
        base,
        None,
        "floor: the count and the page's 50 rows with employee, unit and OPD in raw SQL",
    )
