"""Ingestion: any supported file to a normalised :class:`~reportmine.model.Report`."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from reportmine.errors import IngestError
from reportmine.ingest.decode import decode_text
from reportmine.ingest.detect import SUPPORTED_SUFFIXES, detect_format
from reportmine.ingest.normalise import (
    DEFAULT_STAGES,
    Normalised,
    normalise_lines,
    normalise_text,
    reflow_blocks,
)
from reportmine.model import Report, Table

__all__ = ["SUPPORTED_SUFFIXES", "read_report", "slugify"]


def slugify(name: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return slug or "report"


def read_report(
    path: str | Path,
    *,
    metadata: dict[str, str] | None = None,
    max_pages: int | None = None,
    sections: bool = True,
    table_engine: str = "pdfium",
    ocr: bool = False,
) -> Report:
    """Read, normalise and (by default) split one report. Raises IngestError on bad input."""
    path = Path(path)
    data = _read_bytes(path)
    fmt = detect_format(path, data[:4096])
    sha256 = hashlib.sha256(data).hexdigest()
    tables: list[Table] = []
    html_title = ""
    if fmt == "pdf":
        content = _read_pdf_maybe_ocr(path, max_pages, table_engine, ocr)
        normalised = normalise_lines(content.lines, (*DEFAULT_STAGES[:-1], reflow_blocks))
        unplaced = [(t.page, t.rows) for t in content.tables if not t.placed]
        tables = sorted(
            _tab_tables(normalised, table_engine)
            + _locate_tables(normalised, unplaced, table_engine),
            key=lambda t: t.start,
        )
    elif fmt == "html":
        from reportmine.ingest.html import read_html

        content = read_html(decode_text(data, str(path)))
        html_title = content.title
        normalised = normalise_lines(content.lines)
        tables = _locate_tables(normalised, [(None, rows) for rows in content.tables], "html")
    else:
        normalised = normalise_text(decode_text(data, str(path)))
        tables = _tab_tables(normalised)
    if not normalised.text.strip():
        raise IngestError(path, "no text found in the file", "empty")

    slug = slugify(path.stem)
    report = Report(
        id=f"{slug}-{sha256[:8]}",
        slug=slug,
        source_path=str(path),
        format=fmt,
        sha256=sha256,
        text=normalised.text,
        lines=normalised.lines,
        page_starts=normalised.page_starts,
        footnote_refs=normalised.footnote_refs,
        tables=tables,
        metadata=dict(metadata or {}),
    )
    if sections:
        from reportmine.sections import split_sections

        report.sections = split_sections(report)
    report.title = report.metadata.get("title") or html_title or _infer_title(report)
    return report


def _read_pdf_maybe_ocr(path: Path, max_pages: int | None, table_engine: str, ocr: bool):
    """The PDF's text layer; with ``ocr=True`` a scanned PDF is OCR'd first (OCRmyPDF)."""
    import shutil

    from reportmine.ingest.pdf import NO_TEXT_LAYER, read_pdf

    try:
        return read_pdf(path, max_pages=max_pages, table_engine=table_engine)
    except IngestError as exc:
        if not ocr or exc.cause != NO_TEXT_LAYER:
            raise
    from reportmine.ingest.ocr import ocr_pdf

    searchable = ocr_pdf(path)
    try:
        return read_pdf(searchable, max_pages=max_pages, table_engine=table_engine)
    finally:
        shutil.rmtree(searchable.parent, ignore_errors=True)


def _read_bytes(path: Path) -> bytes:
    try:
        if path.is_dir():
            raise IngestError(path, "is a directory, not a report file", "not_a_file")
        return path.read_bytes()
    except IngestError:
        raise
    except OSError as exc:
        cause = exc.strerror or exc.__class__.__name__
        if exc.errno == 40:
            cause = "symlink loop"
        raise IngestError(path, f"cannot read file: {cause}", "unreadable") from exc


def _tab_tables(normalised: Normalised, source: str = "tabs") -> list[Table]:
    """Runs of consecutive tab-separated lines are tables."""
    tables: list[Table] = []
    run: list[int] = []
    for i, line in enumerate([*normalised.lines, None]):
        if line is not None and line.is_table_row:
            run.append(i)
            continue
        if len(run) >= 2:
            rows = [
                normalised.text[normalised.lines[j].start : normalised.lines[j].end].split("\t")
                for j in run
            ]
            first, last = normalised.lines[run[0]], normalised.lines[run[-1]]
            tables.append(Table(rows, first.start, last.end, first.page, source))
        run = []
    return tables


def _locate_tables(
    normalised: Normalised, found: list[tuple[int | None, list[list[str]]]], source: str
) -> list[Table]:
    """Give tables from a layout pass a span: from where their first cell's text occurs to
    the end of the line holding their last row's, each row looked for after the one before."""
    tables = []
    text = normalised.text
    for page, rows in found:
        lo, hi = 0, len(text)
        if page is not None and normalised.page_starts and page <= len(normalised.page_starts):
            lo = normalised.page_starts[page - 1]
            hi = normalised.page_starts[page] if page < len(normalised.page_starts) else len(text)
        start = end = -1
        cursor = lo
        for row in rows:
            cell = next((c for c in row if len(c) > 2), "")[:40]
            at = text.find(cell, cursor, hi) if cell else -1
            if at < 0:
                continue
            start = at if start < 0 else start
            cursor = end = at + len(cell)
        start = lo if start < 0 else start
        line_end = text.find("\n", end, hi) if end >= 0 else -1
        end = hi if end < 0 else (line_end if line_end >= 0 else hi)
        tables.append(Table(rows, start, end, page, source))
    return tables


_TITLE_SKIP = re.compile(
    r"^((an )?inspection of$|an inspection by\b|hm inspectorate of probation$|hmi probation$|"
    r"published\b|contents$|©|crown copyright|[A-Z]+ \d{4}$|\d)",
    re.IGNORECASE,
)


def _infer_title(report: Report) -> str:
    """The first prominent line of the front matter, else the file name in words."""
    from reportmine.sections.kinds import lexicon

    body_start = next(
        (s.start for s in report.sections if s.kind not in {"front_matter", "other"}),
        len(report.text),
    )
    head = [ln for ln in report.lines[:60] if ln.start < body_start and not ln.is_table_row]
    marked = [ln for ln in head if ln.heading_level == 1] or [
        ln for ln in head if ln.heading_level or ln.bold
    ]
    kinds = lexicon()
    parts: list[str] = []
    for line in marked or head:
        text = report.text[line.start : line.end].strip()
        if _TITLE_SKIP.match(text) or kinds.kind_of(text) or len(text) > 150:
            if parts:
                break
            continue
        parts.append(text)
        if len(" ".join(parts)) > 40 or not marked:
            break
    title = " ".join(parts)[:200]
    return title or report.slug.replace("-", " ")
