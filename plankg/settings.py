"""All settings in one place, from the environment (PLANKG_*) or the command line."""

from __future__ import annotations

from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict

from plankg.paths import DEFAULT_STORE


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
    # Answers of named queries kept in memory until the store changes (api.cache);
    # 0 turns the cache off. The store's generation is read again every few seconds.
    cache_bytes: int = 64_000_000
    cache_check_seconds: float = 1.0
    query_workers: int = 2  # processes running queries (each can be killed at its deadline)
    # Plans per bulk-loaded store batch: bigger batches mean fewer, larger files for the
    # store to compact (25 vs 19 plans/s at 500 plans on one CPU for 250 vs 50).
    ingest_batch: int = 200

    @property
    def base(self) -> str:
        return self.base_iri if self.base_iri.endswith("/") else self.base_iri + "/"
