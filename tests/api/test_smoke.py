import pytest

pytestmark = pytest.mark.django_db


def test_smoke(api_bkpsdm, api_head_a, employee_a, employee_b, window):
    for url in [
        "/api/v1/windows/",
        "/api/v1/windows/lebaran-2025/",
        "/api/v1/policies/",
        "/api/v1/opds/",
        "/api/v1/units/",
        "/api/v1/staff/",
        f"/api/v1/staff/{employee_a.nip}/",
        "/api/v1/windows/lebaran-2025/plans/",
        "/api/v1/windows/lebaran-2025/plans/dinkes/",
        "/api/v1/windows/lebaran-2025/plans/dinkes/history/",
        "/api/v1/windows/lebaran-2025/plans/dinkes/assignments/",
        "/api/v1/windows/lebaran-2025/coverage/",
        "/api/v1/windows/lebaran-2025/check-ins/summary/",
        "/api/v1/windows/lebaran-2025/opds/dinkes/check-ins/",
        "/api/v1/windows/lebaran-2025/daily-reports/summary/",
        "/api/v1/windows/lebaran-2025/opds/dinkes/daily-reports/",
        "/api/v1/windows/lebaran-2025/evaluations/",
        "/api/v1/schema/",
    ]:
        for caller in (api_bkpsdm, api_head_a):
            r = caller.get(url)
            print(url, r.status_code, r.content[:300])
