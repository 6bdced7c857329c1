"""Whatever BKPSDM does with tokens, in any order, and however time passes, a request is let in
exactly when its token is issued, unrevoked, unexpired and its account active; a refused one
writes nothing; the database never holds a secret.

A Hypothesis state machine: issue tokens (1 to 365 days), revoke one, deactivate or reactivate
a client's account, let time pass, and read with any token, or a made-up one.
"""

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    invariant,
    rule,
    run_state_machine_as_test,
)

from api.models import ApiClient, ApiToken
from api.services import api_client_create, api_token_issue, api_token_revoke
from opd.models import Role
from readlog.models import ReadEvent
from tests.api.conftest import ApiCaller

pytestmark = pytest.mark.django_db


class TokenMachine(RuleBasedStateMachine):
    tokens = Bundle("tokens")

    def __init__(self, bkpsdm, time_machine):
        super().__init__()
        self.bkpsdm, self.clock = bkpsdm, time_machine
        self.savepoint = transaction.savepoint()
        self.clients = [
            api_client_create(name="Gudang data", role=Role.MAYOR, by=bkpsdm),
            api_client_create(name="Sistem kota", role=Role.BKPSDM, by=bkpsdm),
        ]
        self.expected = {}  # secret -> (client index, expires_at, revoked)
        self.active = [True, True]
        self.secrets = []

    def teardown(self):
        transaction.savepoint_rollback(self.savepoint)

    @rule(target=tokens, client=st.integers(0, 1), days=st.integers(1, 365))
    def issue(self, client, days):
        token, secret = api_token_issue(
            client=self.clients[client], label="uji", days=days, by=self.bkpsdm
        )
        self.expected[secret] = [client, token.expires_at, False]
        self.secrets.append(secret)
        return secret

    @rule(secret=tokens)
    def revoke(self, secret):
        token = ApiToken.objects.by_secret(secret).get()
        first = api_token_revoke(token=token, by=self.bkpsdm)
        assert first == (not self.expected[secret][2])
        self.expected[secret][2] = True

    @rule(client=st.integers(0, 1))
    def switch_account(self, client):
        account = ApiClient.objects.get(pk=self.clients[client].pk).account
        account.is_active = not account.is_active
        account.save(update_fields=["is_active"])
        self.active[client] = account.is_active

    @rule(days=st.integers(0, 400))
    def time_passes(self, days):
        self.clock.shift(timedelta(days=days))

    @rule(secret=tokens)
    def read(self, secret):
        client, expires_at, revoked = self.expected[secret]
        allowed = self.active[client] and not revoked and expires_at > timezone.now()
        events = ReadEvent.objects.count()
        status = ApiCaller(secret).get("/api/v1/windows/").status_code
        assert status == (200 if allowed else 401), (allowed, status)
        assert ReadEvent.objects.count() == events

    @rule(
        suffix=st.text(
            "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-",
            min_size=43,
            max_size=43,
        )
    )
    def read_with_a_made_up_token(self, suffix):
        assert ApiCaller(f"wfa_{suffix}").get("/api/v1/windows/").status_code == 401

    @invariant()
    def no_secret_is_stored(self):
        stored = " ".join(str(row) for row in ApiToken.objects.values_list())
        assert not any(secret in stored for secret in self.secrets)


@pytest.mark.slow
def test_tokens_open_exactly_while_they_should(bkpsdm, time_machine, settings_):
    run_state_machine_as_test(
        lambda: TokenMachine(bkpsdm, time_machine),
        settings=settings(
            max_examples=15,
            stateful_step_count=12,
            deadline=None,
            database=None,
            suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        ),
    )


@pytest.fixture
def settings_(settings):
    settings.WFA_API_REQUESTS_PER_MINUTE = 1_000_000  # the machine reads far more than a minute's
    return settings
