"""GET /dumps/{name}: the whole dataset for download (N-Quads, Turtle, JSON-LD).

An embedded store's N-Quads dump is a file `plankg ingest` wrote with the plans
(plankg.dump_files): `/dumps/plankg.nq.gz` sends it as it is, and `/dumps/plankg.nq` the
same bytes with `Content-Encoding: gzip` to a client that takes gzip, else decompressed as
it goes; both carry a strong ETag (the file's SHA-256) and answer Range requests. The
Turtle and JSON-LD dumps are written from that file as they are sent, graph by graph, by
a process of their own (`python -m plankg.dump_files`, killed when the client goes), so
the service's own processes spend nothing on them. No query runs: no time limit applies.
The file is sent only while its generation is the store's (plankg.dataset.read_modified).

Without such files (a remote server, a store of an older plankg), a worker of the sparql
lane writes the dump (`write_dump`, `store.dump_to`) into a fresh temporary directory; it
is sent as a file attachment and the directory is removed once the response is sent or
fails. Those dumps have no row cap, only the query time limit (503).
"""

from __future__ import annotations

import asyncio
import shutil
import sys
import tempfile
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import FileResponse, StreamingResponse
from starlette.types import Receive, Scope, Send

from api.answer import failure_problem
from api.deps import get_app_cache, get_executor, get_sparql_executor
from api.errors import ServiceError
from api.tasks import write_dump
from api.void import DUMPS
from plankg import dump_files
from plankg.dataset import read_modified, same_generation
from plankg.settings import Settings
from workers.executor import Executor

router = APIRouter(tags=["dataset"])

GZIP = "application/gzip"
# The generation check is one look-up: it waits for a worker this long, whatever the
# query time limit, so that sending the files is bound by no query limit.
GENERATION_TIMEOUT = 10.0
_FILES = {f.file: f for f in dump_files.FORMATS.values()}


async def _converted(
    settings: Settings, key: str, media: str, filename: str, request: Request
) -> Response:
    """The dump in `key`'s format, written from the N-Quads file by a child process as it
    is sent (gzip-encoded for a client that takes gzip)."""
    gzip = "gzip" in request.headers.get("accept-encoding", "")
    argv = [sys.executable, "-m", "plankg.dump_files", key, str(settings.store)]
    process = await asyncio.create_subprocess_exec(
        *argv, *(["--gzip"] if gzip else []), stdout=asyncio.subprocess.PIPE
    )
    assert process.stdout is not None
    stdout = process.stdout

    async def body() -> AsyncIterator[bytes]:
        try:
            while chunk := await stdout.read(1 << 16):
                yield chunk
        finally:
            if process.returncode is None:
                process.kill()  # the client went away: no one reads the rest
            await process.wait()

    headers = {
        "Content-Disposition": f'attachment; filename="{filename}"',
        "Vary": "Accept-Encoding",
    }
    if gzip:
        headers["Content-Encoding"] = "gzip"
    return StreamingResponse(body(), media_type=media, headers=headers)


Workers = Annotated[Executor, Depends(get_sparql_executor)]
Named = Annotated[Executor, Depends(get_executor)]


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


async def current_files(request: Request, named: Executor) -> dump_files.Dumps | None:
    """The store's dump files, when it has some of its current generation."""
    settings: Settings = request.app.state.settings
    if settings.endpoint:
        return None
    found = dump_files.current(settings.store)
    if found is None:
        return None
    cache = get_app_cache(request.app)
    generation = cache.generation
    if generation is None:  # the cache is off, or has not read it yet
        generation = await named.run(read_modified, settings.base, timeout=GENERATION_TIMEOUT)
    return found if same_generation(found.generation, generation) else None


def _file(
    request: Request, path: Path, media: str, filename: str, etag: str, encoding: str | None
) -> Response:
    """The file, or 304 when the client holds this version; Range requests answered by
    Starlette's FileResponse."""
    headers = {"ETag": etag, "Cache-Control": "no-cache"}
    if encoding:
        headers["Content-Encoding"] = encoding
        headers["Vary"] = "Accept-Encoding"
    if etag in {t.strip() for t in request.headers.get("if-none-match", "").split(",")}:
        return Response(status_code=304, headers=headers)
    return FileResponse(path, media_type=media, filename=filename, headers=headers)


@router.get(
    "/dumps/{name}",
    summary="The whole dataset for download: plankg.nq (N-Quads, every graph), "
    "plankg.ttl (Turtle, union of the graphs), plankg.jsonld (JSON-LD, every graph); "
    "plankg.nq.gz: the N-Quads as the gzip file ingest wrote",
    response_class=Response,
    responses={200: {"content": {d.media: {} for d in DUMPS.values()} | {GZIP: {}}}},
)
async def dump(name: str, request: Request, workers: Workers, named: Named) -> Response:
    settings: Settings = request.app.state.settings
    files = await current_files(request, named)
    if name in _FILES:
        if files is None:
            raise ServiceError(
                404,
                f"no {name}: the store has no dump files of its current generation (an "
                f"ingest writes them); /dumps/{_FILES[name].name} answers from the store",
            )
        key = _FILES[name].key
        return _file(request, files.path(key), GZIP, name, f'"{files.sha256(key)}"', None)
    found = DUMPS.get(name)
    if found is None:
        known = ", ".join([*DUMPS, *_FILES])
        raise ServiceError(404, f"no dump {name!r} (dumps: {known})")
    if files is not None and found.fmt in dump_files.CONVERTED:
        return await _converted(settings, found.fmt, found.media, found.name, request)
    if files is not None:
        key = found.fmt
        if "gzip" in request.headers.get("accept-encoding", ""):
            sha = files.sha256(key)
            return _file(request, files.path(key), found.media, found.name, f'"{sha}"', "gzip")
        return StreamingResponse(
            dump_files.iter_decompressed(files.path(key)),
            media_type=found.media,
            headers={
                "Content-Disposition": f'attachment; filename="{found.name}"',
                "Vary": "Accept-Encoding",
            },
        )
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
