"""`plankg ingest URL`: fetching a plan's page (and its attachments) over http(s).

Only http and https. A host that resolves to a private, loopback, link-local or otherwise
non-public address is refused unless the URL starts with an entry of
PLANKG_SERVICE_ALLOW_LIST, the allow-list of outbound SERVICE calls (plankg.policy).
Redirects are followed by hand, each hop checked the same way; the time (all of one
fetch) and the size are capped (PLANKG_FETCH_TIMEOUT, PLANKG_FETCH_MAX_BYTES).
"""

from __future__ import annotations

import ipaddress
import socket
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import Message
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


def _check_address(url: str, source: str, allow_list: list[str]) -> None:
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https"):
        raise PlanError(source, f"only http and https URLs are fetched, not {parts.scheme}:")
    host = parts.hostname
    if not host:
        raise PlanError(source, "the URL names no host")
    if allowed(url, allow_list):
        return
    try:
        infos = socket.getaddrinfo(host, parts.port or (443 if parts.scheme == "https" else 80))
    except OSError as exc:
        raise PlanError(source, f"cannot resolve {host}: {exc.strerror or exc}") from exc
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%")[0])
        if not address.is_global or address.is_multicast:
            raise PlanError(
                source,
                f"refused to fetch from {host} ({address}, a private, loopback or link-local "
                "address); allow it with PLANKG_SERVICE_ALLOW_LIST",
            )


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


def fetch(url: str, settings: Settings, source: str | None = None) -> Fetched:
    """GET `url` under the outbound policy (settings.service_allow_list) and the caps
    (fetch_timeout, fetch_max_bytes); PlanError naming the URL else."""
    source = source or url
    deadline = time.monotonic() + settings.fetch_timeout
    current = url
    for _ in range(_REDIRECTS + 1):
        _check_address(current, source, settings.service_allow_list)
        left = deadline - time.monotonic()
        if left <= 0:
            raise PlanError(source, f"timed out after {settings.fetch_timeout:g} s")
        request = urllib.request.Request(current, headers={"User-Agent": USER_AGENT})
        try:
            response = _OPENER.open(request, timeout=left)
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
