"""Partner systems as personas: one API client per scope, each with a valid bearer token."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from api.models import ApiToken
from api.services import api_client_create, api_token_issue
from opd.models import Role
from tests.absences.conftest import approved, make_absence  # noqa: F401 (fixtures)
from tests.schedules.conftest import days, puskesmas_staff  # noqa: F401 (fixtures)


class ApiCaller:
    """A test client that sends one bearer token (or none) with every request."""

    def __init__(self, secret: str | None = None, header: str | None = None):
        self.client = Client()
        if header is not None:
            self.headers = {"Authorization": header}
        else:
            self.headers = {"Authorization": f"Bearer {secret}"} if secret else {}

    def get(self, url, data=None, **extra):
        return self.client.get(url, data, headers=self.headers, **extra)

    def post(self, url, data=None, **extra):
        return self.client.post(url, data, headers=self.headers, **extra)


def _issue(bkpsdm, name, role, opd=None):
    client = api_client_create(name=name, role=role, opd=opd, by=bkpsdm)
    _token, secret = api_token_issue(client=client, label="uji", days=30, by=bkpsdm)
    return secret


@pytest.fixture
def api_bkpsdm(bkpsdm):
    return ApiCaller(_issue(bkpsdm, "Gudang data BKPSDM", Role.BKPSDM))


@pytest.fixture
def api_mayor(bkpsdm):
    return ApiCaller(_issue(bkpsdm, "Dasbor Wali Kota", Role.MAYOR))


@pytest.fixture
def api_head_a(bkpsdm, opd_a):
    return ApiCaller(_issue(bkpsdm, "Sistem Dinkes", Role.HEAD, opd_a))


@pytest.fixture
def api_head_b(bkpsdm, opd_b):
    return ApiCaller(_issue(bkpsdm, "Sistem Dishub", Role.HEAD, opd_b))


@pytest.fixture
def expired_secret(bkpsdm):
    secret = _issue(bkpsdm, "Token lama", Role.BKPSDM)
    ApiToken.objects.by_secret(secret).update(expires_at=timezone.now() - timedelta(seconds=1))
    return secret


@pytest.fixture
def revoked_secret(bkpsdm):
    secret = _issue(bkpsdm, "Token dicabut", Role.BKPSDM)
    ApiToken.objects.by_secret(secret).update(revoked_at=timezone.now())
    return secret
