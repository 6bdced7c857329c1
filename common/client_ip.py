"""The client's address: one answer for rate limits, login lockouts (django-axes) and the read log.

Anyone can send an X-Forwarded-For header, so it is read only when the request comes from one of
our own proxies (settings.WFA_TRUSTED_PROXIES: addresses or networks). Each of our proxies appends
the address it saw, so the client is found by counting settings.WFA_TRUSTED_PROXY_HOPS entries from
the right (1: one load balancer); whatever stands further left was written by the client and is
ignored. A request from anywhere else is known only by its socket address (REMOTE_ADDR).
"""

import functools
import ipaddress

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def client_ip(request) -> str:
    """The address that limits and logs count this request under ("" when there is none)."""
    remote = _address(request.META.get("REMOTE_ADDR", ""))
    if not remote or not _is_trusted_proxy(remote):
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    if not hops:
        return remote
    # Fewer entries than proxies: the request skipped an outer proxy; the leftmost is then what
    # the outermost one that saw it appended.
    seen = _address(hops[max(len(hops) - settings.WFA_TRUSTED_PROXY_HOPS, 0)])
    return seen or remote  # a malformed entry from our own proxy: count it under the proxy


def trusted_networks(values) -> tuple:
    """The networks of WFA_TRUSTED_PROXIES; a value that is not an address or network stops the
    portal with the value named (settings call this at start-up)."""
    return _networks(tuple(values))


@functools.lru_cache(maxsize=8)
def _networks(values: tuple) -> tuple:
    networks = []
    for value in values:
        try:
            networks.append(ipaddress.ip_network(value.strip(), strict=False))
        except ValueError:
            raise ImproperlyConfigured(
                f"WFA_TRUSTED_PROXIES: {value!r} bukan alamat IP atau jaringan (mis. 10.0.0.5 "
                "atau 10.0.0.0/24)."
            ) from None
    return tuple(networks)


def _is_trusted_proxy(address: str) -> bool:
    ip = ipaddress.ip_address(address)
    return any(ip in network for network in trusted_networks(settings.WFA_TRUSTED_PROXIES))


def _address(text: str) -> str:
    """An address in its canonical form ("" when `text` is none): a port some proxies add
    ("1.2.3.4:5678", "[2001:db8::1]:443") is dropped, an IPv4-mapped IPv6 address is IPv4."""
    text = text.strip()
    if text.startswith("[") and "]" in text:
        text = text[1 : text.index("]")]
    elif text.count(":") == 1:
        text = text.partition(":")[0]
    try:
        ip = ipaddress.ip_address(text)
    except ValueError:
        return ""
    if ip.version == 6 and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return str(ip)
