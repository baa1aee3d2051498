"""Who a request comes from, for the per-client share of the query lanes (workers.admission).

A client is the peer address of the connection. Behind a reverse proxy every request
comes from the proxy, so for a peer listed in `trusted_proxies` the client is read from
`X-Forwarded-For`: the right-most hop that is not itself a trusted proxy (the hops left
of it were written by the client and can say anything). A header from any other peer is
ignored.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

from workers.admission import current_client

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def networks(entries: Sequence[str]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(e, strict=False) for e in entries)


def _trusted(address: str, trusted: tuple[Network, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in net for net in trusted)


def client_of(scope: Scope, trusted: tuple[Network, ...]) -> str:
    peer = scope.get("client")
    address = str(peer[0]) if peer else "unknown"
    if not trusted or not _trusted(address, trusted):
        return address
    forwarded = Headers(scope=scope).getlist("x-forwarded-for")
    hops = [h.strip() for line in forwarded for h in line.split(",") if h.strip()]
    for hop in reversed(hops):
        if not _trusted(hop, trusted):
            try:
                return str(ipaddress.ip_address(hop))
            except ValueError:
                return address  # not an address: the proxy's own word is all we have
    return hops[0] if hops else address


class ClientMiddleware:
    """Names the request's client for the lanes' admission (workers.admission.current_client)."""

    def __init__(self, app: ASGIApp, trusted_proxies: Sequence[str] = ()) -> None:
        self.app = app
        self.trusted = networks(trusted_proxies)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        token = current_client.set(client_of(scope, self.trusted))
        try:
            await self.app(scope, receive, send)
        finally:
            current_client.reset(token)
