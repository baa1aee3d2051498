"""The channel between the server and a worker process: a pair of pipes (the worker's
standard input and output) carrying frames of our own, each an 8-byte big-endian length
and that many bytes of pickle.

The worker reads and writes its end with blocking calls (it does one thing at a time).
The server reads its end through asyncio streams: an answer of any size is read as the
worker writes it, and the event loop never waits on a pipe.
"""

from __future__ import annotations

import asyncio
import os
import pickle
import struct
from typing import Protocol

from workers.errors import WorkerFailed

HEADER = struct.Struct("!Q")
# Bytes the server's stream buffers before it stops reading the pipe, for a while; a
# bigger answer is still read whole, as it arrives.
STREAM_LIMIT = 1 << 20


class Unreadable(WorkerFailed):
    """A whole frame arrived but could not be unpickled; the channel is still in step."""


def dumps(value: object) -> bytes:
    """A frame's payload; pickle's own errors for a value that cannot be pickled."""
    return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


def loads(payload: bytes) -> object:
    try:
        return pickle.loads(payload)
    except Exception as exc:
        raise Unreadable(f"unreadable frame ({type(exc).__name__}: {exc})") from exc


class Pipe:
    """The worker's end: blocking reads of the server's frames and writes of its own."""

    def __init__(self, read_fd: int, write_fd: int) -> None:
        self.read_fd = read_fd
        self.write_fd = write_fd

    def receive(self) -> object:
        """The next frame's value; EOFError when the server closed its end."""
        (size,) = HEADER.unpack(self._read(HEADER.size))
        return loads(self._read(size))

    def send(self, payload: bytes) -> None:
        """One frame (a payload from `dumps`); BrokenPipeError when the server is gone."""
        self._write(HEADER.pack(len(payload)))
        self._write(payload)

    def _read(self, n: int) -> bytes:
        chunks: list[bytes] = []
        while n:
            chunk = os.read(self.read_fd, min(n, STREAM_LIMIT))
            if not chunk:
                raise EOFError
            chunks.append(chunk)
            n -= len(chunk)
        return b"".join(chunks)

    def _write(self, data: bytes) -> None:
        view = memoryview(data)
        while view:
            view = view[os.write(self.write_fd, view) :]


class Writer(Protocol):
    """Where the server writes its frames (an asyncio.StreamWriter, or workers.process's
    standard input of a worker)."""

    def write(self, data: bytes) -> None: ...

    async def drain(self) -> None: ...

    def is_closing(self) -> bool: ...

    def close(self) -> None: ...


class Channel:
    """The server's end, over a worker process's standard input and output."""

    def __init__(self, reader: asyncio.StreamReader, writer: Writer) -> None:
        self.reader = reader
        self.writer = writer

    async def send(self, value: object) -> None:
        """One frame; pickle's own errors for a value that cannot be pickled, EOFError
        when the worker is gone."""
        await self.send_payload(dumps(value))

    async def send_payload(self, payload: bytes) -> None:
        """One frame of a payload from `dumps`; EOFError when the worker is gone."""
        if self.writer.is_closing():
            raise EOFError("the worker closed its end")
        try:
            self.writer.write(HEADER.pack(len(payload)))
            self.writer.write(payload)
            await self.writer.drain()
        except (BrokenPipeError, ConnectionResetError) as exc:
            raise EOFError("the worker closed its end") from exc

    async def size(self) -> int:
        """Wait for the next frame: its payload's size, once its header has arrived;
        EOFError when the worker closes its end (it died) first."""
        try:
            header = await self.reader.readexactly(HEADER.size)
        except asyncio.IncompleteReadError as exc:
            raise EOFError("the worker closed its end") from exc
        (size,) = HEADER.unpack(header)
        return int(size)

    async def payload(self, size: int) -> object:
        """The frame's value, read as it arrives; EOFError when the worker dies mid-frame,
        Unreadable when it came whole but cannot be unpickled."""
        try:
            data = await self.reader.readexactly(size)
        except asyncio.IncompleteReadError as exc:
            raise EOFError("the worker closed its end mid-answer") from exc
        return loads(data)

    async def receive(self) -> object:
        return await self.payload(await self.size())

    def close(self) -> None:
        self.writer.close()
