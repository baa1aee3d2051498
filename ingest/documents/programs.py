"""External programs some formats need, and the one-line refusal when one is missing."""

from __future__ import annotations

import shutil

from ingest.errors import PlanError

# program -> (what it is for, the Debian package that provides it)
PACKAGES = {
    "soffice": ("LibreOffice", "libreoffice-writer-nogui"),
    "tesseract": ("Tesseract OCR", "tesseract-ocr-chi-sim"),
    "pdftoppm": ("poppler's pdftoppm", "poppler-utils"),
}


def require(program: str, source: str, purpose: str) -> str:
    """The path of `program`, or a PlanError naming it and its Debian package."""
    found = shutil.which(program)
    if found is None:
        name, package = PACKAGES[program]
        raise PlanError(
            source,
            f"{purpose} needs {name} (`{program}`), which is not installed "
            f"(Debian package {package})",
        )
    return found
