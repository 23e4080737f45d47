"""The client's address, trusting ``X-Forwarded-For`` only as far as proxies are configured.

Anyone can send ``X-Forwarded-For``. With ``PROXY_COUNT = 0`` (the default: gunicorn
reached directly) the header is ignored and the address is the connection's. With *N*
proxies in front, each appends the address it received the request from (nginx:
``$proxy_add_x_forwarded_for``; one that overwrites the header with ``$remote_addr`` gives
the same last entry), so the client is the *N*-th address from the right; whatever a client
wrote further left is ignored. The login lock-out and the audit trail both use this.
"""

from __future__ import annotations

from ipaddress import ip_address

from django.conf import settings
from django.http import HttpRequest


def _clean(value: str) -> str | None:
    value = value.strip()
    if value.startswith("[") and "]" in value:  # [IPv6]:port
        value = value[1:].split("]")[0]
    elif value.count(":") == 1:  # IPv4:port
        value = value.split(":")[0]
    try:
        return str(ip_address(value))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str | None:
    """The address of the client that sent ``request``."""
    remote = _clean(request.META.get("REMOTE_ADDR", "") or "")
    proxies = int(getattr(settings, "PROXY_COUNT", 0))
    if proxies <= 0:
        return remote
    forwarded = [part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    if len(forwarded) < proxies or not forwarded[-1].strip():
        return remote  # not through the configured proxies
    return _clean(forwarded[-proxies]) or remote
