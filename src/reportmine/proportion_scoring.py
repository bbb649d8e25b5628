"""Score the prose-proportions extractor against a gold *sample* of proportions.

Gold items carry a 1-based line of the corpus *file*; extracted rows carry offsets into the
*normalised* text. Both are put on the file's lines by searching their text, squashed to
lower-case letters and digits, in the squashed file (so re-wrapping, hyphenation and quote
styles do not matter). The gold is a sample: precision is taken over rows in sentences the
gold looked at.
"""

from __future__ import annotations

import bisect
import re
from functools import cache
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from reportmine.extract.proportions import extract_proportions
from reportmine.model import Report

VALUE_TOLERANCE = 0.011
LINE_TOLERANCE = 3
SENTENCE_SIMILARITY = 85


def _squash(text: str) -> tuple[str, list[int]]:
    """Lower-case letters and digits of ``text``, and the offset each one came from."""
    chars, offsets = [], []
    for i, ch in enumerate(text):
        if ch.isascii() and ch.isalnum():
            chars.append(ch.lower())
            offsets.append(i)
    return "".join(chars), offsets


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


class _SourceLines:
    """Where text of a report sits in its source file, by 1-based line number."""

    def __init__(self, path: str | Path) -> None:
        raw = Path(path).read_text("utf-8", errors="replace")
        self.squashed, self.offsets = _squash(raw)
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", raw)]

    def line(self, squashed_index: int) -> int:
        offset = self.offsets[min(squashed_index, len(self.offsets) - 1)]
        return bisect.bisect_right(self.line_starts, offset)

    def find_all(self, key: str) -> list[int]:
        hits, i = [], self.squashed.find(key)
        while key and i >= 0:
            hits.append(i)
            i = self.squashed.find(key, i + 1)
        return hits

    def lines_of(self, before: str, text: str, after: str) -> list[int]:
        """Candidate lines where ``text`` starts, located with some context either side."""
        sq_text = _squash(text)[0]
        for width in (40, 20, 8):
            sq_before = _squash(before)[0][-width:]
            hits = self.find_all(sq_before + sq_text)
            if hits:
                return [self.line(h + len(sq_before)) for h in hits]
            sq_after = _squash(after)[0][:width]
            hits = self.find_all(sq_text + sq_after)
            if hits:
                return [self.line(h) for h in hits]
        return []

    def sentence_lines(self, sentence: str, near: int) -> tuple[int, int] | None:
        """First and last line of ``sentence`` at its occurrence nearest line ``near``."""
        key = _squash(sentence)[0]
        hits = self.find_all(key)
        if hits:
            best = min(hits, key=lambda h: abs(self.line(h) - near))
            return self.line(best), self.line(best + len(key) - 1)
        # OCR damage or a footnote marker inside the sentence: align fuzzily near the line
        lo = bisect.bisect_left(self.offsets, self.line_starts[max(0, near - 15)])
        hi_line = min(len(self.line_starts) - 1, near + 15)
        hi = bisect.bisect_left(self.offsets, self.line_starts[hi_line])
        window = self.squashed[lo:hi]
        if not window:
            return None
        al = fuzz.partial_ratio_alignment(key, window)
        if al is None or al.score < 85:
            return None
        return self.line(lo + al.dest_start), self.line(lo + max(al.dest_start, al.dest_end - 1))


@cache
def _source(path: str) -> _SourceLines:
    return _SourceLines(path)


def _anchors(report: Report, source: _SourceLines) -> tuple[list[int], list[int]]:
    """Each block of the report aligned, in reading order, to where it starts in the file."""
    starts, positions, pointer = [], [], 0
    for line in report.lines:
        key = _squash(report.text[line.start : line.end])[0][:40]
        if len(key) < 15:
            continue
        found = source.squashed.find(key, pointer)
        if found < 0:
            continue
        starts.append(line.start)
        positions.append(found)
        pointer = found + 1
    return starts, positions


def _row_lines(
    report: Report, row: dict[str, Any], source: _SourceLines, anchors: tuple[list[int], list[int]]
) -> list[int]:
    """The file line where the row's expression starts (found after its block's anchor)."""
    start, end = row["char_start"], row["char_end"]
    text = report.text
    starts, positions = anchors
    k = bisect.bisect_right(starts, start) - 1
    if k >= 0:
        before = _squash(text[starts[k] : start])[0]
        key = _squash(text[start:end] + text[end : end + 40])[0]
        lo = positions[k] + max(0, len(before) - 200)
        found = source.squashed.find(key, lo, positions[k] + len(before) + len(key) + 400)
        if found >= 0:
            return [source.line(found)]
        return [source.line(positions[k] + len(before))]
    return source.lines_of(text[max(0, start - 80) : start], text[start:end], text[end : end + 80])


