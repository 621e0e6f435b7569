"""The client's address behind the TLS proxy, for login throttling (django-axes' `AXES_CLIENT_IP_CALLABLE`).

Behind a proxy every request comes from the proxy's address, so throttling by that address would lock an
officer out for everyone after five wrong passwords somewhere. `X-Forwarded-For` names the client, but
anyone can send that header: it is believed only when the request really comes from a proxy listed in
`TRUSTED_PROXIES` (addresses or networks), and then the address taken is the right-most one in the header
that is not itself a trusted proxy — the one the trusted proxies saw (OWASP ASVS 5.0 V2.4.6 spirit).
"""

import ipaddress

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def trusted_proxies(value: str) -> list[str]:
    """The TRUSTED_PROXIES setting read from its comma-separated form, as networks (a single address is a /32 or
    /128). An entry that is neither stops the start-up with a message naming it, rather than every login failing."""
    networks = []
    for entry in (part.strip() for part in value.split(",")):
        if not entry:
            continue
        try:
            networks.append(str(ipaddress.ip_network(entry, strict=False)))
        except ValueError:
            message = f"TRUSTED_PROXIES: {entry!r} is not an IP address or network (such as 10.0.0.2 or 10.0.0.0/24)."
            raise ImproperlyConfigured(message) from None
    return networks


def _networks():
    return [ipaddress.ip_network(entry, strict=False) for entry in settings.TRUSTED_PROXIES]


def _is_trusted(address: str, networks) -> bool:
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_ip(request) -> str | None:
    peer = request.META.get("REMOTE_ADDR")
    networks = _networks()
    if not networks or peer is None or not _is_trusted(peer, networks):
        return peer
    forwarded = [
        part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()
    ]
    for address in reversed(forwarded):
        if not _is_trusted(address, networks):
            try:
                return str(ipaddress.ip_address(address))
            except ValueError:
                return peer  # a malformed header: count the proxy, not a made-up address
    return peer
