from django.test import RequestFactory

from common.client_ip import client_ip


def test_the_address_is_remote_addr_unless_behind_our_proxy(settings):
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.9", HTTP_X_FORWARDED_FOR="1.2.3.4")
    settings.WFA_BEHIND_PROXY = False
    assert client_ip(request) == "10.0.0.9"  # a client cannot choose its address by a header


def test_behind_the_proxy_only_its_own_hop_is_trusted(settings):
    settings.WFA_BEHIND_PROXY = True
    forged = RequestFactory().get("/", HTTP_X_FORWARDED_FOR="6.6.6.6, 36.71.2.3")
    assert client_ip(forged) == "36.71.2.3"
    direct = RequestFactory().get("/", REMOTE_ADDR="10.0.0.9")
    assert client_ip(direct) == "10.0.0.9"
