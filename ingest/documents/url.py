"""`plankg ingest URL`: fetching a plan's page (and its attachments) over http(s).

Only http and https. A host that resolves to a private, loopback, link-local or otherwise
non-public address is refused unless the URL starts with an entry of
PLANKG_SERVICE_ALLOW_LIST, the allow-list of outbound SERVICE calls (plankg.policy).
Redirects are followed by hand, each hop checked the same way; the time (all of one
fetch) and the size are capped (PLANKG_FETCH_TIMEOUT, PLANKG_FETCH_MAX_BYTES).

The host is resolved once per hop, and the connection goes to the addresses that were
checked, not to a second look-up's answer: DNS rebinding (public on the check, private on
the connection) cannot reach a private address. The request keeps the name in its Host
header, and HTTPS its SNI and certificate check for the name. No proxy from the
environment is used (a proxy would resolve the name again).
"""

from __future__ import annotations

import functools
import http.client
import ipaddress
import socket
import ssl
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import Message
from typing import Any
from urllib.parse import urljoin, urlsplit

from ingest.errors import PlanError
from plankg.policy import allowed
from plankg.settings import Settings

_REDIRECTS = 5
_CHUNK = 65536
USER_AGENT = "plankg (+https://w3id.org/plankg/)"


@dataclass(frozen=True)
class Fetched:
    url: str  # after redirects
    body: bytes
    content_type: str  # media type from the response header, lower case, no parameters
    charset: str | None
    retrieved: str  # ISO 8601, UTC, seconds


def is_url(text: str) -> bool:
    return "://" in text and urlsplit(text).scheme.lower() in ("http", "https", "ftp", "file")


def _public(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    return address.is_global and not address.is_multicast


def _check_address(url: str, source: str, allow_list: list[str]) -> tuple[str, ...] | None:
    """The addresses to connect to for `url`, each checked public (one look-up); None for
    an allow-listed URL, which connects as it resolves."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https"):
        raise PlanError(source, f"only http and https URLs are fetched, not {parts.scheme}:")
    host = parts.hostname
    if not host:
        raise PlanError(source, "the URL names no host")
    if allowed(url, allow_list):
        return None
    try:
        port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, ValueError) as exc:
        reason = getattr(exc, "strerror", None) or exc
        raise PlanError(source, f"cannot resolve {host}: {reason}") from exc
    addresses: list[str] = []
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%")[0])
        if not _public(address):
            raise PlanError(
                source,
                f"refused to fetch from {host} ({address}, a private, loopback or link-local "
                "address); allow it with PLANKG_SERVICE_ALLOW_LIST",
            )
        addresses.append(str(info[4][0]))
    if not addresses:
        raise PlanError(source, f"cannot resolve {host}: no address")
    return tuple(dict.fromkeys(addresses))


def _pinned(addresses: tuple[str, ...]) -> Callable[..., socket.socket]:
    """socket.create_connection to the checked addresses, in order, whatever host it is
    asked for (http.client passes the URL's host and port)."""

    def create_connection(
        address: tuple[str, int], timeout: object = None, source_address: object = None
    ) -> socket.socket:
        error: OSError | None = None
        for ip in addresses:
            try:
                return socket.create_connection(
                    (ip, address[1]),
                    timeout,  # type: ignore[arg-type]
                    source_address,  # type: ignore[arg-type]
                )
            except OSError as exc:
                error = exc
        raise error or OSError("no address to connect to")

    return create_connection


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """An HTTP connection to checked addresses; the Host header names the URL's host."""

    def __init__(self, host: str, *, addresses: tuple[str, ...], **kwargs: Any) -> None:
        super().__init__(host, **kwargs)
        self._create_connection = _pinned(addresses)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """An HTTPS connection to checked addresses; SNI and the certificate check are for the
    URL's host (http.client wraps the socket with server_hostname=self.host)."""

    def __init__(self, host: str, *, addresses: tuple[str, ...], **kwargs: Any) -> None:
        super().__init__(host, **kwargs)
        self._create_connection = _pinned(addresses)


class _PinnedHTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, addresses: tuple[str, ...]) -> None:
        super().__init__()
        self._addresses = addresses

    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(
            functools.partial(_PinnedHTTPConnection, addresses=self._addresses),
            req,
        )


class _PinnedHTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, addresses: tuple[str, ...]) -> None:
        super().__init__(context=ssl.create_default_context())
        self._addresses = addresses

    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(
            functools.partial(_PinnedHTTPSConnection, addresses=self._addresses),
            req,
            context=self._context,  # type: ignore[attr-defined]
        )


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)  # allow-listed URLs: as they resolve