def score_proportions(
    report: Report, gold_items: list[dict[str, Any]], rows: list[dict[str, Any]] | None = None
) -> tuple[float, float, list[dict[str, Any]], list[dict[str, Any]]]:
    """(precision, recall, misses, false_positives) of the extractor against a gold sample.

    * A gold item is **found** when an extracted row's expression lies in the gold sentence's
      region (the gold sentence located in the source file, near the gold line, with the row's
      own line within ``LINE_TOLERANCE`` lines of the gold line and its sentence similar to the
      gold sentence), the value ranges agree within ``VALUE_TOLERANCE`` and the role equals
      the gold ``kind``. Each row matches at most one gold item.
    * **Precision** is taken over rows whose sentence is a gold sentence (the gold is a
      sample; rows in sentences it never looked at count neither way): the share of them that
      match a gold item.
    """
    rows = extract_proportions(report) if rows is None else rows
    source = _source(report.source_path)
    anchors = _anchors(report, source)
    row_lines = [_row_lines(report, row, source, anchors) for row in rows]

    regions = []
    for item in gold_items:
        span = source.sentence_lines(item["sentence"], item["line"])
        lo, hi = span if span else (item["line"] - LINE_TOLERANCE, item["line"] + LINE_TOLERANCE)
        regions.append((min(lo, item["line"]) - 1, max(hi, item["line"]) + 1))

    def in_sentence(r: int, g: int) -> bool:
        lo, hi = regions[g]
        if not any(lo <= line <= hi for line in row_lines[r]):
            return False
        gold_sentence, row = _norm(gold_items[g]["sentence"]), rows[r]
        similar = fuzz.partial_ratio(gold_sentence, _norm(row["sentence"])) >= SENTENCE_SIMILARITY
        expression = _norm(row["expression"])
        contained = (
            expression in gold_sentence or fuzz.partial_ratio(expression, gold_sentence) >= 85
        )
        return similar and contained

    def agrees(r: int, g: int) -> bool:
        row, item = rows[r], gold_items[g]
        return (
            abs(row["value_low"] - item["value_low"]) <= VALUE_TOLERANCE
            and abs(row["value_high"] - item["value_high"]) <= VALUE_TOLERANCE
            and row["role"] == item["kind"]
            and any(abs(line - item["line"]) <= LINE_TOLERANCE for line in row_lines[r])
        )

    membership = {
        (r, g) for r in range(len(rows)) for g in range(len(gold_items)) if in_sentence(r, g)
    }
    candidates = []
    for r, g in membership:
        if agrees(r, g):
            text_sim = fuzz.ratio(_norm(rows[r]["expression"]), _norm(gold_items[g]["text"]))
            distance = min(abs(line - gold_items[g]["line"]) for line in row_lines[r])
            candidates.append((-text_sim, distance, r, g))
    matched_rows: dict[int, int] = {}
    matched_gold: set[int] = set()
    for _sim, _dist, r, g in sorted(candidates):
        if r not in matched_rows and g not in matched_gold:
            matched_rows[r] = g
            matched_gold.add(g)

    in_gold_sentences = {r for r, _g in membership}
    false_positives = [
        {**_brief(rows[r]), "lines": row_lines[r]}
        for r in sorted(in_gold_sentences - set(matched_rows))
    ]
    misses = []
    for g, item in enumerate(gold_items):
        if g in matched_gold:
            continue
        near = [_brief(rows[r]) for r, gg in membership if gg == g]
        misses.append({**item, "candidates": near})
    precision = (
        (len(in_gold_sentences & set(matched_rows)) / len(in_gold_sentences))
        if in_gold_sentences
        else 1.0
    )
    recall = len(matched_gold) / len(gold_items) if gold_items else 1.0
    return precision, recall, misses, false_positives


def _brief(row: dict[str, Any]) -> dict[str, Any]:
    keys = ("expression", "value_low", "value_high", "hedge", "role", "of", "sentence")
    return {k: row[k] for k in keys}
