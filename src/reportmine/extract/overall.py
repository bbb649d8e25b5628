"""The overall rating, as a report states it in prose or in its summary table."""

from __future__ import annotations

import re
from dataclasses import dataclass

from reportmine.model import Report

RATINGS = ("Outstanding", "Good", "Requires improvement", "Inadequate")
_RATING = r"(?P<rating>outstanding|good|requires\s+improvement|inadequate)"
_Q = r"[\s:‘’'\"“”*]*"
_PHRASES = re.compile(
    r"(?:\b(?:is|was|been|be)\s+rated\s+(?:as)?"
    r"|\brated\s+(?:[A-Z][\w’'-]*\s+){1,6}as"
    r"|\b(?:resulted\s+in|given|awarded|receives?|received)\s+(?:a|an|the)\s+(?:overall\s+)?rating\s+of"
    r"|\ban\s+overall\s+rating\s+of"
    r"|\boverall\s+rating\s*(?:is|was|:)?)" + _Q + _RATING,
    re.IGNORECASE,
)
# A sentence about another provider or an earlier inspection is not this report's rating.
_ELSEWHERE = re.compile(
    r"\b(previous|last|earlier|prior|former|other)\s+(inspection|report|divisions?|CRCs?)\b"
    r"|\bin\s+(our\s+)?(20\d\d)\s+inspection|\bwhen\s+we\s+last\b",
    re.IGNORECASE,
)
_WHERE = ("overall_findings", "ratings_summary", "foreword", "summary", "front_matter")


@dataclass(slots=True)
class OverallRating:
    rating: str
    start: int
    end: int
    section_id: str
    sentence: str


def overall_rating(report: Report) -> OverallRating | None:
    """First statement of the overall rating in the parts of a report that carry it; when
    none of those parts was recognised, anywhere outside the contents page."""
    spans = [(s.start, s.end) for kind in _WHERE for s in report.sections if s.kind == kind]
    if not spans:
        contents = [(s.start, s.end) for s in report.sections if s.kind == "contents"]
        spans = [(0, len(report.text))] if not contents else [(contents[0][1], len(report.text))]
    for start, end in spans:
        body = report.text[start:end]
        for match in _PHRASES.finditer(body):
            sentence = _sentence_around(body, match.start(), match.end())
            if _ELSEWHERE.search(sentence):
                continue
            rating_start = start + match.start("rating")
            section = report.section_at(rating_start)
            return OverallRating(
                _canonical(match.group("rating")),
                rating_start,
                start + match.end("rating"),
                section.id if section else "",
                sentence,
            )
    return None


def _canonical(word: str) -> str:
    word = re.sub(r"\s+", " ", word).lower()
    return next(r for r in RATINGS if r.lower() == word)


def _sentence_around(text: str, start: int, end: int) -> str:
    left = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start)) + 1
    stops = [i for i in (text.find(". ", end), text.find("\n", end)) if i >= 0]
    right = min(stops) + 1 if stops else len(text)
    return text[left:right].strip()
