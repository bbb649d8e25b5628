"""Outcome scores with ranges: "The proportion of work judged to have been done well enough
... 84%  77%-89%" under an "Outcome N: ..." heading (aggregate inspection reports)."""

from __future__ import annotations

import re

from reportmine.extract.base import Extractor, Row, provenance, register
from reportmine.model import Report

COLUMNS = (
    "outcome",
    "outcome_title",
    "measure",
    "percent",
    "range_low",
    "range_high",
    "range_label",
)
# The lookbehind follows the first digit so that the engine can skip to digits (see _KQ in
# key_questions.py): this runs over the whole text of every report.
# OCR reads "%" as "04" ("8404  7704-8904"): the score's three-number shape is what tells
# such a "04" from digits, so it is accepted only where every percent sign would stand.
_SCORE = re.compile(
    r"(?P<value>\d(?<![\d.]\d)\d{0,2})(?:\s?%|04)[\t ]+"
    r"(?P<low>\d{1,3})(?:\s?%|04)?\s*[-–]\s*(?P<high>\d{1,3})(?:\s?%|04)(?!\d)"
)
_OUTCOME = re.compile(r"^Outcome\s+(?P<n>\d{1,2})\s*:\s*(?P<title>.+?)\s*$", re.MULTILINE)


def extract_outcome_scores(report: Report) -> list[Row]:
    rows = []
    for match in _SCORE.finditer(report.text):
        line_start = report.text.rfind("\n", 0, match.start()) + 1
        header_start = report.text.rfind("\n", 0, max(line_start - 1, 0)) + 1
        header = report.text[header_start : max(line_start - 1, header_start)].split("\t")
        measure = header[0].strip() if header and not _SCORE.search(header[0]) else None
        headings = list(_OUTCOME.finditer(report.text, 0, match.start()))
        heading = headings[-1] if headings else None
        rows.append(
            {
                "outcome": f"Outcome {heading.group('n')}" if heading else None,
                "outcome_title": heading.group("title") if heading else None,
                "measure": measure,
                "percent": int(match.group("value")),
                "range_low": int(match.group("low")),
                "range_high": int(match.group("high")),
                "range_label": header[1].strip() if len(header) > 1 else None,
                **provenance(report, match.start(), match.end()),
            }
        )
    return rows


EXTRACTOR = register(Extractor("outcome_scores", COLUMNS, extract_outcome_scores))
