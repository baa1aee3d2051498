"""Word 97-2003 (.doc), WPS Office (.wps) and RTF files: converted to .docx by LibreOffice
headless, then read as Word. Each conversion runs with its own LibreOffice profile, so
parallel ingest jobs do not collide on the user's one, and with a time limit, since some
old files make LibreOffice hang."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from ingest.documents.docx import extract_docx
from ingest.documents.extracted import Extracted
from ingest.documents.programs import require
from ingest.errors import PlanError
from plankg.settings import Settings

_ENCRYPTED = ("EncryptedPackage".encode("utf-16-le"), "EncryptionInfo".encode("utf-16-le"))


def convert_to_docx(raw: bytes, source: str, suffix: str, limit: float) -> bytes:
    """The .docx LibreOffice makes of an office document, within `limit` seconds."""
    if any(mark in raw[: 1 << 20] for mark in _ENCRYPTED):
        raise PlanError(source, "encrypted document: it cannot be read without its password")
    soffice = require("soffice", source, "reading .doc / .wps files")
    with tempfile.TemporaryDirectory(prefix="plankg-soffice-") as tmp:
        work = Path(tmp)
        src = work / f"in{suffix}"
        src.write_bytes(raw)
        profile = (work / "profile").as_uri()
        command = [
            soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore",
            "--nolockcheck", "--convert-to", "docx:MS Word 2007 XML", "--outdir",
            str(work / "out"), str(src),
        ]  # fmt: skip
        proc = subprocess.Popen(
            command,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            start_new_session=True,  # its own process group: a hung soffice is killed whole
            env={**os.environ, "HOME": tmp},
        )
        try:
            _, err = proc.communicate(timeout=limit)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            raise PlanError(
                source, f"LibreOffice did not convert the file within {limit:.0f} s"
            ) from None
        out = work / "out" / "in.docx"
        if proc.returncode != 0 or not out.is_file():
            detail = err.decode("utf-8", "replace").strip().splitlines()
            reason = detail[-1] if detail else f"exit status {proc.returncode}"
            raise PlanError(source, f"LibreOffice could not convert the file: {reason}")
        data = out.read_bytes()
        shutil.rmtree(work / "profile", ignore_errors=True)
        return data


def extract_office(raw: bytes, source: str, media_type: str, settings: Settings) -> Extracted:
    suffix = {"application/rtf": ".rtf", "application/vnd.ms-works": ".wps"}.get(media_type, ".doc")
    converted = convert_to_docx(raw, source, suffix, settings.convert_timeout)
    extracted = extract_docx(converted, source)
    extracted.media_type = media_type
    return extracted
