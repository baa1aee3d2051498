"""The service's log: each message one line on standard error, `plankg: …` from the
server process and `plankg worker: …` from a query worker (workers).

Modules log through `logging.getLogger(__name__)`; `configure` is called once where a
process of the service starts (plankg.serve, the worker's main). Other libraries'
loggers (uvicorn's, httpx's) are left as they are."""

from __future__ import annotations

import logging
import sys

# The project's top-level packages: their loggers are the ones that write here.
PACKAGES = ("plankg", "api", "ingest", "workers")
_HANDLER = "plankg-stderr"


def configure(prefix: str = "plankg") -> None:
    """Send INFO and above from the project's modules to stderr as `prefix: message`."""
    formatter = logging.Formatter(f"{prefix}: %(message)s")
    for name in PACKAGES:
        logger = logging.getLogger(name)
        handler = next((h for h in logger.handlers if h.get_name() == _HANDLER), None)
        if handler is None:
            handler = logging.StreamHandler(sys.stderr)
            handler.set_name(_HANDLER)
            logger.addHandler(handler)
        handler.setFormatter(formatter)
        logger.setLevel(logging.INFO)
