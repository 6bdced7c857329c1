"""Any sequence of overlapping files and posts stores every matched punch exactly once: the
stored punches are the union of what was sent, and the imports' `added` add up to them."""

from datetime import datetime, timedelta

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from devicelogs import importing, reading, services
from devicelogs.models import Punch, PunchImport

pytestmark = pytest.mark.django_db
START = timezone.make_aware(datetime(2026, 11, 23, 7, 0))

# A punch: (which of three people, minute offset); a file: a list of punches (repeats allowed).
files = st.lists(
    st.lists(st.tuples(st.integers(0, 2), st.integers(0, 40)), max_size=12),
    min_size=1,
    max_size=5,
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(sequence=files)
def test_any_sequence_of_files_stores_each_punch_once(sequence, device, bkpsdm, employee_a, nurse):
    from tests.factories import EmployeeFactory

    people = [employee_a, nurse, EmployeeFactory(unit=employee_a.unit)]
    with transaction.atomic():
        sent = set()
        for number, punches in enumerate(sequence):
            rows = [
                reading.Row(i + 1, people[who].nip, START + timedelta(minutes=m), 1, 0)
                for i, (who, m) in enumerate(punches)
            ]
            report = importing.check(device, reading.Read(rows, [], len(rows)), name=f"f{number}")
            if report.new:
                services.punches_store(report=report, by=bkpsdm)
            sent |= {(people[who].pk, START + timedelta(minutes=m)) for who, m in punches}
        stored = set(Punch.objects.values_list("employee_id", "at"))
        assert stored == sent
        assert sum(PunchImport.objects.values_list("added", flat=True)) == len(stored)
        transaction.set_rollback(True)
