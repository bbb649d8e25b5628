"""The tables `reportmine ingest` writes, one function a table: columns and rows."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import numpy as np

from reportmine.model import Report

REPORT_COLUMNS = (
    "report_id",
    "file",
    "format",
    "title",
    "provider",
    "provider_type",
    "report_type",
    "publication_date",
    "overall_rating",
    "pages",
    "characters",
    "sections",
    "footnote_refs",
    "tables",
    "paragraphs",
    "sentences",
    "sha256",
    "duplicate_of",
)
SECTION_COLUMNS = (
    "report_id",
    "section_id",
    "parent_id",
    "number",
    "title",
    "kind",
    "level",
    "page_start",
    "page_end",
    "char_start",
    "char_end",
    "heading_end",
    "rating",
    "word_count",
)
ERROR_COLUMNS = ("file", "error", "message")
PARAGRAPH_THEME_COLUMNS = (
    "report_id",
    "section_id",
    "section_kind",
    "paragraph_id",
    "page",
    "char_start",
    "char_end",
    "theme",
    "score",
)

_WORDS = re.compile(r"\b\w+\b")


def publication_date(metadata: dict[str, str]) -> str:
    year = (metadata.get("publication_year") or "").strip()
    month = (metadata.get("publication_month") or "").strip()
    if year and month:
        return f"{int(year):04d}-{int(month):02d}"
    return year


_SENTENCE_END = re.compile(r"[.!?](?=\s|$)")


def report_row(
    report: Report, overall_rating: str | None, duplicate_of: str | None
) -> dict[str, Any]:
    from reportmine.classify.units import paragraph_units

    units = paragraph_units(report)  # the units themes are tagged on: the denominators
    meta = report.metadata
    return {
        "report_id": report.id,
        "file": report.source_path,
        "format": report.format,
        "title": report.title,
        "provider": meta.get("provider", ""),
        "provider_type": meta.get("provider_type", ""),
        "report_type": meta.get("report_type", ""),
        "publication_date": publication_date(meta),
        "overall_rating": overall_rating,
        "pages": report.n_pages,
        "characters": len(report.text),
        "sections": len(report.sections),
        "footnote_refs": len(report.footnote_refs),
        "tables": len(report.tables),
        "paragraphs": len(units),
        "sentences": sum(max(1, len(_SENTENCE_END.findall(u.text))) for u in units),
        "sha256": report.sha256,
        "duplicate_of": duplicate_of,
    }


def section_rows(report: Report) -> Iterator[dict[str, Any]]:
    spans = [(s.heading_end, s.end) for s in report.sections]
    for s, words in zip(report.sections, _word_counts(report.text, spans), strict=True):
        yield {
            "report_id": report.id,
            "section_id": s.id,
            "parent_id": s.parent_id,
            "number": s.number,
            "title": s.title,
            "kind": s.kind,
            "level": s.level,
            "page_start": s.page_start,
            "page_end": s.page_end,
            "char_start": s.start,
            "char_end": s.end,
            "heading_end": s.heading_end,
            "rating": s.rating,
            "word_count": words,
        }


def _word_counts(text: str, spans: list[tuple[int, int]]) -> list[int]:
    """``len(_WORDS.findall(text[a:b]))`` for every span, from one pass over ``text``:
    nested sections would otherwise be scanned once per level. ``\\w`` is a character for
    which ``str.isalnum()`` holds, or "_"; a word the span cuts counts when part of it is
    inside, as it would in the sliced string."""
    if not spans:
        return []
    points = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    wordy = np.array(sorted(ord(c) for c in set(text) if c.isalnum() or c == "_"), np.uint32)
    edges = np.diff(np.concatenate(([0], np.isin(points, wordy).astype(np.int8), [0])))
    starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    low = np.array([a for a, _ in spans], dtype=np.int64)
    high = np.array([b for _, b in spans], dtype=np.int64)
    first = np.searchsorted(starts, low, "left")  # words starting inside
    after = np.searchsorted(ends, high, "right")  # words ending inside (or before)
    counts = np.maximum(0, after - first)
    before = np.maximum(first - 1, 0)
    counts += (first > 0) & (ends[before] > low) if len(ends) else 0  # cut at the start
    later = np.minimum(after, max(len(starts) - 1, 0))
    if len(starts):  # cut at the end
        counts += (after < len(starts)) & (starts[later] >= low) & (starts[later] < high)
    return np.where(high > low, counts, 0).tolist()


def section_json(
    report: Report, rows: list[dict[str, Any]] | None = None
) -> Iterator[dict[str, Any]]:
    """The section rows with each section's text (reusing ``rows`` when already made)."""
    for row, s in zip(rows or section_rows(report), report.sections, strict=True):
        yield {**row, "text": report.text[s.start : s.end]}
