"""Contextual facts: the headline-figures page (``17,359`` / "The number of individuals ...").

Converters scatter that page: figures and descriptions alternate in one report, and come
as two separate blocks in another. Both are read in document order and paired figure by
description, checking that counts meet "The number ..." and percentages "The proportion ...".
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from reportmine.extract.base import Extractor, Row, provenance, register
from reportmine.model import Line, Report

COLUMNS = (
    "value",
    "number",
    "unit",
    "description",
    "footnote",
    "source",
    "description_start",
    "description_end",
    "confidence",
)
_FIGURE = re.compile(
    r"^(?P<cur>£)?(?P<num>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s?(?P<pct>%|per cent)?"
    r"(?P<mult>\s?(?:million|m|bn|k))?$"
)
# OCR reads "%" as "04": "7204" on the facts page is 72% when its description is a proportion
_OCR_PERCENT = re.compile(r"^(?P<num>\d{1,3}(?:\.\d+)?)04$")
_DESCRIPTION = re.compile(
    r"^The\s+(?:total\s+)?(?:number|proportion|percentage|average|rate|amount|total)\b",
    re.IGNORECASE,
)
_NEXT_DESCRIPTION = re.compile(
    r"(?<=\S)\s+(?=The\s+(?:total\s+)?(?:number|proportion|percentage|average|rate|amount)\s+of\b)"
)
_TRAILING_REF = re.compile(r"\s+(?P<label>\d{1,2})$")
_CITATION = re.compile(
    r"[A-Z][A-Za-z&’'-]+(?:\s+(?:of|and|for|the|on|[A-Z][A-Za-z.&’'-]*))*\.?\s\(\d{4}\)"
)


@dataclass
class _Description:
    start: int
    end: int
    text: str
    label: str | None


def extract_facts(report: Report) -> list[Row]:
    rows: list[Row] = []
    footnotes = _footnote_lines(report)
    for section in (s for s in report.sections if s.kind == "contextual_facts"):
        lines = report.lines_between(section.heading_end, section.end)
        figures = [(ln, m) for ln in lines if (m := _figure(report, ln))]
        descriptions = _descriptions(report, lines)
        citations = _citations(report, lines)
        pairs = _pair(figures, descriptions)
        labels = [d.label for _, d in pairs if d.label]
        cited = (
            dict(zip(sorted(set(labels), key=int), citations, strict=False)) if citations else {}
        )
        for (line, match), description in pairs:
            value = report.line_text(line).strip()
            number = match.group("num")
            unit = (
                "percent" if match.group("pct") else "currency" if match.group("cur") else "count"
            )
            repaired = _ocr_percent(match, description)
            if repaired:
                value, number, unit = f"{repaired}%", repaired, "percent"
            label = description.label
            rows.append(
                {
                    "value": value,
                    "number": float(number.replace(",", "")),
                    "unit": unit,
                    "description": description.text,
                    "footnote": label,
                    "source": _source(report, footnotes, label, description.end) or cited.get(label)
                    if label
                    else None,
                    "description_start": description.start,
                    "description_end": description.end,
                    "confidence": (1.0 if _kinds_agree(unit, description.text) else 0.6)
                    - (0.1 if repaired else 0.0),
                    **provenance(report, line.start, line.end),
                }
            )
    return rows


def _ocr_percent(match: re.Match[str], description: _Description) -> str | None:
    """The percentage an OCR'd figure stands for ("7204" -> "72"), when it is paired with a
    proportion's description."""
    if match.group("pct") or match.group("cur") or not _is_proportion(description.text):
        return None
    ocr = _OCR_PERCENT.match(match.group(0))
    return ocr.group("num") if ocr and match.group("mult") is None else None


def _kind(match: re.Match[str]) -> str:
    """percent, count, or either (an OCR'd "7204": 72% or a count of 7,204)."""
    if match.group("pct"):
        return "percent"
    return "either" if _OCR_PERCENT.match(match.group(0)) and not match.group("cur") else "count"


def _figure(report: Report, line: Line) -> re.Match[str] | None:
    match = _FIGURE.match(report.line_text(line).strip())
    if not match:
        return None
    # a bare small integer on its own line is a stray footnote number, not a figure
    number = match.group("num")
    marked = match.group("pct") or match.group("cur") or "," in number or "." in number
    if not marked and float(number) < 100:
        return None
    return match


