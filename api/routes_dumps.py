"""GET /dumps/{name}: the whole dataset for download (N-Quads, Turtle, JSON-LD).

A worker writes the dump (`api.tasks.write_dump`, `store.dump_to`) into a fresh temporary
directory; it is sent as a file attachment and the directory is removed once the
response is sent or fails. Dumps have no row cap, only the query time limit (503).
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import FileResponse
from starlette.types import Receive, Scope, Send

from api.answer import failure_problem
from api.deps import get_sparql_executor
from api.errors import ServiceError
from api.tasks import write_dump
from api.void import DUMPS
from plankg.settings import Settings
from workers.executor import Executor

router = APIRouter(tags=["dataset"])

Workers = Annotated[Executor, Depends(get_sparql_executor)]


class _TemporaryFileResponse(FileResponse):
    """A file response that removes the file's temporary directory once it is sent, or
    when sending fails (client gone)."""

    def __init__(self, directory: Path, path: Path, media_type: str, filename: str) -> None:
        super().__init__(path, media_type=media_type, filename=filename)
        self.directory = directory

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await super().__call__(scope, receive, send)
        finally:
            shutil.rmtree(self.directory, ignore_errors=True)


@router.get(
    "/dumps/{name}",
    summary="The whole dataset for download: plankg.nq (N-Quads, every graph), "
    "plankg.ttl (Turtle, union of the graphs), plankg.jsonld (JSON-LD, every graph)",
    response_class=Response,
    responses={200: {"content": {d.media: {} for d in DUMPS.values()}}},
)
async def dump(name: str, request: Request, workers: Workers) -> Response:
    found = DUMPS.get(name)
    if found is None:
        raise ServiceError(404, f"no dump {name!r} (dumps: {', '.join(DUMPS)})")
    settings: Settings = request.app.state.settings
    directory = Path(tempfile.mkdtemp(prefix="plankg-dump-"))
    path = directory / found.name
    try:
        await workers.run(write_dump, str(path), found.fmt, timeout=settings.query_timeout)
    except BaseException as exc:
        shutil.rmtree(directory, ignore_errors=True)
        failure = failure_problem(exc) if isinstance(exc, Exception) else None
        if failure is None:
            raise
        return failure
    return _TemporaryFileResponse(directory, path, found.media, found.name)
