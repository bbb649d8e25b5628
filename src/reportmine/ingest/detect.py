"""Which reader a file needs, decided by its bytes first and its name second."""

from __future__ import annotations

from pathlib import Path

from reportmine.errors import IngestError

TEXT_SUFFIXES = {".txt", ".text", ".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
PDF_SUFFIXES = {".pdf"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | PDF_SUFFIXES


def detect_format(path: Path, head: bytes) -> str:
    """Return "pdf", "html", "markdown" or "text"; raise IngestError for anything else."""
    suffix = path.suffix.lower()
    if not head.strip():
        raise IngestError(path, "empty file", "empty")
    if head.lstrip().startswith(b"%PDF-"):
        return "pdf"
    if suffix in PDF_SUFFIXES:
        raise IngestError(path, "not a PDF (no %PDF- header)", "not_pdf")
    sniff = head[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if suffix in HTML_SUFFIXES or sniff.startswith((b"<!doctype html", b"<html")):
        return "html"
    if suffix in TEXT_SUFFIXES:
        return "markdown" if suffix in {".md", ".markdown"} else "text"
    raise IngestError(
        path,
        f"unsupported file type '{suffix or path.name}' (reportmine reads .pdf, .html, .txt, .md)",
        "unsupported",
    )
