"""Error responses: a status and a one-line reason, never a stack trace."""

from __future__ import annotations

from fastapi.responses import JSONResponse


def problem(status: int, detail: str) -> JSONResponse:
    return JSONResponse({"status": status, "detail": detail}, status_code=status)
