"""Key questions: ``2.1.1 Does assessment focus sufficiently on ...? 77%`` in the results annex.

OCR damage is repaired where it is certain (``6204`` is ``62%``: the ``%`` read as ``04``;
stray marks such as ``0,`` or ``(0]`` are dropped) and flagged where it is not: a value that
cannot be right under the standard's published rating is kept with ``suspect=True`` and a
reason, never silently changed.
"""

from __future__ import annotations

import re

from reportmine.extract.base import Extractor, Row, memoised, provenance, register
from reportmine.extract.ratings import consolidated, extract_ratings
from reportmine.extract.vocab import band_index, framework
from reportmine.model import Report

COLUMNS = (
    "code",
    "standard_code",
    "question",
    "percent_yes",
    "sub_sample",
    "footnote_refs",
    "raw_value",
    "repair",
    "suspect",
    "suspect_reason",
    "standard_rating",
    "confidence",
)
_QUESTION_START = r"(?:Does|Do|Is|Are|Has|Have|How|To what extent|Was|Were|Did|Can)\b"
# "(?<![\d.])\d" is written "\d(?<![\d.]\d)": a pattern that starts with a digit lets the
# regex engine skip ahead to the next digit, one that starts with a lookbehind tries every
# position of the report (three times as slow on a whole text).
_KQ = re.compile(r"(?P<code>\d(?<![\d.]\d)\d?\.\d{1,2}\.\d{1,2})\.?\s*(?=" + _QUESTION_START + ")")
# An item ends at the next key question, standard line, domain line or footnote line.
_ITEM_END = re.compile(
    r"(?<![\d.])\d{1,2}\.\d{1,2}\.\d{1,2}\.?\s*"
    + _QUESTION_START
    + r"|\n\d{1,2}\.\d{1,2}\.?\s*[A-Z]|\n\d{1,2}\.\s+[A-Z]"
    + r"|\n\d{1,2}\s+(?:[Pp]lease note|[Ii]n arriving)"
    + r"|\n\s*Please note|\n(?:Annex|Appendix)\b"
)
_PERCENT = re.compile(r"(?<![\d.,])(?P<value>\d{1,3})\s?%")
_OCR_PERCENT = re.compile(r"(?<![\d.,])(?P<value>\d{1,2})04(?![\d%])")
_SUB_SAMPLE = re.compile(
    r"questions?\s+(?P<codes>(?:\d{1,2}\.\d{1,2}\.\d{1,2}(?:\s*,\s*|\s+and\s+|\s*&\s*)?)+)"
    r"[^.]{0,120}?sub-?\s?sample",
    re.IGNORECASE,
)
_CODE = re.compile(r"\d{1,2}\.\d{1,2}\.\d{1,2}")
_JUNK_TOKEN = re.compile(r"^[^A-Za-z’']+$")


@memoised
def extract_key_questions(report: Report) -> list[Row]:
    regions = [(s.heading_end, s.end) for s in report.sections if s.kind == "inspection_results"]
    if not regions:
        regions = [(0, len(report.text))]
    sub_sample = _sub_sample_codes(report.text)
    ratings = consolidated(extract_ratings(report))
    rows: list[Row] = []
    seen: set[str] = set()
    for start, end in regions:
        for match in _KQ.finditer(report.text, start, end):
            code = match.group("code")
            if code in seen:
                continue
            item_end = _item_end(report.text, match.end(), end)
            row = _item(report, code, match.start(), match.end(), item_end, sub_sample, ratings)
            if row is not None:
                seen.add(code)
                rows.append(row)
    return rows


def _item_end(text: str, start: int, limit: int) -> int:
    nxt = _ITEM_END.search(text, start, limit)
    return min(nxt.start() if nxt else limit, start + 600)


def _item(
    report: Report,
    code: str,
    start: int,
    body_start: int,
    end: int,
    sub_sample: set[str],
    ratings: dict[str, str],
) -> Row | None:
    body = report.text[body_start:end]
    value, raw, repair, value_span = _value(body)
    question = _question(body, value_span)
    if not question.endswith("?") and value is None:
        return None
    standard_code = ".".join(code.split(".")[:2])
    standard_rating = ratings.get(standard_code)
    suspect, reason = _suspect(value, standard_rating)
    refs = [r.label for r in report.footnotes_in(start, end)]
    confidence = 1.0 if not repair else 0.9
    if suspect:
        confidence = 0.4
    return {
        "code": code,
        "standard_code": standard_code,
        "question": question,
        "percent_yes": value,
        "sub_sample": code in sub_sample,
        "footnote_refs": refs,
        "raw_value": raw,
        "repair": repair,
        "suspect": suspect,
        "suspect_reason": reason,
        "standard_rating": standard_rating,
        "confidence": confidence,
        **provenance(report, start, end),
    }


def _value(body: str) -> tuple[int | None, str | None, str, tuple[int, int] | None]:
    """The first percentage in the item: ``62%``, else OCR's ``6204``."""
    clean = _PERCENT.search(body)
    ocr = _OCR_PERCENT.search(body)
    if clean and (not ocr or clean.start() < ocr.start()):
        return int(clean.group("value")), clean.group(0), "", clean.span()
    if ocr:
        return int(ocr.group("value")), ocr.group(0), "percent sign read as 04 by OCR", ocr.span()
    return None, None, "", None


def _question(body: str, value_span: tuple[int, int] | None) -> str:
    if value_span:
        body = body[: value_span[0]] + " " + body[value_span[1] :]
    tokens = [t for t in body.split() if not _JUNK_TOKEN.match(t) or t in {"–", "-"}]
    text = " ".join(tokens)
    text = re.sub(r"’'|'’", "’", text)
    mark = text.find("?")
    if mark >= 0:
        return text[: mark + 1]
    return text.strip(" .")


def _suspect(value: int | None, rating: str | None) -> tuple[bool, str]:
    if value is None:
        return True, "no percentage found for this key question"
    if value > 100:
        return True, f"{value}% is over 100%"
    if rating is None:
        return False, ""
    band = framework().band(value)
    if band_index(band) - band_index(rating) >= 2:
        return (
            True,
            f"{value}% falls in the {band} band, two or more bands below the standard's "
            f"published rating ({rating}); a digit was probably lost in conversion",
        )
    return False, ""


def _sub_sample_codes(text: str) -> set[str]:
    codes: set[str] = set()
    for match in _SUB_SAMPLE.finditer(text):
        codes.update(_CODE.findall(match.group("codes")))
    return codes


EXTRACTOR = register(Extractor("key_questions", COLUMNS, extract_key_questions))