def _opener(addresses: tuple[str, ...] | None) -> urllib.request.OpenerDirector:
    """An opener that connects to `addresses` only (no proxy: it would resolve again)."""
    if addresses is None:
        return _OPENER
    return urllib.request.build_opener(
        urllib.request.ProxyHandler({}),
        _NoRedirect,
        _PinnedHTTPHandler(addresses),
        _PinnedHTTPSHandler(addresses),
    )


def fetch(url: str, settings: Settings, source: str | None = None) -> Fetched:
    """GET `url` under the outbound policy (settings.service_allow_list) and the caps
    (fetch_timeout, fetch_max_bytes); PlanError naming the URL else."""
    source = source or url
    deadline = time.monotonic() + settings.fetch_timeout
    current = url
    for _ in range(_REDIRECTS + 1):
        addresses = _check_address(current, source, settings.service_allow_list)
        left = deadline - time.monotonic()
        if left <= 0:
            raise PlanError(source, f"timed out after {settings.fetch_timeout:g} s")
        request = urllib.request.Request(current, headers={"User-Agent": USER_AGENT})
        try:
            response = _opener(addresses).open(request, timeout=left)
        except urllib.error.HTTPError as exc:
            if exc.code in (301, 302, 303, 307, 308) and exc.headers.get("Location"):
                current = urljoin(current, exc.headers["Location"])
                exc.close()
                continue
            exc.close()
            raise PlanError(source, f"the server answered HTTP {exc.code} {exc.reason}") from None
        except TimeoutError:
            raise PlanError(source, f"timed out after {settings.fetch_timeout:g} s") from None
        except urllib.error.URLError as exc:
            reason = exc.reason
            if isinstance(reason, (TimeoutError, socket.timeout)):
                raise PlanError(source, f"timed out after {settings.fetch_timeout:g} s") from None
            raise PlanError(source, f"cannot fetch: {reason}") from None
        except OSError as exc:
            raise PlanError(source, f"cannot fetch: {exc}") from None
        with response:
            body = _read(response, deadline, settings, source)
            headers: Message = response.headers
            return Fetched(
                url=current,
                body=body,
                content_type=(headers.get_content_type() or "").lower(),
                charset=headers.get_content_charset(),
                retrieved=datetime.now(UTC)
                .replace(microsecond=0)
                .isoformat()
                .replace("+00:00", "Z"),
            )
    raise PlanError(source, f"more than {_REDIRECTS} redirects")


def _read(response: object, deadline: float, settings: Settings, source: str) -> bytes:
    limit = settings.fetch_max_bytes
    length = getattr(response, "headers", {}).get("Content-Length")
    if length and length.isdigit() and int(length) > limit:
        raise PlanError(source, f"the document is larger than the {limit}-byte limit")
    chunks: list[bytes] = []
    size = 0
    while True:
        if time.monotonic() > deadline:
            raise PlanError(source, f"timed out after {settings.fetch_timeout:g} s")
        try:
            chunk = response.read(_CHUNK)  # type: ignore[attr-defined]
        except TimeoutError:
            raise PlanError(source, f"timed out after {settings.fetch_timeout:g} s") from None
        except OSError as exc:
            raise PlanError(source, f"the connection failed while reading: {exc}") from None
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > limit:
            raise PlanError(source, f"the document is larger than the {limit}-byte limit")
        chunks.append(chunk)


def same_site(a: str, b: str) -> bool:
    """Whether two URLs are on the same site: the same host, `www.` aside, or one a
    subdomain of the other."""
    ha = (urlsplit(a).hostname or "").removeprefix("www.")
    hb = (urlsplit(b).hostname or "").removeprefix("www.")
    return bool(ha) and (ha == hb or ha.endswith("." + hb) or hb.endswith("." + ha))
