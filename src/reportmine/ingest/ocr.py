"""OCR for scanned PDFs: OCRmyPDF with Tesseract (Debian packages), then the usual reader."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from reportmine.errors import IngestError

INSTALL_HINT = (
    "install them with `sudo apt-get install ocrmypdf tesseract-ocr` (or `make ocr-tools`)"
)


def ocr_available() -> bool:
    return shutil.which("ocrmypdf") is not None and shutil.which("tesseract") is not None


def ocr_pdf(path: Path, timeout: float = 600.0) -> Path:
    """A text-layer copy of a scanned PDF, in a temporary folder the caller removes."""
    if not ocr_available():
        raise IngestError(
            path, f"no text layer, and OCR tools are missing: {INSTALL_HINT}", "no_text_layer"
        )
    folder = Path(tempfile.mkdtemp(prefix="reportmine-ocr-"))
    target = folder / path.name
    try:
        proc = subprocess.run(
            ["ocrmypdf", "--skip-text", "--quiet", "--output-type", "pdf", str(path), str(target)],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        shutil.rmtree(folder, ignore_errors=True)
        raise IngestError(path, f"OCR took longer than {timeout:g} s", "timeout") from exc
    if proc.returncode != 0 or not target.is_file():
        shutil.rmtree(folder, ignore_errors=True)
        last = (proc.stderr.strip().splitlines() or ["unknown error"])[-1]
        raise IngestError(path, f"OCR failed: {last}", "ocr_failed")
    return target
