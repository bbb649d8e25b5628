"""The units themes are tagged on: prose paragraphs and recommendations, with stable ids."""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass

from reportmine.model import Report, has_words

# Parts of a report whose blocks are not prose about practice.
SKIP_KINDS = {"contents", "front_matter", "glossary", "acknowledgements", "inspection_results"}
MIN_WORDS = 12


@dataclass(slots=True)
class Unit:
    id: str  # "<report slug>:<hash of the text>", stable while the text is
    report_id: str
    slug: str
    section_id: str
    section_kind: str
    kind: str  # "paragraph" | "recommendation"
    start: int
    end: int
    text: str


def unit_id(slug: str, text: str) -> str:
    digest = hashlib.sha1(" ".join(text.split()).lower().encode()).hexdigest()[:12]
    return f"{slug}:{digest}"


def paragraph_units(report: Report) -> list[Unit]:
    """The report's taggable paragraphs (computed once per report: tagging and the report
    row both need them)."""
    cached = report.cache.get("paragraph_units")
    if cached is None:
        cached = report.cache["paragraph_units"] = _paragraph_units(report)
    return list(cached)  # type: ignore[call-overload]


def _paragraph_units(report: Report) -> list[Unit]:
    kinds = {s.id: s.kind for s in report.sections}
    units = []
    for paragraph in report.paragraphs():
        kind = kinds.get(paragraph.section_id, "")
        if kind in SKIP_KINDS or not has_words(paragraph.text, MIN_WORDS):
            continue
        units.append(
            Unit(
                unit_id(report.slug, paragraph.text),
                report.id,
                report.slug,
                paragraph.section_id,
                kind,
                "paragraph",
                paragraph.start,
                paragraph.end,
                paragraph.text,
            )
        )
    return units


def sample(units: list[Unit], size: int, seed: int = 13) -> list[Unit]:
    """A reproducible sample, in document order."""
    if len(units) <= size:
        return list(units)
    chosen = set(random.Random(seed).sample(range(len(units)), size))
    return [u for i, u in enumerate(units) if i in chosen]
