"""API figures (issue 27): the plan-assignments endpoint for the largest OPD, every page of it,
and the coverage endpoint for the city, each beside a raw-SQL floor measured in the same run.

The plan is the one planning.py leaves (the planner's proposal for the city, applied through the
write path), rebuilt when missing. The client is a BKPSDM-scoped partner system kept between runs;
its reads are logged (the read log is append-only), as in production.
"""

import json

from django.conf import settings
from django.db.models import Count
from django.test import Client

from api.models import ApiClient
from api.services import api_client_create, api_token_issue
from opd.models import Opd, Role, User
from schedules.models import CoverageRule, FlexWindow
from tests.bench import floors
from tests.bench.measure import beside, paired, raw
from tests.bench.planning import realistic_plan

PAGE = 500


def run(rec, *, timed, ms):
    settings.WFA_API_REQUESTS_PER_MINUTE = 1_000_000  # measure the work, not the limit
    window = FlexWindow.objects.get(slug="lebaran-2025")
    bkpsdm = User.objects.get(username="bkpsdm")
    realistic_plan(rec, window, bkpsdm)
    client = _caller(bkpsdm)
    largest = Opd.objects.annotate(n=Count("units__employees")).order_by("-n").first()
    _assignments(rec, client, window, largest)
    _coverage(rec, client, window)


def _caller(bkpsdm) -> Client:
    api_client = ApiClient.objects.filter(name="Bench API").first() or api_client_create(
        name="Bench API", role=Role.BKPSDM, by=bkpsdm
    )
    _token, secret = api_token_issue(client=api_client, label="bench", days=1, by=bkpsdm)
    return Client(headers={"Authorization": f"Bearer {secret}"})


def _all_pages(client, url) -> int:
    rows = 0
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.content[:200]
        body = response.json()
        rows += len(body["results"])
        url = body["next"]
    return rows


def _assignments(rec, client, window, opd):
    url = f"/api/v1/windows/{window.slug}/plans/{opd.code}/assignments/?limit={PAGE}"
    rows = _all_pages(client, url)
    day_ids = list(window.days.values_list("pk", flat=True))

    def floor():
        staff = raw(
            "SELECT e.id, e.nip, e.name, u.code FROM opd_employee e "
            "JOIN opd_unit u ON u.id = e.unit_id WHERE e.is_active AND u.opd_id = %s "
            "ORDER BY e.id",
            [opd.pk],
        )
        raw(
            "SELECT a.employee_id, a.day_id, a.mode, a.wfa_place FROM schedules_assignment a "
            "JOIN opd_employee e ON e.id = a.employee_id JOIN opd_unit u ON u.id = e.unit_id "
            "WHERE e.is_active AND u.opd_id = %s AND a.day_id = ANY(%s)",
            [opd.pk, day_ids],
        )
        return staff

    ours, low = paired(lambda: _all_pages(client, url), floor)
    days = list(window.days.all())
    again, paged = paired(lambda: _all_pages(client, url), lambda: _paged_floor(opd, days))
    pages = -(-rows // PAGE)
    beside(
        rec,
        f"API plan assignments, largest OPD ({opd.short_name}, {rows:,} staff, {pages} pages "
        f"of {PAGE})",
        ours,
        low,
        3,
        f"{ours.queries / pages:.0f} statements a page: the view's 4 (window with days, OPD, "
        "staff page, its cells), the token, the rate count (5 on the database cache) and the "
        "read log; floor: the staff and their cells in two raw queries, unserialised",
    )
    beside(
        rec,
        f"API plan assignments, the same {pages} pages beside a paged floor",
        again,
        paged,
        3,
        "floor: per page two raw SELECTs (keyset on the id) and the same JSON encoded",
    )


def _paged_floor(opd, days) -> int:
    """The same pages done by hand: per page of 500, the staff after the last id and their
    cells by the page's id range in two raw SELECTs, the same JSON built and encoded."""
    day_ids, dates = [d.pk for d in days], {d.pk: d.date.isoformat() for d in days}
    last, pages = 0, 0
    while True:
        staff = raw(
            "SELECT e.id, e.nip, e.name, u.code FROM opd_employee e "
            "JOIN opd_unit u ON u.id = e.unit_id WHERE e.is_active AND u.opd_id = %s "
            "AND e.id > %s ORDER BY e.id LIMIT %s",
            [opd.pk, last, PAGE],
        )
        if not staff:
            return pages
        cells = {}
        for employee_id, day_id, mode in raw(
            "SELECT a.employee_id, a.day_id, a.mode FROM schedules_assignment a "
            "WHERE a.day_id = ANY(%s) AND a.employee_id BETWEEN %s AND %s",
            [day_ids, staff[0][0], staff[-1][0]],
        ):
            cells[(employee_id, day_id)] = mode
        body = [
            {
                "nip": nip,
                "name": name,
                "unit": unit,
                "days": [{"date": dates[d], "mode": cells.get((pk, d), "WFO")} for d in day_ids],
            }
            for pk, nip, name, unit in staff
        ]
        json.dumps({"next": None, "previous": None, "results": body})
        last, pages = staff[-1][0], pages + 1


def _coverage(rec, client, window):
    url = f"/api/v1/windows/{window.slug}/coverage/"
    assert client.get(url).status_code == 200
    rules = list(CoverageRule.objects.active_for(window))
    day_ids = list(window.days.values_list("pk", flat=True))
    unit_ids = [pk for (pk,) in raw("SELECT id FROM opd_unit")]
    ours, low = paired(
        lambda: client.get(url), lambda: floors.coverage_counts(rules, unit_ids, day_ids)
    )
    beside(
        rec,
        "API coverage, city",
        ours,
        low,
        3,
        "floor: the same counts in raw SQL, two aggregates (no JSON)",
    )
