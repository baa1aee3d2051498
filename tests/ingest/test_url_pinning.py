"""A URL is fetched from the address that was checked (ingest/documents/url.py): one
look-up per hop, the connection to those addresses, every redirect checked the same way,
so DNS rebinding cannot reach a private address. No network beyond loopback: a resolver
stands in for DNS, and any connection to another address is refused here."""

from __future__ import annotations

import ipaddress
import socket
import ssl
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from ingest.documents import url as fetching
from ingest.errors import PlanError
from plankg.settings import Settings

PUBLIC = "93.184.215.14"  # a global address: the check passes it; never connected to here
_real_getaddrinfo = socket.getaddrinfo
_real_create_connection = socket.create_connection


class _Site(ThreadingHTTPServer):
    requests: list[tuple[str, str]]  # (path, Host header)


class _Handler(BaseHTTPRequestHandler):
    server: _Site

    def do_GET(self) -> None:
        self.server.requests.append((self.path, self.headers.get("Host", "")))
        port = self.server.server_address[1]
        hops = {"/hop": "other.example", "/bad": "internal.example"}
        if self.path in hops:
            self.send_response(302)
            self.send_header("Location", f"http://{hops[self.path]}:{port}/plan.txt")
            self.end_headers()
            return
        body = "定州市节能减排方案".encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def site() -> Iterator[_Site]:
    server = _Site(("127.0.0.1", 0), _Handler)
    server.requests = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


class Net:
    """A resolver (answers per name, in turn, the last one repeated) and a guard on
    connections: loopback only, every attempt recorded."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, answers: dict[str, list[str]]) -> None:
        self.answers = answers
        self.lookups: dict[str, int] = {}
        self.connected: list[str] = []
        monkeypatch.setattr(socket, "getaddrinfo", self.getaddrinfo)
        monkeypatch.setattr(socket, "create_connection", self.create_connection)
        monkeypatch.setenv("PLANKG_SERVICE_ALLOW_LIST", "[]")

    def getaddrinfo(self, host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        name = host.decode() if isinstance(host, bytes) else str(host)
        if name not in self.answers:  # an address literal: no look-up
            return _real_getaddrinfo(host, port, *args, **kwargs)
        k = self.lookups.get(name, 0)
        self.lookups[name] = k + 1
        ip = self.answers[name][min(k, len(self.answers[name]) - 1)]
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (ip, int(port)))]

    def create_connection(self, address: tuple[str, int], *args: Any, **kwargs: Any) -> Any:
        ip = str(socket.getaddrinfo(address[0], address[1])[0][4][0])
        self.connected.append(ip)
        if not ipaddress.ip_address(ip).is_loopback:
            raise ConnectionRefusedError(f"test: no network beyond loopback ({ip})")
        return _real_create_connection((ip, address[1]), *args, **kwargs)


def test_dns_rebinding_cannot_reach_a_private_address(
    site: _Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Public on the first look-up (the check), loopback on any later one (the connection).
    net = Net(monkeypatch, {"plans.example": [PUBLIC, "127.0.0.1"]})
    port = site.server_address[1]
    with pytest.raises(PlanError, match="cannot fetch"):
        fetching.fetch(f"http://plans.example:{port}/plan.txt", Settings())
    assert net.lookups == {"plans.example": 1}  # resolved once
    assert net.connected == [PUBLIC]  # to the address that was checked
    assert site.requests == []  # the private one never saw a request


def test_the_pinned_connection_keeps_the_name_and_checks_every_redirect(
    site: _Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Here 127.0.0.1 stands for a public address (so the local site can answer); a second
    # look-up of plans.example would give 127.0.0.2, which the check would refuse.
    monkeypatch.setattr(fetching, "_public", lambda a: str(a) == "127.0.0.1")
    net = Net(
        monkeypatch,
        {
            "plans.example": ["127.0.0.1", "127.0.0.2"],
            "hop.example": ["127.0.0.1"],
            "other.example": ["127.0.0.1"],
            "internal.example": ["127.0.0.3"],
        },
    )
    port = site.server_address[1]
    got = fetching.fetch(f"http://plans.example:{port}/plan.txt", Settings())
    assert got.body.decode() == "定州市节能减排方案"
    assert site.requests == [("/plan.txt", f"plans.example:{port}")]  # Host: the name
    assert net.connected == ["127.0.0.1"]

    got = fetching.fetch(f"http://hop.example:{port}/hop", Settings())
    assert got.url == f"http://other.example:{port}/plan.txt"
    assert site.requests[-1] == ("/plan.txt", f"other.example:{port}")
    assert net.lookups == {"plans.example": 1, "hop.example": 1, "other.example": 1}

    before = len(site.requests)
    with pytest.raises(PlanError, match=r"refused to fetch from internal\.example \(127\.0\.0\.3"):
        fetching.fetch(f"http://hop.example:{port}/bad", Settings())
    assert [path for path, _ in site.requests[before:]] == ["/bad"]  # not the redirect's


def test_https_connects_to_the_address_with_sni_and_certificate_for_the_name(
    site: _Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    net = Net(monkeypatch, {"plans.example": ["127.0.0.2"]})
    wrapped: list[str | None] = []

    class Context(ssl.SSLContext):
        def wrap_socket(self, sock: Any, *args: Any, **kwargs: Any) -> Any:
            wrapped.append(kwargs.get("server_hostname"))
            return sock

    port = site.server_address[1]
    conn = fetching._PinnedHTTPSConnection(
        "plans.example",
        port=port,
        addresses=("127.0.0.1",),
        context=Context(ssl.PROTOCOL_TLS_CLIENT),
    )
    conn.connect()
    assert conn.sock is not None and conn.sock.getpeername()[0] == "127.0.0.1"
    conn.close()
    assert wrapped == ["plans.example"]  # SNI and the certificate's name: the host
    assert net.lookups == {} and net.connected == ["127.0.0.1"]
