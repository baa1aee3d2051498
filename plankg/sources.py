"""Where a plan came from, as the service may show it: never a path of the machine that
ingested it (contract §3, `plans`: `sourceFile` is the file's name only)."""

from __future__ import annotations

from pathlib import PurePosixPath, PureWindowsPath
from urllib.parse import unquote, urlsplit


def file_name(source: str) -> str:
    """The name of the file a plan was read from: the last segment of its path or URL
    (`/srv/data/plans/x.txt` -> `x.txt`, `https://gov.cn/a/b.pdf?id=1` -> `b.pdf`)."""
    parts = urlsplit(source)
    if parts.scheme in ("http", "https", "file") and parts.netloc + parts.path:
        name = unquote(parts.path.rstrip("/").rsplit("/", 1)[-1])
        return name or parts.netloc
    return PureWindowsPath(source).name if "\\" in source else PurePosixPath(source).name
