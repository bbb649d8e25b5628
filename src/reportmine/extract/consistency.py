"""Rating consistency: apply the reports' own published rule to the key questions.

The rule (HMIP, 2018 on): a standard's rating is the band of its lowest key question
(>=80% Outstanding, 65-79% Good, 50-64% Requires improvement, <50% Inadequate). Where the
published rating differs, the row says so and quotes the report's "professional discretion"
footnote if it gives one. Suspect key-question values are left out of the rule.
"""

from __future__ import annotations

import re

from reportmine.extract.base import Extractor, Row, provenance, register
from reportmine.extract.key_questions import extract_key_questions
from reportmine.extract.ratings import consolidated, extract_ratings
from reportmine.extract.vocab import framework
from reportmine.model import Report

COLUMNS = (
    "standard_code",
    "standard_name",
    "published_rating",
    "key_questions",
    "lowest_code",
    "lowest_percent",
    "rule_rating",
    "consistent",
    "discretion",
    "discretion_note",
    "excluded_suspect",
)
_DISCRETION = re.compile(
    r"[^.\n]*rating for (?P<name>[a-z][a-z ,/-]+?)(?:,|\s+we\b)"
    r"[^.\n]*professional discretion[^.\n]*\.?",
    re.IGNORECASE,
)


def extract_consistency(report: Report) -> list[Row]:
    questions = extract_key_questions(report)
    if not questions:
        return []
    ratings_rows = extract_ratings(report)
    published = consolidated(ratings_rows)
    names = {r["code"]: r["standard_name"] for r in ratings_rows if r["standard_name"]}
    notes = _discretion_notes(report)
    rules = framework()
    rows = []
    for code in dict.fromkeys(q["standard_code"] for q in questions):
        group = [q for q in questions if q["standard_code"] == code]
        usable = [q for q in group if q["percent_yes"] is not None and not q["suspect"]]
        lowest = min(usable, key=lambda q: q["percent_yes"]) if usable else None
        rule = rules.band(lowest["percent_yes"]) if lowest else None
        rating = published.get(code)
        name = names.get(code) or rules.standards.get(code)
        note = next(
            (text for key, (text, _) in notes.items() if name and key in name.lower()), None
        )
        span = next(
            (span for key, (_, span) in notes.items() if name and key in name.lower()), None
        )
        anchor = lowest or group[0]
        start, end = span or (anchor["char_start"], anchor["char_end"])
        rows.append(
            {
                "standard_code": code,
                "standard_name": name,
                "published_rating": rating,
                "key_questions": len(group),
                "lowest_code": lowest["code"] if lowest else None,
                "lowest_percent": lowest["percent_yes"] if lowest else None,
                "rule_rating": rule,
                "consistent": None if rating is None or rule is None else rating == rule,
                "discretion": note is not None,
                "discretion_note": note,
                "excluded_suspect": [q["code"] for q in group if q["suspect"]],
                **provenance(report, start, end),
            }
        )
    return rows


def _discretion_notes(report: Report) -> dict[str, tuple[str, tuple[int, int]]]:
    """Footnotes such as "In arriving at the rating for planning, we have exercised
    professional discretion ...", keyed by the standard they name."""
    notes: dict[str, tuple[str, tuple[int, int]]] = {}
    text = report.text
    for hit in re.finditer(r"professional discretion", text, re.IGNORECASE):
        start = max(text.rfind(".", 0, hit.start()), text.rfind("\n", 0, hit.start())) + 1
        end = min(
            i for i in (text.find(".", hit.end()), text.find("\n", hit.end()), len(text)) if i >= 0
        )
        match = _DISCRETION.search(text, start, end + 1)
        if match is None:
            continue
        name = match.group("name").strip().lower()
        note = re.sub(r"^\W*\d{1,2}\s+", "", match.group(0).strip())
        notes.setdefault(name, (note, match.span()))
    return notes


EXTRACTOR = register(Extractor("rating_consistency", COLUMNS, extract_consistency))