def _blocks(report: Report, lines: list[Line]) -> list[tuple[int, int, str]]:
    """(start, end, text) of each line, a line that runs several descriptions together
    ("... the NPS 4 The number of ...", when a converter dropped the blank lines) cut where
    each begins."""
    blocks = []
    for line in lines:
        raw = report.line_text(line)
        cuts = [m.start() for m in _NEXT_DESCRIPTION.finditer(raw)]
        if not cuts:
            blocks.append((line.start, line.end, raw.strip()))
            continue
        for a, b in itertools.pairwise([0, *cuts, len(raw)]):
            lead = len(raw[a:b]) - len(raw[a:b].lstrip())
            blocks.append((line.start + a + lead, line.start + b, raw[a:b].strip()))
    return blocks


def _descriptions(report: Report, lines: list[Line]) -> list[_Description]:
    found: list[_Description] = []
    current: _Description | None = None
    for start, end, text in _blocks(report, lines):
        if _DESCRIPTION.match(text):
            current = _Description(start, end, text, None)
            found.append(current)
        elif current is not None and text and not _FIGURE.match(text) and not _is_citation(text):
            current.text += " " + text
            current.end = end
        else:
            current = None
    for description in found:
        refs = [r for r in report.footnote_refs if description.start <= r.start <= description.end]
        trailing = _TRAILING_REF.search(description.text)
        if trailing:
            description.label = trailing.group("label")
            description.text = description.text[: trailing.start()]
        elif refs:
            description.label = refs[-1].label
        description.text = description.text.strip()
    return found


def _is_citation(text: str) -> bool:
    return bool(re.search(r"\(\d{4}\)", text)) and not _DESCRIPTION.match(text)


def _citations(report: Report, lines: list[Line]) -> list[str]:
    """A source list printed without footnote numbers, split into one source each."""
    sources: list[str] = []
    for line in lines:
        text = report.line_text(line).strip()
        if _is_citation(text) and not report.footnotes_in(line.start, line.start):
            starts = [m.start() for m in _CITATION.finditer(text)]
            sources += [
                text[a:b].strip() for a, b in zip(starts, [*starts[1:], len(text)], strict=True)
            ]
    return sources


def _pair(
    figures: list[tuple[Line, re.Match[str]]], descriptions: list[_Description]
) -> list[tuple[tuple[Line, re.Match[str]], _Description]]:
    """Figure i with description i; when that mixes counts and proportions, pair by type."""
    if not figures or not descriptions:
        return []
    by_order = list(zip(figures, descriptions, strict=False))
    if all(_kind(f[1]) == "either" or _kinds_agree(_kind(f[1]), d.text) for f, d in by_order):
        return by_order
    pairs = []
    for want in (True, False):
        figs = [f for f in figures if (_kind(f[1]) != "count") == want]
        descs = [d for d in descriptions if _is_proportion(d.text) == want]
        pairs += list(zip(figs, descs, strict=False))
    return sorted(pairs, key=lambda pair: pair[0][0].start)


def _is_proportion(text: str) -> bool:
    return bool(re.match(r"^The\s+(proportion|percentage|rate)\b", text, re.IGNORECASE))


def _kinds_agree(unit: str, description: str) -> bool:
    return (unit == "percent") == _is_proportion(description)


def _footnote_lines(report: Report) -> list[tuple[str, Line]]:
    """(label, line) for every footnote line: a line that begins with its marker."""
    starts = {line.start: line for line in report.lines}
    return [(ref.label, starts[ref.start]) for ref in report.footnote_refs if ref.start in starts]


def _source(
    report: Report, footnotes: list[tuple[str, Line]], label: str, after: int
) -> str | None:
    """The text of footnote ``label``: the first footnote line so numbered after the marker
    (reports restart or reuse numbers, so the nearest one after the reference wins)."""
    for found, line in footnotes:
        if found == label and line.start >= after:
            return re.sub(r"\s+", " ", report.line_text(line)).strip()
    return None


EXTRACTOR = register(Extractor("facts", COLUMNS, extract_facts))
