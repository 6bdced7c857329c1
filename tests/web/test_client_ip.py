"""The client's address: X-Forwarded-For only from our own proxies, counted from the right."""

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory
from hypothesis import given
from hypothesis import strategies as st

from common.checks import proxy_settings
from common.client_ip import client_ip, trusted_networks


def request(remote="10.0.0.9", forwarded=None):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote, **extra)


def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.WFA_TRUSTED_PROXIES = []
    settings.WFA_BEHIND_PROXY = True  # TLS at the balancer says nothing about whom to trust
    assert client_ip(request(forwarded="1.2.3.4")) == "10.0.0.9"


def test_a_client_that_reaches_the_server_directly_cannot_choose_its_address(settings):
    settings.WFA_TRUSTED_PROXIES = ["10.0.0.5"]
    assert client_ip(request(remote="36.71.2.3", forwarded="6.6.6.6")) == "36.71.2.3"


def test_from_our_proxy_the_address_it_appended_counts(settings):
    settings.WFA_TRUSTED_PROXIES = ["10.0.0.0/24"]
    forged = request(remote="10.0.0.5", forwarded="6.6.6.6, 36.71.2.3")
    assert client_ip(forged) == "36.71.2.3"
    assert client_ip(request(remote="10.0.0.5")) == "10.0.0.5"  # no header: the proxy itself


def test_two_tiers_of_proxies_count_two_from_the_right(settings):
    settings.WFA_TRUSTED_PROXIES = ["10.0.0.0/24"]
    settings.WFA_TRUSTED_PROXY_HOPS = 2  # a CDN, then our balancer
    chain = "6.6.6.6, 36.71.2.3, 203.0.113.7"  # forged, the client, the CDN's edge
    assert client_ip(request(remote="10.0.0.5", forwarded=chain)) == "36.71.2.3"
    # Straight to the balancer, skipping the CDN: the one entry there is.
    assert client_ip(request(remote="10.0.0.5", forwarded="36.71.2.3")) == "36.71.2.3"


def test_ports_and_mapped_addresses_are_written_one_way(settings):
    settings.WFA_TRUSTED_PROXIES = ["10.0.0.5", "2001:db8::/32"]
    assert client_ip(request(remote="10.0.0.5", forwarded="36.71.2.3:51000")) == "36.71.2.3"
    assert client_ip(request(remote="2001:db8::1", forwarded="[2001:DB8::7]:443")) == "2001:db8::7"
    assert client_ip(request(remote="::ffff:10.0.0.5", forwarded="36.71.2.3")) == "36.71.2.3"
    # Garbage where our proxy's entry should be: counted under the proxy, never as typed.
    assert client_ip(request(remote="10.0.0.5", forwarded="<script>")) == "10.0.0.5"


@given(
    forged=st.lists(st.ip_addresses().map(str), max_size=5),
    client=st.ip_addresses(v=4).map(str),
)
def test_whatever_the_client_writes_the_proxys_entry_wins(forged, client):
    """Property: entries left of our proxy's never change the answer."""
    header = ", ".join([*forged, client])
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(django_settings, "WFA_TRUSTED_PROXIES", ["10.0.0.5"])
        patch.setattr(django_settings, "WFA_TRUSTED_PROXY_HOPS", 1)
        assert client_ip(request(remote="10.0.0.5", forwarded=header)) == client


def test_a_typo_in_the_trusted_proxies_stops_the_portal_with_the_value_named():
    with pytest.raises(ImproperlyConfigured, match="'10.0.0.0/33'"):
        trusted_networks(["10.0.0.5", "10.0.0.0/33"])


def test_behind_a_proxy_without_trusted_proxies_the_check_warns(settings):
    settings.WFA_BEHIND_PROXY, settings.WFA_TRUSTED_PROXIES = True, []
    assert [w.id for w in proxy_settings()] == ["wfa.W001"]
    settings.WFA_TRUSTED_PROXIES = ["10.0.0.5"]
    assert proxy_settings() == []
