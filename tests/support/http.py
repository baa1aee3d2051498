"""Plain HTTP requests to a served plankg, errors answered rather than raised."""

from __future__ import annotations

import urllib.error
import urllib.request


def get(url: str, accept: str | None = None, timeout: float = 30) -> tuple[int, str, bytes]:
    """Status, Content-Type and body of GET url."""
    req = urllib.request.Request(url, headers={"Accept": accept} if accept else {})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, r.headers.get("Content-Type", ""), r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("Content-Type", ""), e.read()
