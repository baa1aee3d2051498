"""All settings in one place, from the environment (PLANKG_*) or the command line."""

from __future__ import annotations

import ipaddress
import re
from pathlib import Path
from typing import Literal

from pydantic import field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from plankg.paths import DEFAULT_STORE

# An IRI that can be written between < and > in a query (SPARQL's IRIREF), http(s) only.
_ABSOLUTE_IRI = re.compile(r'https?://[^<>"{}|^`\\\x00-\x20]+')


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="PLANKG_", extra="ignore")

    base_iri: str = "https://w3id.org/plankg/"
    store: Path = DEFAULT_STORE
    # A remote SPARQL 1.1 server instead of the embedded store: its query endpoint, and
    # its update endpoint when that is not the query endpoint's `…/update` sibling (for
    # `…/query`) or the query endpoint itself (plankg.remote.update_endpoint_for).
    endpoint: str | None = None
    update_endpoint: str | None = None
    host: str = "127.0.0.1"
    port: int = 8000
    query_timeout: float = 30.0  # seconds; a client may ask for less, never more
    max_rows: int = 10_000
    max_body_bytes: int = 1_000_000
    # IRI prefixes a query may reach outside the store: SERVICE endpoints, and FROM /
    # FROM NAMED graphs the store does not hold. Empty: no outbound request, ever.
    # From the environment as JSON: PLANKG_SERVICE_ALLOW_LIST='["https://example.org/sparql"]'
    service_allow_list: list[str] = []
    # SERVICE endpoints redirected to the URL actually called (plankg.mirrors): a JSON
    # object, e.g. PLANKG_SERVICE_MIRRORS='{"https://query.wikidata.org/sparql":
    # "http://127.0.0.1:7878/query"}'. Applied before the allow-list check, which then
    # judges the mirror's URL.
    service_mirrors: dict[str, str] = {}
    # Answers of named queries kept in memory until the store changes (api.cache);
    # 0 turns the cache off. The store's generation is read again every few seconds.
    cache_bytes: int = 64_000_000
    cache_check_seconds: float = 1.0
    # Where the service's query workers read the embedded store: "disk" reads it in place
    # (ready in seconds, tens of MB a worker: the national answers are read from the files
    # ingest wrote either way), "memory" copies it into each worker at start (faster
    # per-plan queries for ~0.4 kB a quad per worker: 2-3 GB and minutes at 3,000 plans).
    serve_from: Literal["memory", "disk"] = "disk"
    # Query worker processes in two lanes (workers.lane), so cheap work never waits
    # behind expensive work: the "named" lane runs the named queries, /id/ pages,
    # collections and /readyz (bounded, per-city work); the "sparql" lane runs ad-hoc
    # /sparql queries, /dataset and the dumps. Each worker can be killed at its deadline.
    query_workers: int = 2  # the named lane
    sparql_workers: int = 2  # the sparql lane
    # Where the sparql lane reads an embedded store: from disk by default, because its
    # workers are the ones killed at the time limit, and a worker that copies the store
    # into memory takes minutes (and gigabytes) to come back at 3,000 plans.
    sparql_serve_from: Literal["memory", "disk"] = "disk"
    # The sparql lane's workers may run at a lower CPU priority (nice +N): runaway
    # queries then take only the CPU the HTTP loop and the named lane leave them. Off by
    # default: on a machine busy with other work, +10 can starve even small /sparql
    # queries past their time limit.
    sparql_nice: int = 0
    # Memory (MiB) an ad-hoc query may take in a sparql-lane worker beyond what the worker
    # holds once ready; past it the worker stops and the query answers 503 (a sort or
    # join of a cross product otherwise takes gigabytes a second until its time limit).
    # 0: no limit. Linux only (RLIMIT_DATA).
    sparql_query_memory_mb: int = 1024
    # Admission control. A request waiting for a worker waits in its lane's queue (served
    # fairly, one client after another); past `*_queue` waiting it answers 503, and a
    # client with `client_*_concurrency` requests already running or waiting in a lane
    # answers 429; both with Retry-After. A client is its peer address, or for a peer in
    # `trusted_proxies` (IPs or CIDR networks, JSON list) the last X-Forwarded-For hop
    # that is not a trusted proxy.
    named_queue: int = 64
    sparql_queue: int = 8
    client_named_concurrency: int = 8
    client_sparql_concurrency: int = 2
    trusted_proxies: list[str] = []
    # A 429 is answered after this many seconds (at most its Retry-After), so a client
    # that asks again at once, ignoring Retry-After, cannot flood the HTTP loop with them.
    reject_delay_seconds: float = 1.0
    # Limits of a /sparql query's shape, checked before it reaches a worker (400 past
    # them; api.query_limits): nesting depth, triple patterns, values in VALUES blocks.
    max_query_depth: int = 100
    max_query_patterns: int = 1000
    max_query_values: int = 10_000
    # Plans per bulk-loaded store batch: bigger batches mean fewer, larger files for the
    # store to compact (25 vs 19 plans/s at 500 plans on one CPU for 250 vs 50).
    ingest_batch: int = 200
    # `plankg ingest URL`: the most one fetch may take (seconds, connecting to last byte)
    # and bring (bytes). Private, loopback and link-local addresses are fetched only when
    # service_allow_list names a prefix of the URL (the same policy as SERVICE calls).
    fetch_timeout: float = 30.0
    fetch_max_bytes: int = 50_000_000
    # Reading plans as published (ingest/documents): a scanned PDF page is rendered at
    # `ocr_dpi` and read by Tesseract's `ocr_lang` model within `ocr_timeout` seconds; a
    # .doc / .wps / .rtf file is converted by LibreOffice within `convert_timeout` seconds
    # (some old files make it hang).
    ocr_dpi: int = 200
    ocr_lang: str = "chi_sim"
    ocr_timeout: float = 120.0
    # A folder keeping Tesseract's answer per page image, for reading the same scans again
    # (benchmarks, tests/blind/scan.py); unset, none is kept.
    ocr_cache: Path | None = None
    convert_timeout: float = 120.0
    # The home page's map (api.web.boundaries): a GeoJSON or TopoJSON file of division
    # boundaries, each feature keyed by its GB/T 2260 code, drawn as a choropleth instead
    # of the tile grid of provinces; and a CSV crosswalk (columns old,new) from codes the
    # file uses that have changed since to today's codes. None is shipped: China's
    # published boundaries need approval to be shown publicly.
    boundaries: Path | None = None
    boundaries_crosswalk: Path | None = None

    @field_validator("service_mirrors")
    @classmethod
    def _absolute_urls(cls, mirrors: dict[str, str]) -> dict[str, str]:
        for published, url in mirrors.items():
            for iri in (published, url):
                if not _ABSOLUTE_IRI.fullmatch(iri):
                    raise ValueError(f"service_mirrors: {iri!r} is not an absolute http(s) IRI")
        return mirrors

    @field_validator("trusted_proxies")
    @classmethod
    def _networks(cls, proxies: list[str]) -> list[str]:
        for entry in proxies:
            try:
                ipaddress.ip_network(entry, strict=False)
            except ValueError:
                raise ValueError(
                    f"trusted_proxies: {entry!r} is not an IP address or network"
                ) from None
        return proxies

    @property
    def base(self) -> str:
        return self.base_iri if self.base_iri.endswith("/") else self.base_iri + "/"


def or_environment(settings: Settings | None) -> Settings:
    """`settings` as a command passes them down, or for a caller that passes none (a
    library call, a test) the environment's (PLANKG_*), read now."""
    return Settings() if settings is None else settings
